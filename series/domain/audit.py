"""Wagtail's log of what happened to registrations, never with personal data."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context, registry

from ..models import Registration


def registration_log(
    registration: Registration, action: str, user=None, data: dict | None = None
) -> None:
    """Write the entry as `wagtail.log_actions.log` does, in one query: its save()
    checks the content type with a query of its own, under the session lock."""
    model = registry.get_log_model_for_instance(registration)
    context = get_active_log_context()
    entry = model(
        content_type=ContentType.objects.get_for_model(
            registration, for_concrete_model=False
        ),
        object_id=str(registration.pk),
        # The label is str(registration): "Registration #id", never the person's data.
        label=str(registration),
        action=action,
        user=user or context.user,
        uuid=context.uuid,
        data=data or {},
        timestamp=timezone.now(),
    )
    entry.clean()  # the action is registered: what save() checks besides the keys
    model.objects.bulk_create([entry])


def registration_log_amend(registration: Registration, action: str, data: dict) -> None:
    """Correct the data of this registration's entry for `action`."""
    model = registry.get_log_model_for_instance(registration)
    model.objects.filter(
        content_type=ContentType.objects.get_for_model(
            registration, for_concrete_model=False
        ),
        object_id=str(registration.pk),
        action=action,
    ).update(data=data)
