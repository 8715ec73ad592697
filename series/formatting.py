"""Session dates and times in the series' time zone, as each language writes them."""

import zoneinfo
from datetime import datetime

from django.utils import dateformat, timezone, translation

# (date, time, joiner between date and time); Django's date-format syntax.
FORMATS = {
    "nb": ("l j. F Y", "H.i", " \\k\\l. "),
    "en": ("l j F Y", "H:i", ", "),
}


def _formats(language: str) -> tuple[str, str, str]:
    return FORMATS.get(language.split("-")[0], FORMATS["en"])


def format_session_time(
    starts_at: datetime, ends_at: datetime, tz: zoneinfo.ZoneInfo, language: str
) -> str:
    """E.g. 'torsdag 28. oktober 2021 kl. 09.00–10.15' (nb).

    In English: 'Thursday 28 October 2021, 09:00–10:15'.

    A session that ends on another day names both days in full.
    """
    date_format, time_format, joiner = _formats(language)
    start = timezone.localtime(starts_at, tz)
    end = timezone.localtime(ends_at, tz)
    with translation.override(language):
        start_text = dateformat.format(start, date_format + joiner + time_format)
        if start.date() == end.date():
            return f"{start_text}–{dateformat.format(end, time_format)}"
        end_text = dateformat.format(end, date_format + joiner + time_format)
        return f"{start_text} – {end_text}"


def format_date(value: datetime, tz: zoneinfo.ZoneInfo, language: str) -> str:
    date_format, _time_format, _joiner = _formats(language)
    with translation.override(language):
        return dateformat.format(timezone.localtime(value, tz), date_format)


def format_datetime(value: datetime, tz: zoneinfo.ZoneInfo, language: str) -> str:
    date_format, time_format, joiner = _formats(language)
    with translation.override(language):
        return dateformat.format(
            timezone.localtime(value, tz), date_format + joiner + time_format
        )


def time_zone_name(value: datetime, tz: zoneinfo.ZoneInfo) -> str:
    """The abbreviation in force at that moment (CET or CEST), as calendars print it."""
    return timezone.localtime(value, tz).tzname() or str(tz)
