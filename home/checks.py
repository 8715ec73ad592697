"""Deployment checks of the site's own configuration (`manage.py check --deploy`)."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def webhook_secret_check(app_configs, **kwargs) -> list[Error]:
    """The ESP's tracking webhook changes delivery status: it must not take
    unauthenticated posts."""
    if not apps.is_installed("anymail"):
        return []
    if getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
        return []
    return [
        Error(
            "ANYMAIL_WEBHOOK_SECRET is not set, so /anymail/<esp>/tracking/ accepts "
            "posts from anyone.",
            hint="Set ANYMAIL_WEBHOOK_SECRET=user:password in the environment and "
            "give the same credentials to the ESP's webhook.",
            id="home.E001",
        )
    ]
