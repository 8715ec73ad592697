"""The "Follow the series" form: field validation only."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..formatting import language_name
from ..models import FollowMode
from .following import FollowRequest
from .forms import (
    HONEYPOT_FIELD,
    _no_control_characters,
    _no_surrogates,
    _one_line,
    consent_version,
)

FOLLOW_CONSENT = _(
    "I agree that my e-mail address is stored to send me what I chose above, until "
    "I unsubscribe. Every e-mail has a link to unsubscribe."
)


def content_language_choices() -> list[tuple[str, str]]:
    """Each content language named in itself ("norsk bokmål", "English")."""
    choices = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        name = language_name(code, code)
        choices.append((code, name[:1].upper() + name[1:]))
    return choices


class FollowChoiceChecks:
    """Marks fields in error for assistive technology; registering needs a name."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {
                        "aria-invalid": "true",
                        "aria-describedby": f"{self[name].auto_id}-error",
                    }
                )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("mode") == FollowMode.REGISTER
            and not cleaned.get("name", "").strip()
        ):
            self.add_error("name", _("Enter your name, so that we can register you."))
        return cleaned


class FollowForm(FollowChoiceChecks, forms.Form):
    """An address, a language, and what to send."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        validators=[_no_surrogates],
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=content_language_choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language.")},
    )
    mode = forms.ChoiceField(
        label=_("What should we do when a new session is published?"),
        choices=FollowMode.choices,
        initial=FollowMode.ANNOUNCE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what we should do.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        validators=[_one_line, _no_control_characters],
        help_text=_("Only needed if we register you: registrations carry a name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    consent = forms.BooleanField(
        label=FOLLOW_CONSENT,
        error_messages={"required": _("You must agree before you can follow.")},
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, series=None, language: str = "", **kwargs):
        kwargs.setdefault("auto_id", "follow-%s")
        super().__init__(*args, **kwargs)
        self.series = series
        self.fields["language"].initial = language
        # Automatic registrations are registrations: their terms apply too.
        self.registration_terms = series.consent_text if series is not None else ""

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def follow_request(self) -> FollowRequest:
        language = self.cleaned_data["language"]
        terms = f"{FOLLOW_CONSENT}\n{self.registration_terms}"
        return FollowRequest(
            email=self.cleaned_data["email"],
            language=language,
            mode=self.cleaned_data["mode"],
            name=self.cleaned_data["name"].strip(),
            consent_version=consent_version(terms, language),
        )


class FollowChangeForm(FollowChoiceChecks, forms.Form):
    """A follower's own page: what to send, and in which language."""

    language = FollowForm.base_fields["language"]
    mode = FollowForm.base_fields["mode"]
    name = FollowForm.base_fields["name"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "follow-%s")
        super().__init__(*args, **kwargs)
