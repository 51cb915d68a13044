"""Staff's security actions: clear a lock-out, reset a person's second factor, end their sessions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import EventKind
from accounts.services.audit import account_event_record
from accounts.services.people import end_sessions
from association.audit import acting
from association.models import User


def _ensure_staff(actor) -> None:
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff may do this."))


def locked_out_attempts():
    """The sign-in attempts that currently lock someone out (django-axes' records)."""
    from axes.helpers import get_failure_limit
    from axes.models import AccessAttempt

    limit = get_failure_limit(None, None)
    return list(AccessAttempt.objects.filter(failures_since_start__gte=limit).order_by("-attempt_time"))


@acting
@transaction.atomic
def lockout_clear(*, actor, username: str, request=None) -> int:
    """Let ``username`` try again now (every address it was locked from)."""
    from axes.utils import reset

    _ensure_staff(actor)
    cleared = reset(username=username)
    account_event_record(kind=EventKind.UNLOCKED, user=User.objects.filter(username=username).first(),
                         username=username, actor=actor, request=request)  # fmt: skip
    return cleared


@acting
@transaction.atomic
def mfa_reset(*, actor, user: User, request=None) -> int:
    """Remove the person's authenticator app and recovery codes (a lost phone): they set it up again at
    their next sign-in (required for staff, mediators and regulators). Their sessions end."""
    from allauth.mfa.models import Authenticator

    _ensure_staff(actor)
    removed, _detail = Authenticator.objects.filter(user=user).delete()
    end_sessions(user)
    account_event_record(kind=EventKind.MFA_RESET, user=user, actor=actor, request=request)
    return removed
