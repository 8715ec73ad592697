"""How long an ESP outage the outbox survives: the retry budget of delivery_send.

SERIES_EMAIL_MAX_ATTEMPTS tries with a doubling delay (30 s base: 30 s + 1 + 2 + 4 +
8 min) give up after about 15 minutes and mark the row "failed" for staff; then
`send_reminders` (cron) tries it once per run until sent or the session is over.
"""

import pytest
from django.core.management import call_command

from series import conf
from series.models import EmailDelivery

from ..fake_esp import FakePostmark

pytestmark = pytest.mark.django_db


def test_an_outage_longer_than_the_retry_budget_still_loses_no_e_mail(
    upcoming_session, register, run_worker, settings
):
    with FakePostmark() as esp:
        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = {**esp.anymail_settings(), "REQUESTS_TIMEOUT": 5}
        settings.SERIES_EMAIL_STALE_CLAIM_SECONDS = 0
        settings.SERIES_EMAIL_REQUEUE_GRACE_SECONDS = 0
        esp.fail("error")
        register(upcoming_session, "kari@example.no")
        run_worker()  # every try fails (retry delay 0 in tests)
        assert esp.failures["error"] == conf.get("EMAIL_MAX_ATTEMPTS")
        esp.recover()
        call_command("send_reminders", verbosity=0)  # the cron job's catch-up
        run_worker()
        assert esp.accepted_count("kari@example.no") == 1
        assert EmailDelivery.objects.get().status == EmailDelivery.Status.SENT
