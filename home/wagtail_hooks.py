"""Admin menu labels that Wagtail and wagtail-localize translate once, when the menu
is first built, in the language of whoever asked first: here they follow each user."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.utils.version import get_main_version


def _whats_new_label() -> str:
    version = get_main_version(include_patch=False)
    return gettext("What's new in Wagtail %(version)s") % {"version": version}


translations_label = lazy(gettext, str)("Translations")
whats_new_label = lazy(_whats_new_label, str)()


def _relabel(menu_items: list[MenuItem]) -> None:
    for item in menu_items:
        # The names come from the labels, so they are in that first language too.
        if item.url.endswith("/localize/reports/translations/"):
            item.label = translations_label
        elif item.name.startswith("whats-new-in-wagtail-"):
            item.label = whats_new_label


@hooks.register("construct_reports_menu")
def translate_reports_menu(request, menu_items) -> None:
    _relabel(menu_items)


@hooks.register("construct_help_menu")
def translate_help_menu(request, menu_items) -> None:
    _relabel(menu_items)
