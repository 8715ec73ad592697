"""Locale-scoped permissions: whoever may edit only one locale's pages may edit only
that locale's translatable snippets (Wagtail's snippet permissions are model-wide)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

# Page actions that make a group an editor of the tree they are granted on.
EDITING_PAGE_ACTIONS = {"add_page", "change_page", "publish_page"}

User = AbstractBaseUser | AnonymousUser


def user_locale_scope(user: User) -> frozenset[int] | None:
    """The ids of the locales a user is limited to, or None if not limited.

    A user is limited when every page they may edit lies in a locale's own tree; a
    permission on the root page, or none at all, leaves model permissions as they are.
    """
    if not user.is_active or user.is_superuser:
        return None
    # Wagtail caches these on the user for the request; page checks reuse them.
    grants = [
        grant
        for grant in PagePermissionPolicy().get_cached_permissions_for_user(user)
        if grant.permission.codename in EDITING_PAGE_ACTIONS
    ]
    if not grants or any(grant.page.depth == 1 for grant in grants):
        return None
    return frozenset(grant.page.locale_id for grant in grants)


def user_can_edit_locale(user: User, locale_id: int) -> bool:
    scope = user_locale_scope(user)
    return scope is None or locale_id in scope


class LocaleScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed per instance to the locales of the user's pages."""

    def user_has_permission_for_instance(
        self, user: User, action: str, instance: Model
    ) -> bool:
        return self.user_has_permission(user, action) and user_can_edit_locale(
            user, instance.locale_id
        )

    def user_has_any_permission_for_instance(
        self, user: User, actions: list[str], instance: Model
    ) -> bool:
        return self.user_has_any_permission(user, actions) and user_can_edit_locale(
            user, instance.locale_id
        )

    def instances_user_has_any_permission_for(
        self, user: User, actions: list[str]
    ) -> QuerySet:
        instances = super().instances_user_has_any_permission_for(user, actions)
        scope = user_locale_scope(user)
        return instances if scope is None else instances.filter(locale_id__in=scope)

    def users_with_any_permission_for_instance(
        self, actions: list[str], instance: Model
    ) -> QuerySet:
        users = self.users_with_any_permission(actions)
        allowed = [
            user.pk for user in users if user_can_edit_locale(user, instance.locale_id)
        ]
        return users.filter(pk__in=allowed)


def user_can_publish(user: User, instance: Model) -> bool:
    """Whether the user may publish this page or translatable snippet."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(user, "publish", instance)
