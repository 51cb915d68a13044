"""Portal forms. They only parse input: the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from association.attachments import AttachmentField
from association.choices import MEMBER_KINDS
from association.dates import SaneDates
from association.models import Organisation, User
from selfregulation.choices import InspectionKind, LineOfBusiness, MeasureKind, Severity, TeamRole
from selfregulation.models import ChecklistTemplate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def members():
    return Organisation.objects.filter(kind__in=MEMBER_KINDS, is_active=True).order_by("name")


class InspectionForm(SaneDates, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in InspectionKind.choices if c[0] != InspectionKind.RECHECK]
    )
    line = forms.ChoiceField(label=_("Line of business"), choices=LineOfBusiness.choices)
    checklist = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.filter(is_current=True).order_by("title")
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Companies to inspect"),
        queryset=Organisation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    self_inspection_due_at = forms.DateTimeField(
        label=_("Self-inspection due at"),
        required=False,
        widget=DATETIME,
        help_text=_("Only for a self-inspection: when the members must hand in their checklist."),
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = members()


class TeamForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, memberships__is_active=True)
            .exclude(memberships__role="regulator")
            .distinct()
            .order_by("username")
        )


class FindingForm(SaneDates, forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.IntegerField(label=_("Checklist item"))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    rectify_by = forms.DateTimeField(label=_("Rectify by"), required=False, widget=DATETIME)
    demand = forms.CharField(
        label=_("What must be rectified"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = AttachmentField(label=_("Evidence"), required=False)


class MeasureForm(SaneDates, forms.Form):
    organisation = forms.IntegerField(label=_("Company"))
    measure = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_by = forms.CharField(label=_("Decided by"), max_length=200)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    findings = forms.MultipleChoiceField(label=_("Findings"), required=False, choices=[])


class RecheckForm(SaneDates, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE)


class ReturnForm(SaneDates, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Company"), queryset=Organisation.objects.none())
    month = forms.CharField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}))
    written_premium = forms.CharField(label=_("Written premium (yuan)"))
    policies = forms.CharField(label=_("Policies"))
    claims_paid = forms.CharField(label=_("Claims paid (yuan)"))
    combined_expense_ratio = forms.CharField(label=_("Combined expense ratio (%)"))
    combined_cost_ratio = forms.CharField(label=_("Combined cost ratio (%)"))

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))
