from django.db import migrations, models

import series.models.registrations


class Migration(migrations.Migration):
    """Apart from 0006, so that PostgreSQL alters the table in a transaction of its own
    after the rows got their tokens."""

    dependencies = [("series", "0006_registration_tokens")]

    operations = [
        migrations.AlterField(
            model_name="registration",
            name="token",
            field=models.CharField(
                default=series.models.registrations.new_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
