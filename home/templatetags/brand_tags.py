from django import template

from ..brand import brand as read_brand

register = template.Library()


@register.simple_tag(takes_context=True)
def brand(context) -> dict:
    """The site's brand for the base template (`home.brand`)."""
    return read_brand(context.get("request"))
