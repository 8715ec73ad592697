"""Who speaks in the app's e-mails, feeds and calendars: from settings, else the
host's Wagtail Site."""

from email.utils import formataddr, parseaddr

from django.conf import settings
from wagtail.models import Site

from .. import conf


def brand_name() -> str:
    """SERIES_BRAND_NAME, else the default Site's name."""
    if conf.get("BRAND_NAME"):
        return conf.get("BRAND_NAME")
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return site.site_name if site and site.site_name else ""


def organizer_name() -> str:
    return conf.get("ORGANIZER_NAME") or brand_name()


def sender() -> str:
    """SERIES_FROM_EMAIL, else DEFAULT_FROM_EMAIL with the brand as its name."""
    if conf.get("FROM_EMAIL"):
        return conf.get("FROM_EMAIL")
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name or brand_name(), address))


def reply_to(series) -> list[str]:
    """Replies go to the series' organiser, when the series names one."""
    if series is None or not series.organiser_email:
        return []
    return [formataddr((series.organiser_name, series.organiser_email))]
