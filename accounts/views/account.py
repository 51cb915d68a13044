"""Own account page: details and language, password and two-factor links, recent sign-ins, sessions, tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import ProfileForm, TokenForm
from accounts.models import AccountEvent, EventKind, PersonalToken
from accounts.policy import has_mfa, requires_mfa
from accounts.services.people import end_sessions
from accounts.services.profile import profile_update, settings_of
from accounts.services.tokens import token_create, token_revoke

SIGN_IN_KINDS = [EventKind.SIGNED_IN, EventKind.SIGN_IN_FAILED, EventKind.LOCKED_OUT]


def _page(request, *, form=None, token_form=None, new_token=None, status=200):
    from allauth.usersessions.models import UserSession

    user = request.user
    account = settings_of(user)
    form = form or ProfileForm(initial={"display_name": user.display_name or str(user), "phone": user.phone,
                                        "email": user.email, "language": account.language})  # fmt: skip
    context = {
        "form": form,
        "token_form": token_form or TokenForm(),
        "new_token": new_token,
        "sign_ins": AccountEvent.objects.filter(user=user, kind__in=SIGN_IN_KINDS)[:10],
        "sessions": UserSession.objects.filter(user=user).order_by("-created_at"),
        "current_session_key": request.session.session_key,
        "tokens": PersonalToken.objects.filter(user=user, revoked_at__isnull=True),
        "has_mfa": has_mfa(user),
        "requires_mfa": requires_mfa(user),
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
def account_home(request):
    if request.method != "POST":
        return _page(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            profile_update(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            for field, texts in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, texts)
        else:
            messages.success(request, _("Your account details were saved."))
            response = redirect("account-home")
            language = form.cleaned_data["language"]
            if language:
                from django.conf import settings

                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
            return response
    return _page(request, form=form, status=400)


@login_required
@require_POST
def token_create_view(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = token_create(actor=request.user, name=form.cleaned_data["name"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return _page(request, new_token=(token, raw))
    return _page(request, token_form=form, status=400)


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = get_object_or_404(PersonalToken, pk=pk, user=request.user, revoked_at__isnull=True)
    token_revoke(actor=request.user, token=token, request=request)
    messages.success(request, _("The token was revoked; integrations using it stop working now."))
    return redirect("account-home")


@login_required
@require_POST
def sessions_end_view(request):
    """Sign out everywhere, this browser included."""
    from accounts.services.audit import account_event_record

    user = request.user
    count = end_sessions(user)
    account_event_record(kind=EventKind.SESSIONS_ENDED, user=user, request=request, detail=str(count))
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, _("You were signed out everywhere."))
    return redirect("login")
