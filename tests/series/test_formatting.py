import zoneinfo
from datetime import UTC, datetime

from series.formatting import format_session_time

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def test_demo_session_time_in_norwegian_and_english():
    starts = datetime(2021, 10, 28, 9, 0, tzinfo=OSLO)
    ends = datetime(2021, 10, 28, 10, 15, tzinfo=OSLO)
    assert (
        format_session_time(starts, ends, OSLO, "nb")
        == "torsdag 28. oktober 2021 kl. 09.00–10.15"
    )
    assert (
        format_session_time(starts, ends, OSLO, "en")
        == "Thursday 28 October 2021, 09:00–10:15"
    )


def test_times_stored_in_utc_are_shown_in_oslo_time():
    starts = datetime(2021, 10, 28, 7, 0, tzinfo=UTC)  # 09:00 CEST
    ends = datetime(2021, 10, 28, 8, 15, tzinfo=UTC)
    assert format_session_time(starts, ends, OSLO, "en").endswith("09:00–10:15")


def test_session_across_the_october_dst_change():
    # 01:30 CEST to 02:30 CET is two real hours on the night clocks go back.
    starts = datetime(2021, 10, 30, 23, 30, tzinfo=UTC)
    ends = datetime(2021, 10, 31, 1, 30, tzinfo=UTC)
    assert (
        format_session_time(starts, ends, OSLO, "nb")
        == "søndag 31. oktober 2021 kl. 01.30–02.30"
    )


def test_same_utc_hour_is_a_different_oslo_hour_in_winter_and_summer():
    winter = datetime(2022, 1, 13, 8, 0, tzinfo=UTC)
    summer = datetime(2022, 6, 16, 8, 0, tzinfo=UTC)
    assert "09:00" in format_session_time(winter, winter, OSLO, "en")
    assert "10:00" in format_session_time(summer, summer, OSLO, "en")


def test_session_spanning_two_days_names_both():
    starts = datetime(2021, 10, 28, 22, 0, tzinfo=OSLO)
    ends = datetime(2021, 10, 29, 1, 0, tzinfo=OSLO)
    assert format_session_time(starts, ends, OSLO, "en") == (
        "Thursday 28 October 2021, 22:00 – Friday 29 October 2021, 01:00"
    )
