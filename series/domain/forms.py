"""The registration form: field validation only (the operations decide about
seats). Built in small steps a host site can override, as wagtail.contrib.forms
does: the form class (SERIES_REGISTRATION_FORM), one field builder method per
question type, and the step that turns clean data into a `Registrant`."""

import hashlib
import unicodedata

from django import forms
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..models import AccessNeed, QuestionType, RegistrationQuestion
from .registration import Registrant

HONEYPOT_FIELD = "website"


def consent_version(text: str, language: str) -> str:
    """A short fingerprint of the consent text shown, kept with the registration."""
    digest = hashlib.sha256(text.strip().encode()).hexdigest()[:12]
    return f"{language}-{digest}"


def _no_control_characters(value: str) -> None:
    if any(
        unicodedata.category(char) in {"Cc", "Cf", "Cs"}
        for char in value
        if char != "\n"
    ):
        raise forms.ValidationError(_("Remove the invisible control characters."))


LINE_BREAKS = {"\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"}


def _one_line(value: str) -> None:
    # A name or organisation is printed in official e-mails: it must not start a
    # paragraph of its own there.
    if any(char in LINE_BREAKS for char in value):
        raise forms.ValidationError(_("Write it on one line."))


def _no_surrogates(value: str) -> None:
    # A JSON "\ud800" escape gives a lone surrogate, which no database can store.
    if any(unicodedata.category(char) == "Cs" for char in value):
        raise forms.ValidationError(_("Remove the invisible control characters."))


class QuestionFieldBuilder:
    """Makes the form field of an extra question: `create_<type>_field` per type."""

    def field_for(self, question: RegistrationQuestion) -> forms.Field:
        create = getattr(self, f"create_{question.field_type}_field")
        return create(
            question,
            {
                "label": question.label,
                "help_text": question.help_text,
                "required": question.required,
            },
        )

    def create_text_field(self, question, options: dict) -> forms.Field:
        return forms.CharField(max_length=500, validators=[_no_surrogates], **options)

    def create_textarea_field(self, question, options: dict) -> forms.Field:
        return forms.CharField(
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            validators=[_no_surrogates],
            **options,
        )

    def create_choice_field(self, question, options: dict) -> forms.Field:
        choices = [(str(i), label) for i, label in enumerate(question.choice_list)]
        return forms.ChoiceField(
            choices=[("", "—"), *choices] if not question.required else choices,
            widget=forms.RadioSelect,
            **options,
        )

    def create_checkbox_field(self, question, options: dict) -> forms.Field:
        return forms.BooleanField(**options)


ACCESS_NEEDS_OTHER_MAX = 1000


def access_need_fields() -> dict[str, forms.Field]:
    """The accommodations question, for series that ask it."""
    not_listed = _("Choose among the accommodations listed.")
    return {
        "access_needs": forms.MultipleChoiceField(
            label=_("Do you need any accommodations?"),
            choices=AccessNeed.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": not_listed, "invalid_list": not_listed},
        ),
        "access_needs_other": forms.CharField(
            label=_("Describe what you need"),
            max_length=ACCESS_NEEDS_OTHER_MAX,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            validators=[_no_surrogates],
            error_messages={
                "max_length": _(
                    "Write at most %(limit_value)d characters (you wrote "
                    "%(show_value)d)."
                )
            },
        ),
    }


class RegistrationForm(forms.Form):
    """The registration fields; validation only (the service decides about seats)."""

    field_builder_class = QuestionFieldBuilder

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        validators=[_one_line, _no_control_characters],
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
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
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        validators=[_one_line, _no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    consent = forms.BooleanField(
        error_messages={"required": _("You must agree before you can register.")},
    )
    # Hidden from people; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(
        self,
        *args,
        questions=(),
        consent_text: str = "",
        access_needs: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions: list[RegistrationQuestion] = list(questions)
        self.fields["consent"].label = consent_text
        builder = self.field_builder_class()
        for question in self.questions:
            self.fields[f"q_{question.key}"] = builder.field_for(question)
        self.asks_access_needs = access_needs
        if access_needs:
            self.fields.update(access_need_fields())

    def clean(self):
        cleaned = super().clean()
        needs = cleaned.get("access_needs") or []
        other = (cleaned.get("access_needs_other") or "").strip()
        if AccessNeed.OTHER in needs and not other and "access_needs_other" in cleaned:
            self.add_error(
                "access_needs_other",
                _("Describe the accommodation you need, or untick “Other”."),
            )
        if other and AccessNeed.OTHER not in needs:
            cleaned["access_needs"] = [*needs, AccessNeed.OTHER.value]
        return cleaned

    def full_clean(self):
        super().full_clean()
        # Tie each error message to its input for screen readers.
        for name in self.errors:
            if name in self.fields:
                described_by = [f"{self[name].auto_id}-error"]
                if self.fields[name].help_text:
                    described_by.append(f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": " ".join(described_by)}
                )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def question_fields(self):
        return [self[f"q_{question.key}"] for question in self.questions]

    def access_need_fields(self):
        """The accommodations question's two fields, when the series asks it."""
        if not self.asks_access_needs:
            return []
        return [self["access_needs"], self["access_needs_other"]]

    def registrant(self, page, language: str) -> Registrant:
        """The cleaned data as the registration operations take it, for any form
        that registers (the page's form and the JSON endpoint)."""
        source = page.source
        # The form has read this page's questions: a source page's own need no query.
        questions = self.questions if source.pk == page.pk else source.questions.all()
        return Registrant(
            name=self.cleaned_data["name"].strip(),
            email=self.cleaned_data["email"],
            organisation=self.cleaned_data["organisation"].strip(),
            answers=self.answers({q.key: q for q in questions}),
            access_needs=tuple(self.cleaned_data.get("access_needs") or ()),
            access_needs_other=(
                self.cleaned_data.get("access_needs_other") or ""
            ).strip(),
            language=language,
            consent_version=consent_version(page.consent_text, language),
        )

    def answers(self, source_questions: dict[str, RegistrationQuestion]) -> dict:
        """Answers under each question's stable key; choices in the source language."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.key}")
            if question.field_type == QuestionType.CHOICE and value not in (None, ""):
                source = source_questions.get(question.key, question)
                labels = source.choice_list
                index = int(value)
                value = (
                    labels[index]
                    if index < len(labels)
                    else question.choice_list[index]
                )
            if value not in (None, ""):
                answers[question.key] = value
        return answers


class LookupForm(forms.Form):
    """An address to send the confirmations to again."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def registration_form(page, data=None, **kwargs) -> RegistrationForm:
    """The form of a session page (SERIES_REGISTRATION_FORM, if a host sets one)."""
    form_class = import_string(conf.get("REGISTRATION_FORM"))
    return form_class(
        data,
        questions=page.questions.all(),
        consent_text=page.consent_text,
        access_needs=page.asks_access_needs,
        **kwargs,
    )
