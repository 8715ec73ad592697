import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.users.models import UserProfile

from series.management.commands.setup_roles import (
    COMMUNICATIONS,
    translator_groups,
)

LOGIN_FILE = Path(settings.BASE_DIR) / ".local-logins.txt"

# (username, group, admin language): one local user to try each role with.
ROLE_USERS = [
    ("communications", COMMUNICATIONS, ""),
    ("translator-en", translator_groups()["en"], "en"),
    ("translator-nb", translator_groups()["nb"], "nb"),
]


class Command(BaseCommand):
    help = (
        "Create the roles, a local superuser and one user per role for `make run` "
        "(each once) and print their logins."
    )

    def handle(self, *args, **options):
        call_command("setup_roles", verbosity=0)
        User = get_user_model()
        new_logins = []
        # A new superuser means a new database: older logins in the file are void.
        fresh_database = not User.objects.filter(username="admin").exists()
        if fresh_database:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@localhost", password)
            new_logins.append(f"admin / {password}  (superuser)\n")
        for username, group_name, language in ROLE_USERS:
            password = self.ensure_role_user(username, group_name, language)
            if password:
                new_logins.append(f"{username} / {password}  ({group_name})\n")
        if new_logins:
            with LOGIN_FILE.open("w" if fresh_database else "a") as logins:
                logins.writelines(new_logins)

        known = LOGIN_FILE.read_text() if LOGIN_FILE.exists() else ""
        if known:
            self.stdout.write("Local logins (also in .local-logins.txt):")
            self.stdout.write(known)
        for username in ["admin", *(user for user, _group, _lang in ROLE_USERS)]:
            if f"{username} / " not in known:
                self.stdout.write(
                    f"User '{username}' exists; reset its password with "
                    f"`python manage.py changepassword {username}`."
                )

    def ensure_role_user(self, username: str, group_name: str, language: str) -> str:
        """Create the user if missing, put it in its group; return any new password."""
        User = get_user_model()
        password = ""
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username, f"{username}@localhost", password)
            if language:
                profile = UserProfile.get_for_user(user)
                profile.preferred_language = language
                profile.save(update_fields=["preferred_language"])
        user.groups.add(Group.objects.get(name=group_name))
        return password
