from django import template

from ..admin.listing import session_badge as badge_for

register = template.Library()


@register.simple_tag
def session_badge(page):
    return badge_for(page)
