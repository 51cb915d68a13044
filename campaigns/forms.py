"""Portal forms; the services hold the rules, these only shape the input."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.attachments import AttachmentField
from association.dates import SaneDates
from association.models import Organisation
from campaigns.choices import AlertSeverity, CampaignKind, Outlet
from campaigns.models import Activity, CampaignTemplate
from campaigns.services.activities import MAX_PHOTOS, PHOTO_KINDS
from campaigns.services.campaigns import PLAN_DOCUMENT_KINDS, default_participants

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class Styled:
    """Bootstrap classes on every widget."""

    def style(self):
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            field.widget.attrs.setdefault("class", css)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(AttachmentField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(n)d photos per activity.") % {"n": MAX_PHOTOS})
        return [super(PhotosField, self).clean(f, initial) for f in files]


class FromTemplateForm(SaneDates, Styled, forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=CampaignTemplate.objects.filter(is_active=True))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating members"),
        queryset=Organisation.objects.members().order_by("name"),
        required=False,
        help_text=_("Empty: every member company at provincial level."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.style()


class AdHocCampaignForm(SaneDates, Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices, initial=CampaignKind.INITIATIVE)
    title = forms.CharField(label=_("Title"), max_length=300)
    theme = forms.CharField(label=_("Theme"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    slogan = forms.CharField(label=_("Slogan"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    plan_due = forms.DateField(label=_("Activity plan due (end of the working day)"), widget=DATE, required=False)
    news_drafts = forms.BooleanField(label=_("News drafts during the campaign"), required=False, initial=True)
    summary_due = forms.DateField(label=_("Summary due (end of the working day)"), widget=DATE)
    plan_document = AttachmentField(label=_("Plan document"), allowed=PLAN_DOCUMENT_KINDS, required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating members"),
        queryset=Organisation.objects.members().order_by("name"),
        required=False,
        help_text=_("Empty: every member company at provincial level."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The campaign ends before it starts."))
        if start and data.get("plan_due") and data["plan_due"] > start:
            self.add_error("plan_due", _("The activity plan is due before the start."))
        if end and data.get("summary_due") and data["summary_due"] < end:
            self.add_error("summary_due", _("The summary is due after the end."))
        if not data.get("participants"):
            data["participants"] = default_participants()
        return data


class ActivityForm(SaneDates, Styled, forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Member"), queryset=Organisation.objects.none())
    photos = PhotosField(label=_("Photos (JPEG or PNG)"), allowed=PHOTO_KINDS, required=False)

    class Meta:
        model = Activity
        fields = [
            "organisation",
            "kind",
            "title",
            "held_on",
            "place",
            "audience",
            "views",
            "coverage_links",
            "mainstream_media",
            "original_content",
            "description",
        ]
        widgets = {
            "held_on": DATE,
            "coverage_links": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations is not None and len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["held_on"].initial = timezone.localdate()
        self.style()

    def _post_clean(self):  # the service validates the activity (and the photos)
        pass


class NewsDraftForm(SaneDates, Styled, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Member"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Headline"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations is not None and len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.style()


class PublishForm(Styled, forms.Form):
    outlet = forms.ChoiceField(label=_("Published on"), choices=Outlet.choices)
    outlet_name = forms.CharField(label=_("Outlet name"), max_length=100, required=False)
    link = forms.URLField(label=_("Link"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class AlertForm(SaneDates, Styled, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Company concerned"), queryset=Organisation.objects.members().order_by("name")
    )
    source = forms.CharField(label=_("Source"), max_length=200, help_text=_("e.g. Weibo, Douyin, a newspaper"))
    link = forms.URLField(label=_("Link"), max_length=500, required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=AlertSeverity.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    detected_at = forms.DateTimeField(label=_("Detected at"), widget=DATETIME, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_detected_at(self):
        value = self.cleaned_data.get("detected_at")
        if value and value > timezone.now() + dt.timedelta(minutes=1):
            raise forms.ValidationError(_("The item cannot be detected in the future."))
        return value
