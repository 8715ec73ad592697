import secrets

from django.db import migrations, models



def give_tokens(apps, schema_editor):
    """Every existing registration gets its own random token."""
    registration_model = apps.get_model("series", "Registration")
    for registration in registration_model.objects.filter(token__isnull=True):
        registration.token = secrets.token_urlsafe(24)
        registration.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("series", "0005_plugin_languages")]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_tokens, migrations.RunPython.noop),
    ]
