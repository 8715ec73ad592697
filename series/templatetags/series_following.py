"""Tags for following a series: its form on the series page."""

from django import template
from django.utils.translation import get_language

from ..domain.follow_form import FollowForm

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_form_for(context, series) -> FollowForm:
    """The form the context has (with a visitor's input and errors), else a new one
    with the page's language chosen."""
    form = context.get("follow_form")
    if form is None:
        form = FollowForm(series=series, language=get_language())
    return form
