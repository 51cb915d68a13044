"""The account audit, fed by the signals of Django (sign-in, sign-out, failures), django-axes (lock-outs)
and django-allauth (password changes and resets, two-factor changes)."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes.signals import user_locked_out
from django.contrib.auth import signals as auth_signals
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.wsgi import WSGIRequest
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import AccountSettings, EventKind
from accounts.policy import forget_account_state
from accounts.services.audit import account_event_record
from accounts.services.profile import password_change_required


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts-prepare-session")
def _prepare(sender, request=None, user=None, **kwargs):
    """Ready what every later request reads: the idle clock starts now, the account state is cached."""
    import time

    from accounts.policy import account_state

    if request is not None and hasattr(request, "session"):
        request.session["_touched"] = int(time.time())
    account_state(user)


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts-signed-in")
def _signed_in(sender, request=None, user=None, **kwargs):
    if isinstance(request, (WSGIRequest, ASGIRequest)):  # a sign-in page (not a test's or a shell's login())
        account_event_record(kind=EventKind.SIGNED_IN, user=user, request=request)


@receiver(auth_signals.user_logged_out, dispatch_uid="accounts-signed-out")
def _signed_out(sender, request=None, user=None, **kwargs):
    if user is not None and request is not None:
        account_event_record(kind=EventKind.SIGNED_OUT, user=user, request=request)


@receiver(auth_signals.user_login_failed, dispatch_uid="accounts-sign-in-failed")
def _failed(sender, credentials=None, request=None, **kwargs):
    credentials = credentials or {}
    username = credentials.get("username") or credentials.get("email") or ""
    from association.models import User

    user = User.objects.filter(username__iexact=username).first() if username else None
    account_event_record(kind=EventKind.SIGN_IN_FAILED, user=user, username=username, request=request)


@receiver(user_locked_out, dispatch_uid="accounts-locked-out")
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    from association.models import User

    user = User.objects.filter(username__iexact=username).first() if username else None
    account_event_record(kind=EventKind.LOCKED_OUT, user=user, username=username or "", request=request)


@receiver(account_signals.password_changed, dispatch_uid="accounts-password-changed")
def _password_changed(sender, request=None, user=None, **kwargs):
    password_change_required(user=user, required=False)
    account_event_record(kind=EventKind.PASSWORD_CHANGED, user=user, request=request)


@receiver(account_signals.password_reset, dispatch_uid="accounts-password-reset")
def _password_reset(sender, request=None, user=None, **kwargs):
    password_change_required(user=user, required=False)
    account_event_record(kind=EventKind.PASSWORD_RESET, user=user, request=request)


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts-mfa-added")
def _mfa_added(sender, request=None, user=None, authenticator=None, **kwargs):
    kind = EventKind.RECOVERY_CODES if authenticator.type == "recovery_codes" else EventKind.MFA_ENABLED
    account_event_record(kind=kind, user=user, request=request)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts-mfa-removed")
def _mfa_removed(sender, request=None, user=None, authenticator=None, **kwargs):
    account_event_record(kind=EventKind.MFA_REMOVED, user=user, request=request)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts-mfa-codes")
def _mfa_codes(sender, request=None, user=None, authenticator=None, **kwargs):
    account_event_record(kind=EventKind.RECOVERY_CODES, user=user, request=request)


@receiver([post_save, post_delete], sender=AccountSettings, dispatch_uid="accounts-settings-changed")
def _settings_changed(sender, instance=None, **kwargs):
    forget_account_state(instance.user_id)


@receiver([post_save, post_delete], sender=Authenticator, dispatch_uid="accounts-authenticator-changed")
def _authenticator_changed(sender, instance=None, **kwargs):
    forget_account_state(instance.user_id)
