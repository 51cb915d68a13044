"""Memberships: who belongs to which organisation in which role (roles decide what a user may see and do)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from association.audit import acting
from association.models import Membership, Organisation, User

MEMBERSHIP_FIELDS = ("user", "organisation", "role", "is_active")


def _ensure_staff(actor) -> None:
    if actor is None or not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff change memberships."))


@acting
@transaction.atomic
def membership_create(
    *, actor, user: User, organisation: Organisation, role: str, is_active: bool = True
) -> Membership:
    _ensure_staff(actor)
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
    changed = [name for name, value in fields.items() if getattr(membership, name) != value]
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
    membership.delete()
