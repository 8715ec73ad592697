"""Attendance for staff: figures per session and series, filter, export, follow-ups
by hand."""

from datetime import timedelta

import pytest

from series.domain.attendance import registration_join
from series.domain.staff import registrations_check_in
from series.models import EmailDelivery, EmailKind

from ..factories import SoTalkSessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_session(series_page, register, clock, admin_user):
    session = SoTalkSessionPageFactory(parent=series_page, capacity=10)
    people = [register(session, f"p{n}@example.no") for n in range(4)]
    clock.set(session.starts_at)
    registration_join(registration=people[0])
    registrations_check_in(
        session=session, checked_in_ids={people[1].pk}, staff_user=admin_user
    )
    clock.set(session.ends_at + timedelta(hours=1))
    return session


def test_dashboard_shows_attendance_and_no_show_rate(admin_client, past_session):
    page = admin_client.get("/admin/").content.decode()
    assert past_session.title in page
    assert "50 %" in page  # two of four came


def test_filter_and_export_attendance(admin_client, past_session):
    url = f"/admin/registrations/?session={past_session.pk}&attended=true"
    listing = admin_client.get(url).content.decode()
    assert "p0@example.no" in listing and "p1@example.no" in listing
    assert "p2@example.no" not in listing
    export = admin_client.get(
        f"/admin/registrations/?session={past_session.pk}&export=csv"
    )
    text = b"".join(export.streaming_content).decode()
    header = text.splitlines()[0]
    assert "joined online or checked in" in header.lower() or "møtte" in header.lower()
    assert text.count("True") == 2


def test_editor_sends_followups_by_hand(admin_client, past_session):
    url = f"/admin/registrations/follow-ups/{past_session.pk}/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    kinds = list(
        EmailDelivery.objects.filter(kind__in=EmailKind.followups()).values_list(
            "kind", flat=True
        )
    )
    assert sorted(kinds) == ["followup_absent"] * 2 + ["followup_attended"] * 2
    admin_client.post(url)
    assert EmailDelivery.objects.filter(kind__in=EmailKind.followups()).count() == 4
