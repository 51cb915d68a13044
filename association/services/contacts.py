"""Writes to the contacts registry."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from association.models import ContactPerson, Organisation

CONTACT_FIELDS = ["duty", "slot", "name", "position", "phone", "office_phone", "email", "effective_from"]


def _ensure_may_manage(actor, organisation: Organisation) -> None:
    allowed = actor.manageable_organisation_ids()
    if allowed is not None and organisation.pk not in allowed:
        raise PermissionDenied(_("You may not change the contacts of this organisation."))


@transaction.atomic
def contact_create(*, actor, organisation: Organisation, **fields) -> ContactPerson:
    _ensure_may_manage(actor, organisation)
    contact = ContactPerson(organisation=organisation, **fields)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, actor, contact: ContactPerson, **fields) -> ContactPerson:
    _ensure_may_manage(actor, contact.organisation)
    changed = [name for name, value in fields.items() if getattr(contact, name) != value]
    for name in changed:
        if name not in CONTACT_FIELDS:
            raise ValueError(f"unknown contact field {name}")
        setattr(contact, name, fields[name])
    if changed:
        contact.full_clean()
        contact.save(update_fields=[*changed, "updated_at"])
    return contact


@transaction.atomic
def contact_delete(*, actor, contact: ContactPerson) -> None:
    _ensure_may_manage(actor, contact.organisation)
    contact.delete()
