from allauth.account.forms import LoginForm
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.choices import Role


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"))
    language = forms.ChoiceField(
        label=_("Interface language"), required=False, choices=[("", _("As the browser asks")), *settings.LANGUAGES]
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("e.g. the system that will use it"))


class InviteForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"))
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args, organisations, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx, or .csv in UTF-8 or GBK)"))


class AcceptForm(forms.Form):
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validators_help_text_html)  # fmt: skip
    password2 = forms.CharField(label=_("Password (again)"),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class PortalLoginForm(LoginForm):
    """allauth's sign-in form, with the user name filled in when a link brings it (``?login=``: the
    invitation's last step sends the new person here with their user name)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = getattr(self, "request", None)
        if not self.is_bound and request is not None and request.GET.get("login"):
            self.fields["login"].initial = request.GET["login"][:150]
