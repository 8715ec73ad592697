"""Dates, times and language names for any locale, by Babel (CLDR), in the series'
time zone; a few languages keep a house style that CLDR does not give."""

import zoneinfo
from datetime import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import format_interval
from babel.dates import format_time as babel_time
from django.utils import timezone, translation
from django.utils.translation import gettext

# (date, time, joiner) as CLDR patterns. Språkrådet writes "kl. 09.00"; British
# English has no comma after the weekday.
HOUSE_STYLE = {
    "nb": ("EEEE d. MMMM y", "HH.mm", " 'kl'. "),
    "en": ("EEEE d MMMM y", "HH:mm", ", "),
}


def babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def _house_style(language: str) -> tuple[str, str, str] | None:
    return HOUSE_STYLE.get(language.split("-")[0].lower())


def format_date(value: datetime, tz: zoneinfo.ZoneInfo, language: str) -> str:
    """E.g. 'torsdag 28. oktober 2021'."""
    local = timezone.localtime(value, tz)
    style = _house_style(language)
    return babel_date(local, style[0] if style else "full", babel_locale(language))


def format_time(value: datetime, tz: zoneinfo.ZoneInfo, language: str) -> str:
    local = timezone.localtime(value, tz)
    style = _house_style(language)
    pattern = style[1] if style else "short"
    return babel_time(local, pattern, tzinfo=tz, locale=babel_locale(language))


def format_datetime(value: datetime, tz: zoneinfo.ZoneInfo, language: str) -> str:
    """E.g. 'torsdag 28. oktober 2021 kl. 09.00'."""
    style = _house_style(language)
    joiner = style[2].replace("'", "") if style else " "
    return (
        f"{format_date(value, tz, language)}{joiner}{format_time(value, tz, language)}"
    )


def format_session_time(
    starts_at: datetime, ends_at: datetime, tz: zoneinfo.ZoneInfo, language: str
) -> str:
    """E.g. 'torsdag 28. oktober 2021 kl. 09.00–10.15' (nb).

    In English: 'Thursday 28 October 2021, 09:00–10:15'.

    A session that ends on another day names both days in full.
    """
    start = timezone.localtime(starts_at, tz)
    end = timezone.localtime(ends_at, tz)
    if start.date() != end.date():
        return (
            f"{format_datetime(start, tz, language)} – "
            f"{format_datetime(end, tz, language)}"
        )
    style = _house_style(language)
    if style:
        joiner = style[2].replace("'", "")
        times = f"{format_time(start, tz, language)}–{format_time(end, tz, language)}"
        return f"{format_date(start, tz, language)}{joiner}{times}"
    times = format_interval(start, end, "Hm", tzinfo=tz, locale=babel_locale(language))
    return f"{format_date(start, tz, language)} {times}"


def time_zone_name(value: datetime, tz: zoneinfo.ZoneInfo) -> str:
    """The abbreviation in force at that moment (CET or CEST), as calendars print it."""
    return timezone.localtime(value, tz).tzname() or str(tz)


def language_name(code: str, in_language: str) -> str:
    """'engelsk' for ('en', 'nb'); the code itself where CLDR has no name."""
    return babel_locale(in_language).languages.get(code.replace("-", "_"), code)


def held_in_label(code: str, in_language: str) -> str:
    """'Holdes på engelsk' / 'Held in English'; empty without a language."""
    if not code:
        return ""
    name = language_name(code, in_language)
    with translation.override(in_language):
        return gettext("Held in %(language)s") % {"language": name}
