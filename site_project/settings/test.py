import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]

# A file, not memory: other connections, threads and processes must see the test database.
# TEST_DATABASE_NAME lets two suites run side by side on one machine.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_DATABASE_NAME", str(BASE_DIR / ".test-db.sqlite3"))
    }
elif os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
# Full text in each page's language on PostgreSQL; the database backend elsewhere.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "series.search_backend",
        "SEARCH_CONFIGS": {"nb": "norwegian", "en": "english"},
    }
}
# Most tests change data and read it back at once; the page cache has its own tests.
SERIES_PAGE_CACHE_SECONDS = 0
# Wagtail's editor autosaves a new page in the background; a browser test that clicks
# "Publish" meanwhile races it (the page exists twice: a slug error). Our journeys test
# our pages, not Wagtail's autosave, so the editor saves only when asked.
WAGTAIL_AUTOSAVE_INTERVAL = 0
