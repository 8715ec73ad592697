import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

LOGIN_FILE = Path(settings.BASE_DIR) / ".local-logins.txt"


class Command(BaseCommand):
    help = "Create a local superuser for `make run` (once) and print its login."

    def handle(self, *args, **options):
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@localhost", password)
            LOGIN_FILE.write_text(f"admin / {password}  (superuser)\n")
        if LOGIN_FILE.exists():
            self.stdout.write("Local logins (also in .local-logins.txt):")
            self.stdout.write(LOGIN_FILE.read_text())
        else:
            self.stdout.write(
                "User 'admin' exists; reset its password with "
                "`python manage.py changepassword admin`."
            )
