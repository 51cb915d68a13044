"""A company manager (or staff) manages people: change a colleague's role, deactivate an account.

Deactivating keeps the account and its history; it ends the person's sessions and revokes their API
tokens. A manager acts only inside the organisations it manages and never on staff or regulator roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import EventKind, PersonalToken
from accounts.services.audit import account_event_record
from association.audit import acting
from association.choices import MEMBER_ROLES, Role
from association.models import Membership, User
from association.permissions import grantable_roles


def may_manage_membership(actor, membership: Membership) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_association_staff:  # an administrator's account is the administrators' (issue 14)
        return actor.is_administrator or not membership.user.is_administrator
    return (
        membership.role in MEMBER_ROLES
        and actor.has_role(Role.MEMBER_MANAGER)
        and actor.may_manage(membership.organisation_id)
    )


def _ensure(actor, membership: Membership) -> None:
    if not may_manage_membership(actor, membership):
        raise PermissionDenied(_("You may not manage this person."))


@acting
@transaction.atomic
def person_set_role(*, actor, membership: Membership, role: str, request=None) -> Membership:
    membership = Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    _ensure(actor, membership)
    allowed = grantable_roles(actor) if actor.is_association_staff else list(MEMBER_ROLES)
    if role not in allowed:
        raise ValidationError({"role": _("You may not give this role.")})
    if membership.user_id == actor.pk and not actor.is_association_staff:
        raise ValidationError({"role": _("You cannot change your own role.")})
    old = membership.role
    if old != role:
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])
        account_event_record(kind=EventKind.ROLE_CHANGED, user=membership.user, actor=actor, request=request,
                             detail=f"{Role(old).label} → {Role(role).label}")  # fmt: skip
    return membership


def end_sessions(user: User) -> int:
    """Sign the person out everywhere (allauth's session list)."""
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)


def revoke_tokens(user: User) -> int:
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    return PersonalToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


@acting
@transaction.atomic
def person_deactivate(*, actor, membership: Membership, request=None) -> Membership:
    """The person leaves this organisation: the membership is kept, inactive; with no other active
    membership the account is deactivated, its sessions ended and its tokens revoked."""
    membership = Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    _ensure(actor, membership)
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    user = membership.user
    if not user.memberships.filter(is_active=True).exists() and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        end_sessions(user)
        revoke_tokens(user)
    account_event_record(kind=EventKind.DEACTIVATED, user=user, actor=actor, request=request,
                         detail=membership.organisation.name)  # fmt: skip
    return membership
