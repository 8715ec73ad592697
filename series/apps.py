from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    """Talk and webinar series for Wagtail: pages, speakers, registration and API."""

    name = "series"
    verbose_name = _("Series")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the receivers; mount the API before the host builds its URLs.
        from . import conf
        from .domain import receivers  # noqa: F401
        from .models.topics import add_goals
        from .read import renditions, versions  # noqa: F401

        # After every migrate and every test flush, as Django does for permissions.
        post_migrate.connect(add_goals, sender=self)

        if conf.get("API_REGISTER"):
            from .api.mount import register_api

            register_api()
