"""Who must do what before using the portal: change a temporary password, set up two-factor sign-in."""

from __future__ import annotations

from django.conf import settings


def requires_mfa(user) -> bool:
    """Association staff, mediators and regulators sign in with a second factor (等保 level 3: privileged
    users); member users may. ``MFA_REQUIRED_FOR_PRIVILEGED`` turns the requirement off (tests only)."""
    if not getattr(settings, "MFA_REQUIRED_FOR_PRIVILEGED", True) or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_association_staff or user.is_mediator or user.is_regulator)


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def account_settings(user):
    from accounts.models import AccountSettings

    return AccountSettings.objects.filter(user=user).first()


def missing_mfa(user, account=None) -> bool:
    if not requires_mfa(user):
        return False
    if account is not None and account.skip_mfa and getattr(settings, "DEMO_USERS_SKIP_MFA", False):
        return False
    return not has_mfa(user)
