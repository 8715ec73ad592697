"""Every user-facing string has a Norwegian translation: `makemessages` is run into a
copy of the project, so the catalogue in git is compared with the code as it is now."""

import re
import shutil
import tempfile
from contextlib import chdir
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

# Not copied: they hold no source of ours, or are big.
NOT_COPIED = [
    ".*",
    "__pycache__",
    "*.sqlite3*",
    "media",
    "static",
    "node_modules",
    "test-artifacts",
]
# As `make messages`, and the tests, whose strings users never see.
NOT_SCANNED = ["static", "tests", "node_modules", "test-artifacts"]

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
    reason="makemessages needs GNU gettext (apt-get install gettext)",
)


def untranslated_messages(project: Path, language: str = "nb") -> list[str]:
    """Messages of `project` that its catalogue for `language` lacks or marks fuzzy."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(*NOT_COPIED))
        with override_settings(LOCALE_PATHS=[copy / "locale"]), chdir(copy):
            call_command(
                "makemessages",
                locale=[language],
                ignore_patterns=NOT_SCANNED,
                no_obsolete=True,
                verbosity=0,
            )
        missing = []
        for path in sorted(copy.glob(f"**/locale/{language}/LC_MESSAGES/*.po")):
            for entry in polib.pofile(str(path)):
                if not entry.obsolete and not entry.translated():
                    where = entry.occurrences[0][0] if entry.occurrences else "?"
                    state = "fuzzy" if entry.fuzzy else "untranslated"
                    missing.append(f"{state}: {entry.msgid!r} ({where})")
        return missing


@needs_gettext
def test_every_message_has_a_norwegian_translation():
    missing = untranslated_messages(Path(settings.BASE_DIR))
    assert not missing, (
        f"{len(missing)} message(s) lack a Norwegian translation in "
        "locale/nb/LC_MESSAGES/django.po (run `make messages`, translate, "
        "remove the fuzzy flags):\n" + "\n".join(missing)
    )


@needs_gettext
def test_the_check_finds_new_and_fuzzy_messages_and_accepts_translated_ones(
    tmp_path,
):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}{% translate "Register here" %}'
        "{% blocktranslate count n=2 %}{{ n }} seat{% plural %}{{ n }} seats"
        "{% endblocktranslate %}"
    )
    catalogue = tmp_path / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    )
    assert len(untranslated_messages(tmp_path)) == 2

    po = polib.pofile(str(catalogue))
    po.append(polib.POEntry(msgid="Register here", msgstr="Meld deg på her"))
    po.append(
        polib.POEntry(
            msgid="%(n)s seat",
            msgid_plural="%(n)s seats",
            msgstr_plural={0: "%(n)s plass", 1: "%(n)s plasser"},
            flags=["python-format"],
        )
    )
    po.save()
    assert untranslated_messages(tmp_path) == []

    po = polib.pofile(str(catalogue))
    po.find("Register here").flags.append("fuzzy")
    po.save()
    assert untranslated_messages(tmp_path) == [
        "fuzzy: 'Register here' (templates/page.html)"
    ]


GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"


def forbidden_variants(glossary: Path = GLOSSARY) -> dict[str, str]:
    """The glossary's "not" column: each variant, with the word to use instead."""
    variants = {}
    for line in glossary.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("concept", "---"):
            continue
        for variant in filter(None, (v.strip() for v in cells[3].split(","))):
            variants[variant] = cells[1]
    return variants


def test_the_glossary_lists_forbidden_variants():
    variants = forbidden_variants()
    assert variants["økt"] == "arrangement"
    assert variants["melde seg av"] == "melde av, avmeldt"


def test_norwegian_translations_use_the_glossary_terms():
    variants = forbidden_variants()
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, variants)) + r")\b", re.IGNORECASE
    )
    offending = []
    catalogue = Path(settings.BASE_DIR) / "locale/nb/LC_MESSAGES/django.po"
    for entry in polib.pofile(str(catalogue)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            for found in pattern.findall(text):
                use = variants.get(found.lower(), "?")
                offending.append(f"{found!r} (use {use}) in {text!r}")
    assert not offending, "Words the glossary rules out:\n" + "\n".join(offending)
