"""Workflow and task names in the admin's language.

A workflow's name is data, written once: Wagtail's own default workflow and its task
are both called "Moderators approval". The names this project knows are kept in the
database as their English text and shown in the language of whoever reads them; a
name saved in any of its translations is stored as the English text again, so the
next reader sees it in their own language. A name staff write themselves is shown as
they wrote it.
"""

from django.conf import settings
from django.db.models.signals import post_init, pre_save
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from wagtail.models import Task, Workflow

KNOWN_NAMES = [gettext_noop("Moderators approval")]


def _in_every_language() -> dict[str, str]:
    """Each translation of the known names, mapped to the name it translates."""
    found = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            found.update({gettext(known): known for known in KNOWN_NAMES})
    return found


def show_in_active_language(sender, instance, **kwargs) -> None:
    if instance.name in KNOWN_NAMES:
        instance.name = gettext(instance.name)


def store_as_written_once(sender, instance, **kwargs) -> None:
    instance.name = _in_every_language().get(instance.name, instance.name)


def connect() -> None:
    """For workflows and every kind of task (each is its own model)."""
    models = [Workflow, Task, *_subclasses(Task)]
    for model in models:
        post_init.connect(show_in_active_language, sender=model)
        pre_save.connect(store_as_written_once, sender=model)


def _subclasses(model: type) -> list[type]:
    return [
        sub for child in model.__subclasses__() for sub in (child, *_subclasses(child))
    ]
