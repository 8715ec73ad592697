"""Read what a person sees on an admin page, and find interface strings left in the
wrong language there."""

import json
import re
from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import wagtail
import wagtail_localize
from django.conf import settings

# Their content is not read as text: code, drawings and editors' own content.
SKIPPED_ELEMENTS = {"script", "style", "svg", "noscript"}
# Read out or shown to people as they are.
READ_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "aria-description"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
ALSO_NORWEGIAN = {"for", "Ctrl", "Alt", "Shift", "Cmd", "Wagtail", "ID", "URL"}
TAG = re.compile(r"<[^>]*>")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sdif]|\{[a-z_]*\}")


def _json_strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        # A menu item's slug and a script's class name are not shown.
        data = [value for key, value in data.items() if key not in {"name", "_type"}]
    if isinstance(data, list):
        return [text for item in data for text in _json_strings(item)]
    return []


class _VisibleText(HTMLParser):
    """Text nodes and read-out attributes, and the strings in the JSON that the
    admin's scripts render (the sidebar, the translation editor)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.in_json = False
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and ("type", "application/json") in attrs:
            self.in_json = True
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        if self.skipping:
            return
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.texts.append(value)
            elif name == "data-props" and value:
                self.texts += _json_strings(json.loads(value))
            elif name == "value" and tag == "input" and ("type", "submit") in attrs:
                self.texts.append(value or "")

    def handle_startendtag(self, tag, attrs):
        if tag not in SKIPPED_ELEMENTS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skipping:
            self.skipping -= 1
        self.in_json = False

    def handle_data(self, data):
        if self.in_json:
            self.texts += _json_strings(json.loads(data))
        elif not self.skipping:
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    """Each text node and read-out attribute of `html`, whitespace collapsed."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    texts = (" ".join(text.split()) for text in parser.texts)
    return [text for text in texts if text]


def _catalogues(language: str) -> list[Path]:
    roots = [Path(wagtail.__file__).parent, Path(wagtail_localize.__file__).parent]
    return [
        path
        for root in roots
        for path in sorted(root.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))
    ]


def _pattern(message: str) -> str:
    parts = PLACEHOLDER.split(message)
    # Bounded, so that a short message such as "%(time)s by %(user)s" does not
    # match a whole paragraph of content.
    return ".{1,80}?".join(re.escape(part) for part in parts)


@cache
def wagtail_english_messages() -> dict[str, set[str]]:
    """The texts of Wagtail's and wagtail-localize's interface strings, in English,
    each with the messages it comes from."""
    messages = defaultdict(set)
    for path in _catalogues("en"):
        for entry in polib.pofile(str(path)):
            for message in (entry.msgid, entry.msgid_plural):
                # A page shows a message with markup as several texts.
                for piece in TAG.split(message or ""):
                    # Only placeholders, numbers, symbols or words Norwegian has
                    # too: no language to tell.
                    words = re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", piece))
                    if set(words) - ALSO_NORWEGIAN:
                        messages[" ".join(piece.split())].add(message)
    return messages


def _translated_keys(language: str) -> set[str]:
    """Messages that some catalogue Django uses for `language` translates."""
    from django.utils.translation import trans_real

    keys = set()
    catalog = trans_real.translation(language)._catalog
    for key in catalog.keys():  # noqa: SIM118 (Django's catalogue has no __iter__)
        message = key[0] if isinstance(key, tuple) else key
        keys.add(message.split("\x04", 1)[-1])
    return keys


@cache
def untranslated_pattern(language: str) -> re.Pattern:
    """Matches a whole text that is one of Wagtail's English strings which no
    catalogue translates into `language`, with anything in its placeholders."""
    translated = _translated_keys(language)
    patterns = [
        _pattern(text)
        for text, messages in wagtail_english_messages().items()
        if not messages <= translated
    ]
    # Longest first, so a longer message wins over a prefix of it.
    patterns.sort(key=len, reverse=True)
    return re.compile("(?:" + "|".join(patterns) + ")")


def untranslated_texts(html: str, language: str) -> list[str]:
    pattern = untranslated_pattern(language)
    return [text for text in visible_texts(html) if pattern.fullmatch(text)]


@cache
def norwegian_pattern() -> re.Pattern:
    """Matches a whole text that is a Norwegian translation (Wagtail's or ours) of
    an interface string, and not also English."""
    english = set(wagtail_english_messages())
    paths = [
        *_catalogues("nb"),
        Path(settings.BASE_DIR) / "locale/nb/LC_MESSAGES/django.po",
    ]
    texts = set()
    for path in paths:
        for entry in polib.pofile(str(path)):
            english.update(TAG.split(entry.msgid))
            for string in [entry.msgstr, *entry.msgstr_plural.values()]:
                if string and not entry.fuzzy:
                    texts.update(" ".join(p.split()) for p in TAG.split(string))
    patterns = [
        _pattern(text)
        for text in texts - english
        if re.search(r"[A-Za-zæøåÆØÅ]{3}", PLACEHOLDER.sub("", text))
    ]
    patterns.sort(key=len, reverse=True)
    return re.compile("(?:" + "|".join(patterns) + ")")


def norwegian_texts(html: str) -> list[str]:
    pattern = norwegian_pattern()
    return [text for text in visible_texts(html) if pattern.fullmatch(text)]
