from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from association.dates import SaneDates
from association.models import ContactPerson


class ContactForm(SaneDates, forms.ModelForm):
    """The contact of one duty and slot. The date a change took effect is never pre-filled: a new person
    needs theirs entered (the service refuses a change of person without it); left empty for the same
    person, the stored date stays (the view does not pass it on)."""

    class Meta:
        model = ContactPerson
        fields = ["name", "position", "phone", "office_phone", "email", "effective_from"]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, current_effective_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.initial.pop("effective_from", None)
        if current_effective_from is not None:
            self.fields["effective_from"].help_text = _(
                "Now: %(date)s. Leave empty to keep it; a new person (name, mobile phone or e-mail) needs "
                "the date they took over."
            ) % {"date": date_format(current_effective_from, "Y-m-d")}
