from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # checks registers the deployment checks as it is imported.
        from . import brand, checks, workflow_names  # noqa: F401

        workflow_names.connect()
        brand.connect()
