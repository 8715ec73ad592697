"""Versions of what cached pages and API answers show, kept in the shared cache.

Cache keys carry both versions, so bumping one makes every copy built before it stale
on every app server at once (old entries expire by themselves):

- `content`: publishing, unpublishing, deleting or moving a page, writing a live
  page directly, publishing a speaker, writing a session's speakers or questions,
  a topic or a view restriction; bumped at once and again after the commit;
- `seats`: any change to who holds a seat or waits for one. It is bumped right after
  the registration's transaction commits, before the visitor's response is sent, so
  the seats shown are never older than the last registration.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageViewRestriction
from wagtail.signals import post_page_move, published, unpublished

from ..models import Registration, RegistrationQuestion, SessionSpeaker, Topic

CONTENT_KEY = "series:version:content"
SEATS_KEY = "series:version:seats"
# A save that writes only these fields changes nothing a page or the API shows.
UNSHOWN_FIELDS = frozenset(
    {
        "updated_at",
        "checked_in_at",
        "joined_at",
        "delivery_status",
        "message_id",
        "token",
        "name",
        "email",
        "email_key",
        "organisation",
    }
)


def versions() -> tuple[int, int]:
    """(content, seats): one round trip to the cache."""
    found = cache.get_many([CONTENT_KEY, SEATS_KEY])
    return found.get(CONTENT_KEY) or 0, found.get(SEATS_KEY) or 0


def version_key() -> str:
    content, seats = versions()
    return f"{content}.{seats}"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing (first use, or evicted): any new value will do
        cache.add(key, 1, timeout=None)


def content_changed() -> None:
    _bump(CONTENT_KEY)


def seats_changed() -> None:
    _bump(SEATS_KEY)


# `published` covers snippets (speakers) and pages alike. A move changes URLs.
@receiver(published)
@receiver(unpublished)
@receiver(post_page_move)
def on_publish(sender, **kwargs) -> None:
    content_changed_now_and_on_commit()


# A page's speakers and questions are written when it is published, and by code
# that writes them directly (imports, seeding): either way, what pages show.
@receiver(post_save, sender=SessionSpeaker)
@receiver(post_delete, sender=SessionSpeaker)
@receiver(post_save, sender=RegistrationQuestion)
@receiver(post_delete, sender=RegistrationQuestion)
def on_page_part_saved(sender, **kwargs) -> None:
    content_changed_now_and_on_commit()


@receiver(post_save, sender=Topic)  # topics have no drafts: a save shows at once
@receiver(post_delete, sender=Topic)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_delete, sender=Page)
def on_page_deleted_or_restricted(sender, **kwargs) -> None:
    # A view restriction set or lifted changes what listings may show, too.
    content_changed_now_and_on_commit()


# A save of a page that writes only these (a draft or a lock) shows nothing new.
DRAFT_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "numchild",
    }
)


@receiver(post_save)
def on_live_page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # A live page written directly, without a publish (as code and imports may).
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    content_changed_now_and_on_commit()


@receiver(post_save, sender=Registration)
def on_registration_save(sender, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= UNSHOWN_FIELDS:
        return
    seats_changed_now_and_on_commit()


@receiver(post_delete, sender=Registration)
def on_registration_delete(sender, **kwargs) -> None:
    seats_changed_now_and_on_commit()


def content_changed_now_and_on_commit() -> None:
    # As for the seats: a page rendered between the first bump and the commit holds
    # the old content under the new key (fragments are kept for minutes); the
    # second bump leaves it behind.
    content_changed()
    transaction.on_commit(content_changed)


def seats_changed_now_and_on_commit() -> None:
    # Now, so that this transaction reads its own change; again after commit, so that
    # a copy another request made meanwhile of the old seats is not served.
    seats_changed()
    transaction.on_commit(seats_changed)
