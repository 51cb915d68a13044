"""Portal forms of this app. They check the shape of the input; the rules are in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.attachments import AttachmentField
from association.dates import SaneDates
from association.models import Organisation
from governance.choices import ConsultationKind, Handling, TrainingMode
from governance.models import Body

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
D = forms.DateInput(attrs={"type": "date"})


class Styled(SaneDates):
    """Bootstrap classes on every widget (the portal's look); dates in the portal's range, text with a limit
    (``association.dates.SaneDates``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput | forms.RadioSelect):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


def member_choices(user):
    return Organisation.objects.visible_to(user).members().order_by("name")


class MeetingForm(Styled, forms.Form):
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.none(), required=False, empty_label=_("— ad-hoc meeting —")
    )
    session_number = forms.IntegerField(label=_("Meeting number in the term"), min_value=1, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DT)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DT)
    reply_due_at = forms.DateTimeField(label=_("Reply due at"), widget=DT)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False)
    invitees = forms.ModelMultipleChoiceField(
        label=_("Invitees"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave empty to invite the body's members in office."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=_("One item per line.")
    )
    agenda_document = AttachmentField(label=_("Meeting documents"), required=False, allowed=("pdf", "docx", "xlsx"))
    shared_with_regulators = forms.BooleanField(label=_("Share with regulators"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.visible_to(user).filter(is_active=True)
        self.fields["invitees"].queryset = member_choices(user)


class ReplyForm(Styled, forms.Form):
    attend = forms.TypedChoiceField(
        label=_("Reply"),
        choices=[("1", _("Will attend")), ("0", _("Asks for leave"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    attendees = forms.CharField(label=_("Who will attend"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    leave_reason = forms.CharField(
        label=_("Reason for leave"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class StaffSignInForm(Styled, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=100)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MinutesForm(Styled, forms.Form):
    minutes = forms.CharField(label=pgettext_lazy("meeting", "Minutes"), widget=forms.Textarea(attrs={"rows": 8}))


class ResolutionForm(Styled, forms.Form):
    title = forms.CharField(label=_("Resolution"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    votes_for = forms.IntegerField(label=_("For"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstained"), min_value=0, required=False)


class FollowUpForm(Styled, forms.Form):
    organisations = forms.ModelMultipleChoiceField(label=_("Members"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("What is to be done"), max_length=200)
    due_at = forms.DateTimeField(label=_("Due at"), widget=DT)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


class ReasonForm(Styled, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReelectForm(Styled, forms.Form):
    starts_on = forms.DateField(label=_("New term starts on"), widget=D)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Members of the new term"),
        queryset=Organisation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Organisation.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = member_choices(user)
        self.fields["chair"].queryset = member_choices(user)


class ConsultationForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConsultationKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("What it is about"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    draft_text = forms.CharField(
        label=_("Draft text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Paste the draft; it is cut into clauses at each 第…条."),
    )
    draft_document = AttachmentField(label=_("Draft document"), required=False, allowed=("pdf", "docx"))
    feedback_due_at = forms.DateTimeField(label=_("Feedback due at"), widget=DT)
    recipients = forms.ModelMultipleChoiceField(
        label=_("Members consulted"),
        queryset=Organisation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    shared_with_regulators = forms.BooleanField(label=_("Share with regulators"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = member_choices(user)


class HandlingForm(Styled, forms.Form):
    handling = forms.ChoiceField(label=_("Handling"), choices=[c for c in Handling.choices if c[0] != Handling.PENDING])
    note = forms.CharField(label=_("Reason / how it was handled"), required=False)


class PublishForm(Styled, forms.Form):
    final_text = forms.CharField(label=_("Final version"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    final_document = AttachmentField(label=_("Final document"), required=False, allowed=("pdf", "docx"))
    convention_link = forms.CharField(label=_("Self-regulation convention (portal address)"), required=False)


class TrainingForm(Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    topic = forms.CharField(label=_("Topic"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    speakers = forms.CharField(label=_("Speakers"), max_length=300, required=False)
    mode = forms.ChoiceField(label=_("Form"), choices=TrainingMode.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DT)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DT)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False)
    hours = forms.DecimalField(label=_("Training hours"), min_value=0, max_value=99, decimal_places=1)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)
    quota_per_organisation = forms.IntegerField(label=_("Quota per company"), min_value=1)
    registration_due_at = forms.DateTimeField(label=_("Registration due at"), widget=DT)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Open to"), queryset=Organisation.objects.none(), widget=forms.SelectMultiple(attrs={"size": 10})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = member_choices(user)


class RegisterForm(Styled, forms.Form):
    trainees = forms.CharField(
        label=_("Trainees"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name, position, mobile phone (separated by commas)."),
    )

    def clean_trainees(self):
        from governance.services.trainings import TraineeSpec

        specs = []
        for line in self.cleaned_data["trainees"].splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if parts and parts[0]:
                specs.append(
                    TraineeSpec(parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "")
                )
        if not specs:
            raise forms.ValidationError(_("Give at least one trainee's name."))
        return specs


class MaterialForm(Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = AttachmentField(label=_("File"), allowed=("pdf", "docx", "xlsx", "png", "jpg"))


class QrMeetingForm(Styled, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Your organisation"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_("Your name"), max_length=100)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class QrTrainingForm(Styled, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    phone_last4 = forms.RegexField(label=_("Last four digits of your mobile number"), regex=r"^\d{4}$")


class SurveyForm(Styled, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall rating"), choices=[(i, str(i)) for i in range(5, 0, -1)], coerce=int, widget=forms.RadioSelect
    )
    useful = forms.BooleanField(label=_("Useful for my work"), required=False, initial=True)
    comment = forms.CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
