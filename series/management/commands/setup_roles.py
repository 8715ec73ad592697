from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from series import conf
from series.formatting import language_name

COMMUNICATIONS = "Communications"


def translator_groups() -> dict[str, str]:
    """One translator group per content language: it edits that locale's tree and
    nothing else. Named by SERIES_TRANSLATOR_GROUPS, else "Translators (<language>)"."""
    names = conf.get("TRANSLATOR_GROUPS")
    return {
        code: names.get(code) or f"Translators ({language_name(code, 'en')})"
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


ADMIN_ACCESS = ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"]
REGISTRATIONS = [
    f"series.{action}_registration" for action in ("view", "add", "change", "delete")
]
SPEAKERS = [f"series.{action}_speaker" for action in ("add", "change", "delete")]
TOPICS = [f"series.{action}_topic" for action in ("add", "change", "delete")]

ROLE_PERMISSIONS = {
    COMMUNICATIONS: [
        *ADMIN_ACCESS,
        *SPEAKERS,
        "series.publish_speaker",
        *TOPICS,
        *REGISTRATIONS,
    ],
    # Speaker editing is narrowed to the group's locale by LocaleScopedPermissionPolicy.
    "translators": [*ADMIN_ACCESS, "series.change_speaker", "series.change_topic"],
}
ROLE_PAGE_PERMISSIONS = {
    COMMUNICATIONS: ["add_page", "change_page", "publish_page", "lock_page"],
    "translators": ["add_page", "change_page"],
}
ROLE_COLLECTION_PERMISSIONS = {
    COMMUNICATIONS: [
        f"{action}_{model}"
        for model in ("image", "document")
        for action in ("add", "change", "choose", "delete")
    ],
    # Choosing lets translators override an image that shows text, never upload.
    "translators": ["choose_image", "choose_document"],
}


def permissions_named(names: list[str]) -> list[Permission]:
    """Permissions by "app_label.codename"; all must exist."""
    found = []
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            raise CommandError(f"Permission {name} does not exist: run migrate first.")
        found.append(permission)
    return found


def page_permissions_named(codenames: list[str]) -> list[Permission]:
    return permissions_named([f"wagtailcore.{codename}" for codename in codenames])


def collection_permissions_named(codenames: list[str]) -> list[Permission]:
    apps = {"image": "wagtailimages", "document": "wagtaildocs"}
    return permissions_named(
        [f"{apps[codename.rsplit('_', 1)[1]]}.{codename}" for codename in codenames]
    )


class Command(BaseCommand):
    help = (
        "Create or update the group Communications and one translators' group per "
        "content language. Safe to run again: each group is set to exactly the "
        "permissions defined here, so permissions added by hand are removed."
    )

    @transaction.atomic
    def handle(self, *args, verbosity: int, **options):
        self.verbosity = verbosity
        root_page = Page.get_first_root_node()
        root_collection = Collection.get_first_root_node()
        if root_page is None or root_collection is None:
            raise CommandError("Run migrate first: there is no root page yet.")
        self.set_role(
            COMMUNICATIONS,
            role=COMMUNICATIONS,
            pages=[root_page],
            collection=root_collection,
        )
        for language_code, name in translator_groups().items():
            homes = list(
                Page.objects.filter(depth=2, locale__language_code=language_code)
            )
            if not homes:
                self.stderr.write(
                    self.style.WARNING(
                        f"{name}: no home page in locale “{language_code}” yet, so "
                        "no page permissions. Run this again once it exists."
                    )
                )
            self.set_role(
                name, role="translators", pages=homes, collection=root_collection
            )

    def set_role(
        self, name: str, *, role: str, pages: list[Page], collection: Collection
    ) -> Group:
        group, created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_named(ROLE_PERMISSIONS[role]))
        page_permissions = page_permissions_named(ROLE_PAGE_PERMISSIONS[role])
        wanted = {(page.pk, perm.pk) for page in pages for perm in page_permissions}
        existing = {
            (grant.page_id, grant.permission_id): grant
            for grant in GroupPagePermission.objects.filter(group=group)
        }
        for key, grant in existing.items():
            if key not in wanted:
                grant.delete()
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page_id=page_id, permission_id=perm_id)
            for page_id, perm_id in wanted - existing.keys()
        )
        GroupCollectionPermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=collection, permission=permission
            )
            for permission in collection_permissions_named(
                ROLE_COLLECTION_PERMISSIONS[role]
            )
        )
        where = ", ".join(
            "every page" if page.depth == 1 else f"“{page.title}” ({page.locale})"
            for page in pages
        )
        if self.verbosity:
            self.stdout.write(
                f"{'Created' if created else 'Updated'} group “{name}”: "
                f"pages: {where or 'none'}."
            )
        return group
