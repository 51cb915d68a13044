"""Writes to organisations. Admin, portal, API and importers call these."""

from django.db import transaction

from association.audit import acting
from association.models import Organisation

ORGANISATION_FIELDS = [
    "name",
    "short_name",
    "name_en",
    "kind",
    "tier",
    "parent",
    "region",
    "credit_code",
    "membership_status",
    "joined_on",
    "left_on",
    "address",
    "phone",
    "email",
    "is_active",
]


@acting
@transaction.atomic
def organisation_create(*, actor, **fields) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    return organisation


@acting
@transaction.atomic
def organisation_update(*, organisation: Organisation, actor, **fields) -> Organisation:
    changed = []
    for name, value in fields.items():
        if name not in ORGANISATION_FIELDS:
            raise ValueError(f"unknown organisation field {name}")
        if getattr(organisation, name) != value:
            setattr(organisation, name, value)
            changed.append(name)
    if changed:
        organisation.full_clean()
        organisation.save(update_fields=[*changed, "updated_at"])
    return organisation


@acting
@transaction.atomic
def organisation_delete(*, organisation: Organisation, actor) -> None:
    """Delete an organisation with no branches and no users; its contacts go with it."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if organisation.branches.exists():
        raise ValidationError(_("This organisation has branches; delete or move them first."))
    if organisation.memberships.exists():
        raise ValidationError(_("Users belong to this organisation; remove their memberships first."))
    organisation.delete()
