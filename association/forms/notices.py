"""The notice composer's form: text and attachment, recipients by group, the replies demanded with due times."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.attachments import AttachmentField
from association.choices import MEMBER_KINDS, OrganisationKind
from association.dates import SaneDates
from association.models import Notice, Organisation, RecipientGroup, Region
from association.selectors.notices import recipient_group_list, resolve_recipients

#: how many required replies the composer offers (a notice rarely asks for more than two)
REPLY_ROWS = 3
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_kind_display()} · {obj.tier_label}）"


class NoticeComposeForm(SaneDates, forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("notice", "Kind"), choices=Notice.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}))
    document = AttachmentField(
        label=_("Attachment"),
        required=False,
        help_text=_("The signed document as recipients will download it: PDF, Word (.docx), Excel, JPEG or PNG."),
    )
    all_members = forms.BooleanField(
        label=_("All members"),
        required=False,
        help_text=_("Member companies' branches in the province; never head offices, regulators or the association."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Members of these kinds"),
        required=False,
        choices=[(k.value, k.label) for k in OrganisationKind if k in MEMBER_KINDS],
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Members in these regions"),
        required=False,
        queryset=Region.objects.order_by("code"),
        help_text=_("With kinds chosen too: the members of those kinds in those regions."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Saved groups"), required=False, queryset=RecipientGroup.objects.none()
    )
    organisations = OrganisationChoiceField(
        label=_("Individual organisations"),
        required=False,
        queryset=Organisation.objects.filter(is_active=True).order_by("kind", "name"),
        help_text=_("Head offices, regulator offices and the association receive a notice only when chosen here."),
    )
    save_group_as = forms.CharField(
        label=_("Save this selection as a group named"),
        required=False,
        max_length=100,
        help_text=_("Optional: the recipients chosen above are kept under this name for the next notice."),
    )

    def __init__(self, *args, user, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = recipient_group_list(user=user)
        for name in ("regions", "groups", "organisations"):
            self.fields[name].widget.attrs["size"] = 6
        for i in range(1, REPLY_ROWS + 1):
            self.fields[f"reply_title_{i}"] = forms.CharField(
                label=_("Reply asked for"), required=False, max_length=300
            )
            self.fields[f"reply_due_{i}"] = forms.DateTimeField(
                label=_("Due (Beijing time)"), required=False, widget=DATETIME_INPUT
            )
        if notice is not None:
            self.fields["document"].help_text = _("Leave empty to keep the attachment it has.")
        for name, field in self.fields.items():
            if name not in ("all_members", "kinds"):
                field.widget.attrs.setdefault("class", "form-control" if name not in ("kind",) else "form-select")
        self.fields["all_members"].widget.attrs["class"] = "form-check-input"

    def reply_rows(self):
        return [(self[f"reply_title_{i}"], self[f"reply_due_{i}"]) for i in range(1, REPLY_ROWS + 1)]

    def clean_save_group_as(self):
        name = self.cleaned_data["save_group_as"].strip()
        if name and RecipientGroup.objects.filter(name=name).exists():
            raise ValidationError(_("A group of this name exists already; choose it above or give another name."))
        return name

    def clean(self):
        data = super().clean()
        replies = []
        now = timezone.now()
        for i in range(1, REPLY_ROWS + 1):
            title, due = (data.get(f"reply_title_{i}") or "").strip(), data.get(f"reply_due_{i}")
            if f"reply_due_{i}" in self.errors:
                continue
            if title and due is None:
                self.add_error(f"reply_due_{i}", _("Give the time the reply is due."))
            elif due is not None and not title:
                self.add_error(f"reply_title_{i}", _("Say what is to be reported."))
            elif title and due <= now:
                self.add_error(f"reply_due_{i}", _("The due time must be in the future."))
            elif title:
                replies.append((title, due))
        data["replies"] = replies
        selection = {name: data.get(name) or () for name in ("kinds", "regions", "groups", "organisations")}
        if not self.errors:
            recipients = list(resolve_recipients(all_members=bool(data.get("all_members")), **selection))
            if not recipients:
                raise ValidationError(_("Choose who receives the notice: the selection reaches no organisation."))
            data["recipients"] = recipients
        return data
