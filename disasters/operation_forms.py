"""Forms of the portal's disaster operations: record an event, new estimates, and the response steps.

The choices offered are those the user's office may take (``disasters.authority``); the services check again.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.choices import OrganisationKind
from association.dates import SaneDates
from association.models import Organisation, Region
from disasters.choices import Grade, Hazard

DATETIME = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
ROWS_2 = {"rows": 2}
ESTIMATES = ("est_property_loss", "est_casualty_payout", "insured_deaths", "injured")


class Styled:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class EstimatesForm(Styled, SaneDates, forms.Form):
    est_property_loss = forms.DecimalField(
        label=_("Estimated property-loss payout (yuan)"), min_value=0, max_digits=16, decimal_places=2, initial=0
    )
    est_casualty_payout = forms.DecimalField(
        label=_("Estimated casualty payout (yuan)"), min_value=0, max_digits=16, decimal_places=2, initial=0
    )
    insured_deaths = forms.IntegerField(label=_("Insured deaths"), min_value=0, max_value=1_000_000, initial=0)
    injured = forms.IntegerField(label=_("Injured"), min_value=0, max_value=1_000_000, initial=0)


class EventForm(EstimatesForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    hazard = forms.ChoiceField(label=_("Hazard"), choices=Hazard.choices)
    occurred_at = forms.DateTimeField(
        label=_("Occurred at"), widget=forms.DateTimeInput(attrs=DATETIME, format=DATETIME_FORMAT)
    )
    known_at = forms.DateTimeField(
        label=_("Known at"),
        widget=forms.DateTimeInput(attrs=DATETIME, format=DATETIME_FORMAT),
        help_text=_("When the event became known; the companies' report clocks start here."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sensitive = forms.BooleanField(label=pgettext_lazy("event form", "Very sensitive"), required=False)

    field_order = ["title", "hazard", "occurred_at", "known_at", "regions", "description", "sensitive", *ESTIMATES]

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions

    def clean(self):
        data = super().clean()
        occurred, known = data.get("occurred_at"), data.get("known_at")
        if occurred and known and known < occurred:
            self.add_error("known_at", _("An event cannot become known before it occurred."))
        return data


def regulator_offices():
    return Organisation.objects.filter(kind=OrganisationKind.REGULATOR).select_related("region").order_by("name")


class StepForm(Styled, SaneDates, forms.Form):
    """A response step; staff also name the office on whose behalf they record it."""

    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        help_text=_("The regulator office whose step association staff record here (由协会代为记录)."),
    )

    def __init__(self, *args, user, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_association_staff:
            self.fields["on_behalf_of"].queryset = regulator_offices()
        else:
            del self.fields["on_behalf_of"]
        if "level" in self.fields and levels is not None:
            self.fields["level"].choices = [(v, label) for v, label in LEVEL_CHOICES if v in levels]
        # the office field last: what the step is comes first
        if "on_behalf_of" in self.fields:
            self.order_fields([name for name in self.fields if name != "on_behalf_of"] + ["on_behalf_of"])

    def service_kwargs(self) -> dict:
        return {"on_behalf_of": self.cleaned_data.get("on_behalf_of")}


LEVEL_CHOICES = [
    (Grade.III, pgettext_lazy("response level", "Level III")),
    (Grade.II, pgettext_lazy("response level", "Level II")),
    (Grade.I, pgettext_lazy("response level", "Level I")),
]


class ResponseOpenForm(StepForm):
    level = forms.ChoiceField(label=_("Response level"), choices=LEVEL_CHOICES)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(ROWS_2))


class LevelChangeForm(StepForm):
    level = forms.ChoiceField(
        label=_("New level"),
        choices=LEVEL_CHOICES,
        help_text=_("Level I is requested from the national regulator; the level changes when its answer is recorded."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(StepForm):
    approve = forms.TypedChoiceField(
        label=_("The national regulator's answer"),
        choices=[("yes", _("Approved: level I starts")), ("no", _("Rejected: the level stays"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=pgettext_lazy("decision", "Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclareGradeForm(StepForm):
    grade = forms.ChoiceField(label=_("Declared grade"))
    reason = forms.CharField(
        label=_("Written reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the event is graded so for other reasons (social impact, the local government's demands…)."),
    )

    def __init__(self, *args, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(g, label) for g, label in [*Grade.choices, ("", _("Withdraw"))] if g in grades]
        self.fields["grade"].required = "" not in grades  # "" withdraws the declared grade

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("A declared grade needs a written reason."))
        return reason


class TerminateForm(StepForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(ROWS_2))
