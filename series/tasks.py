"""Background tasks: thin wrappers that take ids (never personal data)."""

from django_tasks import task

from . import emails


@task()
def send_email(delivery_id: int) -> str:
    return emails.delivery_send(delivery_id=delivery_id)


@task()
def send_reminder(registration_id: int) -> str:
    return emails.reminder_queue(registration_id=registration_id)
