"""Labels for the app's entries in Wagtail's log (who did what, when)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "series.registration.create": (_("Registered"), _("Registration created")),
    "series.registration.cancel": (_("Cancelled"), _("Registration cancelled")),
    "series.registration.promote": (
        _("Promoted"),
        _("Moved up from the waiting list"),
    ),
    "series.registration.overbook": (
        _("Overbooked"),
        _("Registered over capacity by staff"),
    ),
    "series.session.notify_change": (
        _("Registrants told of a change"),
        _("Registrants were told that the session changed"),
    ),
}


def register(actions) -> None:
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
