from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0008: PostgreSQL builds the index after the rows got their keys."""

    dependencies = [("series", "0008_email_key")]

    operations = [
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                models.F("email_key"),
                models.F("session"),
                condition=models.Q(
                    models.Q(("status", "cancelled"), _negated=True),
                    ("email_key__isnull", False),
                ),
                name="series_one_live_registration_per_mailbox",
            ),
        ),
    ]
