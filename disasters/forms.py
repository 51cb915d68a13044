from django import forms
from django.utils.translation import gettext_lazy as _

from association.dates import SaneDates
from disasters.choices import BusinessStatus
from disasters.models import LossReport


class LossReportForm(SaneDates, forms.ModelForm):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Company"), empty_label=None)

    class Meta:
        model = LossReport
        fields = [
            "organisation", "report_date", "policies_affected", "claims_reported", "estimated_loss", "claims_paid",
            "advance_payments", "business_status", "staff_deployed", "problems", "measures",
        ]  # fmt: skip
        widgets = {
            "report_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["business_status"].required = True  # article 18: every report says it (old rows may not)
        self.fields["business_status"].choices = BusinessStatus.choices
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
