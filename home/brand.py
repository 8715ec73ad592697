"""The brand every page shows (site name, colour, logo, accessibility statement),
read once per content version instead of three to five queries per request.

The content version (`series.read.versions`) moves with every publish; a saved
brand setting or site, and a new file for the logo, move it here."""

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from wagtail.images import get_image_model
from wagtail.models import Site

from series.read.fragments import kept
from series.read.versions import content_changed_now_and_on_commit

from .models import BrandSettings

LOGO_SPEC = "height-80|format-webp"


def brand(request: HttpRequest | None) -> dict:
    """What the base template shows of the brand, as plain values (`request` is
    None where a page is rendered without one, as for a server error)."""
    return kept(request, "brand", [], lambda: _read(request))


def _read(request: HttpRequest | None) -> dict:
    if request is None:
        site = Site.objects.filter(is_default_site=True).first()
        settings = BrandSettings.for_site(site) if site else BrandSettings()
    else:
        site = Site.find_for_request(request)
        settings = BrandSettings.for_request(request)
    logo = None
    if settings.logo:
        rendition = settings.logo.get_rendition(LOGO_SPEC)
        logo = {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
        }
    statement = settings.accessibility_statement
    statement = statement.localized if statement else None
    if statement is not None and statement.live:
        statement = {"url": statement.get_url(request), "title": statement.title}
    else:
        statement = None
    return {
        "site_name": (site.site_name if site else "") or "SoTalk",
        "brand_colour": settings.brand_colour,
        "style": settings.style,
        "logo": logo,
        "statement": statement,
    }


def _changed(sender, **kwargs) -> None:
    content_changed_now_and_on_commit()


def _image_changed(sender, instance, **kwargs) -> None:
    if BrandSettings.objects.filter(logo_id=instance.pk).exists():
        content_changed_now_and_on_commit()


def connect() -> None:
    for model in (BrandSettings, Site):
        post_save.connect(_changed, sender=model, dispatch_uid=f"brand-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"brand-d-{model}")
    post_save.connect(_image_changed, sender=get_image_model(), dispatch_uid="brand-i")
