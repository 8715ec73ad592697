"""Template tags for discovery: share cards, JSON-LD, calendar and feed links."""

from django import template
from django.utils.safestring import SafeString

from ..http.security import csp_hash_add
from ..models import registration_state
from ..models.translations import live_translations
from ..read.fragments import kept
from ..read.sessions import page_url
from ..seo.discovery import (
    ShareCard,
    event_jsonld,
    google_calendar_url,
    jsonld_script,
    share_card,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def page_share_card(context, page) -> ShareCard | None:
    request = context.get("request")
    if request is None or not getattr(page, "pk", None):
        return None
    # Built once per request: the JSON-LD of a session reuses its image.
    cards = request.__dict__.setdefault("_series_share_cards", {})
    if page.pk not in cards:

        def build() -> ShareCard:
            languages = [
                translation.locale.language_code
                for translation in live_translations(page, request)
            ]
            return share_card(page, request, languages)

        # Only a publish changes it (its alternates are the live translations).
        cards[page.pk] = kept(request, "share-card", [page.pk], build)
    return cards[page.pk]


@register.simple_tag(takes_context=True)
def session_jsonld(context, page) -> SafeString:
    """The session's schema.org Event, reusing what the page's context has loaded."""
    request = context["request"]
    state = context.get("registration_state") or registration_state(page)

    def build() -> SafeString:
        speakers = context.get("session_speakers")
        if speakers is None:
            speakers = list(page.get_speakers())
        card = page_share_card(context, page)
        data = event_jsonld(
            page,
            request=request,
            speakers=speakers,
            state=state,
            image_url=card.image.url if card and card.image else "",
        )
        return jsonld_script(data)

    # Kept per publish and per what the offer shows of the state (no seat count).
    opens = state.opens_at.isoformat() if state.opens_at else ""
    script = kept(request, "event-jsonld", [page.pk, state.state, opens], build)
    # The Content-Security-Policy allows this one inline block by its hash.
    csp_hash_add(request, script[script.index(">") + 1 : script.rindex("</script>")])
    return script


@register.simple_tag(takes_context=True)
def google_calendar_link(context, page) -> str:
    return google_calendar_url(page, context["request"])


@register.simple_tag(takes_context=True)
def page_file_url(context, page, name: str) -> str:
    """A file beside a page, e.g. `{% page_file_url page "calendar.ics" %}`."""
    url = page.get_url(context.get("request")) or ""
    return f"{url.rstrip('/')}/{name}"


@register.simple_tag(takes_context=True)
def absolute_page_url(context, page) -> str:
    return page_url(page, context.get("request"))
