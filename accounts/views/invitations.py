"""The invitation link: the invited person sets a password; the link works once and expires."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.forms import AcceptForm
from accounts.services.invitations import invitation_accept, invitation_for_token


def invitation_accept_view(request, token: str):
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"], request=request)
        except ValidationError as exc:
            form.add_error("password1", exc.messages)
        else:
            messages.success(request, _("Your account is ready. Sign in with your e-mail address and new password."))
            return redirect(f"{reverse('login')}?login={user.username}")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}, status=status)
