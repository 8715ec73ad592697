"""Who may delete a series or session page: only those who may publish it. A
translator may add and change pages in their locale, but Wagtail would also let
them delete their own drafts; the admin then offered a "Delete" the server refused."""

from wagtail.models import PagePermissionTester


class PublishersDelete(PagePermissionTester):
    def can_delete(self, ignore_bulk=False) -> bool:
        return super().can_delete(ignore_bulk) and self.can_publish()


class PublishersDeleteMixin:
    def permissions_for_user(self, user) -> PublishersDelete:
        return PublishersDelete(user, self)
