"""Memberships: who belongs to which organisation in which role (roles decide what a user may see and do)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import ROLE_RANK
from association.models import Membership, Organisation, User

MEMBERSHIP_FIELDS = ("user", "organisation", "role", "is_active")


def _ensure_staff(actor) -> None:
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff change memberships."))


def _ensure_may_grant(actor, role: str, user: User) -> None:
    """Nobody grants a role above their own, and only an administrator changes an administrator's roles."""
    if ROLE_RANK.get(role, 0) > actor.role_rank():
        raise PermissionDenied(_("You cannot grant a role above your own."))
    if user.is_administrator and not actor.is_administrator:
        raise PermissionDenied(_("Only an administrator changes an administrator's roles."))


@acting
@transaction.atomic
def membership_create(
    *, actor, user: User, organisation: Organisation, role: str, is_active: bool = True
) -> Membership:
    _ensure_staff(actor)
    _ensure_may_grant(actor, role, user)
    membership = Membership(user=user, organisation=organisation, role=role, is_active=is_active)
    membership.full_clean()
    membership.save()
    return membership


@acting
@transaction.atomic
def membership_update(*, membership: Membership, actor, **fields) -> Membership:
    """Change the role, the person or the organisation, or switch a membership off."""
    _ensure_staff(actor)
    unknown = set(fields) - set(MEMBERSHIP_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    _ensure_may_grant(actor, membership.role, membership.user)
    changed = [name for name, value in fields.items() if getattr(membership, name) != value]
    _ensure_may_grant(actor, fields.get("role", membership.role), fields.get("user", membership.user))
    for name in changed:
        setattr(membership, name, fields[name])
    if changed:
        membership.full_clean()
        membership.save(update_fields=changed)
    return membership


@acting
@transaction.atomic
def membership_delete(*, membership: Membership, actor) -> None:
    _ensure_staff(actor)
    _ensure_may_grant(actor, membership.role, membership.user)
    membership.delete()
