"""The worker makes every rendition a published page shows (the page, its card, its
speakers' photos, the API), so that no visitor's request has to make one."""

import wagtail_factories
from django.core.cache import caches
from wagtail.images.models import Rendition


def publish(page, django_capture_on_commit_callbacks, **fields) -> None:
    page = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_no_request_makes_a_rendition_once_the_worker_has_run(
    client, upcoming_session, run_worker, django_capture_on_commit_callbacks
):
    # Wagtail's rendition cache outlives each test's rolled-back rows (and image ids
    # are reused): the worker would find them there and make none.
    caches["renditions"].clear()
    series = upcoming_session.get_parent().specific
    # The brand logo (a site setting, not a page) is made on its first view.
    assert client.get("/nb/").status_code == 200
    speakers = [item.speaker for item in upcoming_session.session_speakers.all()]
    assert any(speaker.photo_id for speaker in speakers)
    for page in (upcoming_session, series):
        image = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
        publish(page, django_capture_on_commit_callbacks, hero_image=image)
    run_worker()
    made_by_the_worker = Rendition.objects.count()
    for url in [
        "/nb/",
        upcoming_session.url,
        series.url,
        f"/api/v3/series/sessions/{upcoming_session.pk}/",
        "/api/v3/series/sessions/?locale=nb",
        "/api/v3/series/?locale=nb",
    ]:
        assert client.get(url).status_code == 200, url
    made = Rendition.objects.order_by("pk")[made_by_the_worker:]
    assert [(r.image.title, r.filter_spec) for r in made] == []
