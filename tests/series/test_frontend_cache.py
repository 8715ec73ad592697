import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

pytestmark = pytest.mark.django_db

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """Stands in for the CDN, which is not on this machine."""

    def purge(self, url: str) -> None:
        PURGED.append(url)


def test_publishing_purges_the_page_in_the_cdn(settings, nb_session, run_worker):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "tests.series.test_frontend_cache.RecordingBackend"}
    }
    PURGED.clear()
    nb_session.save_revision().publish()
    run_worker()  # Wagtail purges through the task queue
    assert any(url.endswith(nb_session.url) for url in PURGED), PURGED
