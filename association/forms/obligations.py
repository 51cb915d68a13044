"""Forms of the obligation pages: submit an answer, review it, pick a compliance period."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from association.attachments import AttachmentField
from association.dates import SaneDates

MAX_FILES_PER_SUBMISSION = 10
MAX_TEXT_LENGTH = 20_000
#: the compliance table looks at periods inside these years, at most this long
COMPLIANCE_YEARS = (2000, 2100)
COMPLIANCE_MAX_DAYS = 5 * 366


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleAttachmentField(AttachmentField):
    """Several attachments in one input; each is checked by :func:`validate_attachment` (through
    :class:`AttachmentField`) and every bad file is reported, by name. Cleans to a list."""

    widget = MultipleFileInput

    def __init__(self, *, max_files: int = MAX_FILES_PER_SUBMISSION, **kwargs):
        self.max_files = max_files
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                ngettext_lazy("Attach at most %(limit)d file.", "Attach at most %(limit)d files.", "limit"),
                code="too_many_files",
                params={"limit": self.max_files},
            )
        cleaned, errors = [], []
        for f in files:
            try:
                cleaned.append(super().clean(f, initial))
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


class _BootstrapForm(SaneDates, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class SubmissionForm(_BootstrapForm):
    text = forms.CharField(
        label=_("Written answer"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = MultipleAttachmentField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, Word (.docx), Excel (.xlsx), JPEG or PNG; up to 10 files."),
    )


class AcceptForm(_BootstrapForm):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(_BootstrapForm):
    comment = forms.CharField(
        label=_("What has to be corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what has to be corrected.")},
    )
    new_due_at = forms.DateTimeField(
        label=_("New due time (optional, Beijing time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise ValidationError(_("Say what has to be corrected."), code="required")
        return comment

    def clean_new_due_at(self):
        value = self.cleaned_data.get("new_due_at")
        if value is not None and value <= timezone.now():
            raise ValidationError(_("The new due time must be in the future."), code="past")
        return value


def current_month(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    first = today.replace(day=1)
    next_first = (first + dt.timedelta(days=32)).replace(day=1)
    return first, next_first - dt.timedelta(days=1)


class CompliancePeriodForm(_BootstrapForm):
    date_from = forms.DateField(label=_("Due from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("Due to"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, data=None, **kwargs):
        if data is not None and not (data.get("date_from") or data.get("date_to")):
            data = None  # no period given: the current month
        first, last = current_month()
        kwargs.setdefault("initial", {"date_from": first, "date_to": last})
        super().__init__(data, **kwargs)

    def _check_year(self, name):
        value = self.cleaned_data[name]
        low, high = COMPLIANCE_YEARS
        if not low <= value.year <= high:
            raise ValidationError(
                _("Choose a date between %(low)s and %(high)s."), code="out_of_range", params={"low": low, "high": high}
            )
        return value

    def clean_date_from(self):
        return self._check_year("date_from")

    def clean_date_to(self):
        return self._check_year("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            if start > end:
                raise ValidationError(_("The start of the period is after its end."), code="reversed")
            if (end - start).days > COMPLIANCE_MAX_DAYS:
                raise ValidationError(_("Choose a period of at most five years."), code="too_long")
        return cleaned

    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen period (the current month when nothing was chosen); call after ``is_valid``."""
        if self.is_bound:
            return self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        return self.initial["date_from"], self.initial["date_to"]


class DueChangeForm(_BootstrapForm):
    """Staff give an obligation the member still owes a new due time (portal page beside the obligation)."""

    due_at = forms.DateTimeField(
        label=_("New due time (Beijing time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Give the new due time.")},
    )

    def clean_due_at(self):
        value = self.cleaned_data["due_at"]
        if value <= timezone.now():
            raise ValidationError(_("The new due time must be in the future."), code="past")
        return value


class ObligationCancelForm(_BootstrapForm):
    """Staff cancel an obligation: nothing is owed any more; the reason is kept with it."""

    reason = forms.CharField(
        label=_("Why nothing is owed any more"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the obligation is cancelled.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the obligation is cancelled."), code="required")
        return reason
