"""The fake ESP speaks Postmark as anymail's real Postmark backend expects it to."""

import time

import pytest
from anymail.exceptions import AnymailAPIError
from django.core.mail import EmailMultiAlternatives, get_connection

from ..fake_esp import FakePostmark


@pytest.fixture
def esp():
    with FakePostmark(hang_seconds=5) as server:
        yield server


def postmark(esp, timeout=1.0):
    return get_connection(
        "anymail.backends.postmark.EmailBackend",
        api_url=esp.url,
        server_token=esp.token,
        timeout=timeout,
    )


def message(to=("kari@example.no",)) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        "Velkommen", "Tekst", "SoTalk <sotalk@example.no>", list(to)
    )
    email.attach_alternative("<p>HTML</p>", "text/html")
    email.attach("invite.ics", "BEGIN:VCALENDAR", "text/calendar; method=REQUEST")
    return email


def test_accepts_like_postmark_and_records_the_message(esp):
    sent = message()
    assert postmark(esp).send_messages([sent]) == 1
    assert sent.anymail_status.status == {"sent"}
    (accepted,) = esp.accepted
    assert accepted.to == "kari@example.no"
    assert sent.anymail_status.message_id == accepted.message_id
    assert accepted.subject == "Velkommen"
    assert accepted.html == "<p>HTML</p>"
    assert accepted.attachment_names == ["invite.ics"]


def test_batch_endpoint_gives_one_message_id_per_recipient(esp):
    sent = message(to=("kari@example.no", "ola@example.no"))
    sent.merge_metadata = {"kari@example.no": {"n": "1"}, "ola@example.no": {"n": "2"}}
    postmark(esp).send_messages([sent])
    assert esp.copies_per_address() == {"kari@example.no": 1, "ola@example.no": 1}
    assert esp.batch_requests == 1
    ids = {
        sent.anymail_status.recipients[a].message_id for a in esp.copies_per_address()
    }
    assert ids == {accepted.message_id for accepted in esp.accepted}
    assert len(ids) == 2


def test_a_wrong_server_token_is_refused(esp):
    connection = get_connection(
        "anymail.backends.postmark.EmailBackend",
        api_url=esp.url,
        server_token="wrong",  # noqa: S106
    )
    with pytest.raises(AnymailAPIError) as error:
        connection.send_messages([message()])
    assert error.value.status_code == 401
    assert esp.accepted == []


@pytest.mark.parametrize("mode", ["error", "hang", "drop"])
def test_each_failure_is_an_api_error_and_nothing_is_accepted(esp, mode):
    esp.fail(mode, count=1)
    started = time.monotonic()
    with pytest.raises(AnymailAPIError):
        postmark(esp, timeout=0.5).send_messages([message()])
    assert time.monotonic() - started < 4
    assert esp.accepted == []
    assert esp.failures[mode] == 1
    # The outage was one request long.
    postmark(esp).send_messages([message()])
    assert len(esp.accepted) == 1


def test_an_outage_for_a_time_then_recovery(esp):
    esp.fail(("error", "drop"), seconds=0.3)
    with pytest.raises(AnymailAPIError):
        postmark(esp).send_messages([message()])
    with pytest.raises(AnymailAPIError):
        postmark(esp).send_messages([message()])
    time.sleep(0.35)
    postmark(esp).send_messages([message()])
    assert esp.failures == {"error": 1, "hang": 0, "drop": 1}
    assert len(esp.accepted) == 1
