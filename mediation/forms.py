from django import forms

from association.dates import SaneDates
from association.models import Organisation, User
from mediation.models import Case
from mediation.services.cases import CASE_FIELDS


class CaseForm(SaneDates, forms.ModelForm):
    """Registering a case (staff); the service ``case_create`` does the numbering and the rules."""

    class Meta:
        model = Case
        fields = list(CASE_FIELDS)  # the fields case_create accepts
        widgets = {
            "referral_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = Organisation.objects.members().filter(is_active=True)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _post_clean(self):  # the service validates (and numbers) the case
        pass


def mediator_choices():
    return User.objects.filter(is_active=True, memberships__role="mediator", memberships__is_active=True).distinct()
