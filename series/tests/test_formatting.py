"""Dates for any content language by Babel, with the house style of nb and en."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from series.formatting import format_session_time, held_in_label

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2021, 10, 28, 7, 0, tzinfo=UTC)
END = datetime(2021, 10, 28, 8, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "torsdag 28. oktober 2021 kl. 09.00–10.15"),
        ("en", "Thursday 28 October 2021, 09:00–10:15"),
        ("nn", "torsdag 28. oktober 2021 09:00–10:15"),
        ("de", "Donnerstag, 28. Oktober 2021 09:00–10:15 Uhr"),
    ],
)
def test_session_time_in_each_language(language, expected):
    assert format_session_time(START, END, OSLO, language) == expected


def test_held_in_names_the_language_in_the_readers_language(settings):
    assert held_in_label("en", "en") == "Held in English"
    assert held_in_label("en", "nb") == "Holdes på engelsk"
    assert held_in_label("nb", "nn") == "Holdes på norsk bokmål"
    assert held_in_label("", "en") == ""
