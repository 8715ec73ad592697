"""Registration exports that open cleanly where staff open them: the delimiter the
admin language's spreadsheets expect, local times to the minute, every field quoted,
and nothing a spreadsheet could run as a formula, whatever delimiter it reads with."""

import csv
import json
import re
from datetime import datetime

from babel.numbers import get_decimal_symbol
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.mixins import Echo

from ..formatting import babel_locale
from ..models import (
    AccessNeed,
    RegistrationQuestion,
    SeriesIndexPage,
    SoTalkSessionPage,
)

ACCESS_NEED_PREFIX = "access:"


def access_need_columns(queryset) -> dict[str, str]:
    """A column per accommodation and one for the registrant's own words, when a
    series of the exported sessions asks (or answers are there from earlier)."""
    paths = SoTalkSessionPage.objects.filter(
        pk__in=queryset.values("session_id")
    ).values_list("path", flat=True)
    parents = {path[: -SoTalkSessionPage.steplen] for path in paths}
    asked = SeriesIndexPage.objects.filter(path__in=parents, ask_access_needs=True)
    if not asked.exists() and not queryset.exclude(access_needs=[]).exists():
        return {}
    columns = {
        f"{ACCESS_NEED_PREFIX}{value}": gettext("Accommodation: %(need)s")
        % {"need": label}
        for value, label in AccessNeed.choices
    }
    columns["access_needs_other"] = gettext("Accommodations, in their own words")
    return columns


# A formula starts a cell with one of these; after a comma or semicolon it can start
# a cell for a reader that splits on that character.
FORMULA_START = re.compile(r"(^|[,;])(\s*)(?=[=+\-@\t\r])")


def neutralise_formula(value):
    """Put a quote before anything a spreadsheet would read as a formula."""
    if isinstance(value, str):
        return FORMULA_START.sub(r"\1\2'", value)
    return value


def csv_delimiter(language: str) -> str:
    """';' where a comma is the decimal mark (nb: Excel's list separator), else ','."""
    return ";" if get_decimal_symbol(babel_locale(language)) == "," else ","


class RegistrationExportMixin:
    """For the registrations' IndexView: the extra questions' answers as columns."""

    base_export_fields: list[str] = []

    def as_spreadsheet(self, queryset, spreadsheet_format):
        questions = {}
        for key, label in RegistrationQuestion.objects.filter(
            page_id__in=queryset.values("session_id")
        ).values_list("key", "label"):
            questions.setdefault(key, label)
        access_columns = access_need_columns(queryset)
        self.list_export = (
            self.base_export_fields
            + [f"answer:{key}" for key in questions]
            + list(access_columns)
        )
        self.export_headings = {
            "pk": "ID",
            "attended": str(_("Attended (joined online or checked in)")),
            **{f"answer:{key}": label for key, label in questions.items()},
            **access_columns,
        }
        self._time_zones = {}
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def _local(self, item, value: datetime) -> datetime:
        """In the series' time zone, to the minute, as spreadsheets show it."""
        session = item.session
        if session.pk not in self._time_zones:
            self._time_zones[session.pk] = session.tz
        local = timezone.localtime(value, self._time_zones[session.pk])
        return local.replace(second=0, microsecond=0, tzinfo=None)

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            if field.startswith("answer:"):
                value = item.answers.get(field.removeprefix("answer:"), "")
                row[field] = value if isinstance(value, str) else json.dumps(value)
            elif field.startswith(ACCESS_NEED_PREFIX):
                need = field.removeprefix(ACCESS_NEED_PREFIX)
                row[field] = gettext("Yes") if need in item.access_needs else ""
            elif field in ("status", "delivery_status"):
                row[field] = getattr(item, f"get_{field}_display")()
            elif field == "session":
                row[field] = item.session.title
            else:
                value = getattr(item, field)
                is_time = isinstance(value, datetime)
                row[field] = self._local(item, value) if is_time else value
        return row

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_CSV and isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)

    def stream_csv(self, queryset):
        # Decided now, in the staff member's language: the rows stream later.
        writer = csv.DictWriter(
            Echo(),
            fieldnames=self.list_export,
            delimiter=csv_delimiter(get_language() or "en"),
            quoting=csv.QUOTE_ALL,
        )
        headings = {
            field: self.get_heading(queryset, field) for field in self.list_export
        }
        return self._csv_rows(writer, headings, queryset)

    def _csv_rows(self, writer, headings, queryset):
        yield "\ufeff"  # so that Excel reads the file as UTF-8 (æøå)
        yield writer.writerow(headings)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))
