"""Who must do what before using the portal: change a temporary password, set up two-factor sign-in.

Read on every request of a signed-in person, so what the policy needs of an account (its settings and
whether it has an authenticator app) is kept in the cache and dropped whenever either changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

CACHE_SECONDS = 300


@dataclass(frozen=True)
class AccountState:
    language: str = ""
    must_change_password: bool = False
    skip_mfa: bool = False
    has_mfa: bool = False


def _key(user_id: int) -> str:
    return f"account-state:{user_id}"


def account_state(user) -> AccountState:
    state = cache.get(_key(user.pk))
    if state is None:
        from allauth.mfa.models import Authenticator

        from accounts.models import AccountSettings

        row = AccountSettings.objects.filter(user=user).values("language", "must_change_password", "skip_mfa").first()
        mfa = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        state = AccountState(**(row or {}), has_mfa=mfa)
        cache.set(_key(user.pk), state, CACHE_SECONDS)
    return state


def forget_account_state(user_id: int) -> None:
    cache.delete(_key(user_id))


def requires_mfa(user) -> bool:
    """Association staff, mediators and regulators sign in with a second factor (等保 level 3: privileged
    users); member users may. ``MFA_REQUIRED_FOR_PRIVILEGED`` turns the requirement off (tests only)."""
    if not getattr(settings, "MFA_REQUIRED_FOR_PRIVILEGED", True) or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_association_staff or user.is_mediator or user.is_regulator)


def has_mfa(user) -> bool:
    return account_state(user).has_mfa


def missing_mfa(user, state: AccountState | None = None) -> bool:
    if not requires_mfa(user):
        return False
    state = state or account_state(user)
    if state.skip_mfa and getattr(settings, "DEMO_USERS_SKIP_MFA", False):
        return False
    return not state.has_mfa
