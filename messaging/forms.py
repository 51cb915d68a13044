"""The portal's channel form: an organisation's robots and SMS gateway. The address and the secret are written,
never shown back: on a change, an empty field keeps the stored value (its masked form is in the help text)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from messaging.choices import ChannelKind

#: the robot's webhook address as each service shows it, for the placeholder
EXAMPLES = {
    ChannelKind.WECOM: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
    ChannelKind.DINGTALK: "https://oapi.dingtalk.com/robot/send?access_token=…",
    ChannelKind.FEISHU: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
    ChannelKind.LARK: "https://open.larksuite.com/open-apis/bot/v2/hook/…",
    ChannelKind.SMS: "https://sms-gateway.example.com/send",
    ChannelKind.WEBHOOK: "https://duty.example.com/hooks/insurance",
}


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("channel", "kind"), choices=ChannelKind.choices)
    label = forms.CharField(label=_("name"), max_length=100, help_text=_("E.g. the group's name: 应急值班群."))
    target = forms.CharField(
        label=_("webhook address"),
        required=False,
        max_length=2000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("The robot's webhook address as the service shows it (or only its key/token)."),
    )
    secret = forms.CharField(
        label=_("signing secret or token"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("DingTalk: the signing secret (SEC…). SMS gateway and webhook: the bearer token, if any."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the stored secret"), required=False)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, channel=None, **kwargs):
        self.channel = channel
        if channel is not None:
            kwargs.setdefault("initial", {"kind": channel.kind, "label": channel.label, "is_active": channel.is_active})
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-control"
            if name == "kind":
                css = "form-select"
            field.widget.attrs.setdefault("class", css)
        if channel is None:
            self.fields["target"].required = True
            del self.fields["clear_secret"]
        else:
            self.fields["target"].help_text = _("Now: %(masked)s. Leave empty to keep it.") % {
                "masked": channel.target_masked
            }
            if channel.secret:
                self.fields["secret"].help_text = _("Now: %(masked)s. Leave empty to keep it.") % {
                    "masked": channel.secret_masked
                }
            else:
                del self.fields["clear_secret"]

    def changes(self) -> dict:
        """The fields for the service: an empty address or secret is left out (the stored one stays)."""
        data = self.cleaned_data
        fields = {"kind": data["kind"], "label": data["label"].strip(), "is_active": data["is_active"]}
        if data.get("target", "").strip():
            fields["target"] = data["target"].strip()
        if data.get("secret", "").strip():
            fields["secret"] = data["secret"].strip()
        elif data.get("clear_secret"):
            fields["secret"] = None
        return fields
