"""Labels for the app's entries in Wagtail's log (who did what, when)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "series.registration.create": (_("Registered"), _("Registration created")),
    "series.registration.cancel": (
        pgettext_lazy("registration", "Cancelled"),
        _("Registration cancelled"),
    ),
    "series.registration.promote": (
        _("Promoted"),
        _("Moved up from the waiting list"),
    ),
    "series.registration.overbook": (
        _("Overbooked"),
        _("Registered over capacity by staff"),
    ),
    "series.registration.waitlist": (
        _("Moved to the waiting list"),
        _("Moved to the end of the waiting list by staff"),
    ),
    "series.registration.offer": (
        _("Offered a seat"),
        _("Offered a freed seat from the waiting list"),
    ),
    "series.registration.offer_lapse": (
        _("Offer lapsed"),
        _("The seat offer was not claimed in time"),
    ),
    "series.registration.claim": (_("Seat claimed"), _("Claimed the offered seat")),
    "series.registration.confirm_address": (
        _("Address confirmed"),
        _("The registrant confirmed the e-mail address"),
    ),
    "series.registration.join": (_("Joined online"), _("Joined through the link")),
    "series.session.followups": (
        _("Follow-ups sent"),
        _("Follow-ups queued to the registrants"),
    ),
    "series.registration.check_in": (_("Checked in"), _("Checked in")),
    "series.registration.undo_check_in": (
        _("Check-in undone"),
        _("Check-in undone"),
    ),
    "series.registration.erase": (
        _("Personal data erased"),
        _("Personal data erased on request"),
    ),
    "series.session.message": (
        _("Message sent"),
        _("Message sent to registrants"),
    ),
    "series.session.notify_change": (
        _("Registrants told of a change"),
        _("Registrants were told that the session changed"),
    ),
}


def register(actions) -> None:
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
