"""Stand-ins for the e-mail provider: the only thing the tests may fake."""

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError


class FlakyEmailBackend(AnymailTestBackend):
    """anymail's test backend, failing the first `failures` sends with an API error."""

    failures = 0
    successful_sends: list = []

    def send_messages(self, email_messages):
        if FlakyEmailBackend.failures > 0:
            FlakyEmailBackend.failures -= 1
            raise AnymailAPIError("Simulated outage", status_code=503)
        sent = super().send_messages(email_messages)
        FlakyEmailBackend.successful_sends.extend(email_messages)
        return sent
