from django.db import migrations, models

from series.models.registrations import email_key


def give_keys(apps, schema_editor):
    """Key every address. Where one mailbox already holds two live registrations
    for a session (typed two ways before this key existed), the later one keeps no
    key: nothing is cancelled behind anyone's back, and staff see both."""
    registration_model = apps.get_model("series", "Registration")
    taken = set()
    for registration in registration_model.objects.exclude(email=None).order_by("pk"):
        key = email_key(registration.email)
        live = registration.status != "cancelled"
        if live and (key, registration.session_id) in taken:
            continue
        if live:
            taken.add((key, registration.session_id))
        registration.email_key = key
        registration.save(update_fields=["email_key"])


class Migration(migrations.Migration):
    dependencies = [("series", "0007_registration_tokens_unique")]

    operations = [
        migrations.RemoveConstraint(
            model_name="registration",
            name="series_one_live_registration_per_email",
        ),
        migrations.AddField(
            model_name="registration",
            name="email_key",
            field=models.CharField(
                blank=True, editable=False, max_length=320, null=True
            ),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
    ]
