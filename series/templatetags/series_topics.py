"""Tags for topics and goals: the goal vocabulary in the page language, links to
the listing of a topic or a goal, and what a page is about."""

from django import template
from django.urls import reverse

from ..models import GOAL_NAMES
from ..models.topics import attach_topics

register = template.Library()


@register.simple_tag
def goal_choices() -> list[tuple[int, str]]:
    """(number, short name) of the 17 goals, in the active language."""
    return [(number, str(name)) for number, name in GOAL_NAMES.items()]


@register.simple_tag
def goal_name(number: int) -> str:
    return str(GOAL_NAMES.get(number, ""))


@register.simple_tag
def topic_url(topic) -> str:
    return reverse("series:topic", kwargs={"slug": topic.slug})


@register.simple_tag
def goal_url(number: int) -> str:
    return reverse("series:goal", kwargs={"number": number})


@register.simple_tag
def page_tags(page) -> dict:
    """The topics (in the page's locale) and goals of a session or series page."""
    if not getattr(page, "pk", None):
        return {"topics": [], "goals": []}
    if not hasattr(page, "shown_topics"):
        attach_topics([page])
    return {"topics": page.shown_topics, "goals": list(page.goals.all())}


@register.simple_tag(takes_context=True)
def card_topics(context, session) -> list:
    """A session card's topics, in the card's language. The first card of a list
    (`cards`, from `with_registration_states`) attaches them to the whole list at
    once, so a list of any length costs the same few queries."""
    if not hasattr(session, "shown_topics"):
        listed = [card[0] for card in context.get("cards") or ()]
        attach_topics(listed if any(s is session for s in listed) else [session])
    return session.shown_topics
