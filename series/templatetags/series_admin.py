from django import template

from ..admin.attendance import no_show_rate as rate_of
from ..admin.listing import session_badge as badge_for

register = template.Library()


@register.simple_tag
def session_badge(page):
    return badge_for(page)


@register.filter
def no_show_rate(figures):
    return rate_of(figures)
