"""Writes to the contacts registry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.audit import acting
from association.models import ContactPerson, Organisation

CONTACT_FIELDS = ["duty", "slot", "name", "position", "phone", "office_phone", "email", "effective_from"]
#: a change of these is a change of contact, which must be reported within 5 working days
PERSON_FIELDS = {"name", "phone", "email"}
NEW_PERSON_NEEDS_DATE = gettext_lazy(
    "Enter the date the new person took over: a change of contact is reported within 5 working days of it."
)


def _record_change(contact: ContactPerson, actor) -> None:
    """When the person changes and the date it took effect is known, the report's timeliness is recorded."""
    if contact.effective_from:
        from association.services.contact_obligations import contact_change_record

        contact_change_record(contact=contact, effective_from=contact.effective_from, actor=actor)


def _ensure_may_manage(actor, organisation: Organisation) -> None:
    """``actor=None`` is the system (an operator's management command, a scheduled task)."""
    if actor is not None and not actor.may_manage(organisation.pk):
        raise PermissionDenied(_("You may not change the contacts of this organisation."))


@acting
@transaction.atomic
def contact_create(*, actor, organisation: Organisation, **fields) -> ContactPerson:
    _ensure_may_manage(actor, organisation)
    contact = ContactPerson(organisation=organisation, **fields)
    contact.full_clean()
    contact.save()
    _record_change(contact, actor)
    return contact


@acting
@transaction.atomic
def contact_update(*, actor, contact: ContactPerson, **fields) -> ContactPerson:
    """Change a contact. A new person (name, mobile phone or e-mail) comes with the date it took effect,
    given with the change (``effective_from``): the date stored for the previous person is not theirs."""
    _ensure_may_manage(actor, contact.organisation)
    changed = [name for name, value in fields.items() if getattr(contact, name) != value]
    for name in changed:
        if name not in CONTACT_FIELDS:
            raise ValueError(f"unknown contact field {name}")
    if PERSON_FIELDS & set(changed) and fields.get("effective_from") is None:
        raise ValidationError({"effective_from": NEW_PERSON_NEEDS_DATE})
    for name in changed:
        setattr(contact, name, fields[name])
    if changed:
        contact.full_clean()
        contact.save(update_fields=[*changed, "updated_at"])
        if PERSON_FIELDS & set(changed) or "effective_from" in changed:
            _record_change(contact, actor)
    return contact


@acting
@transaction.atomic
def contact_delete(*, actor, contact: ContactPerson) -> None:
    _ensure_may_manage(actor, contact.organisation)
    contact.delete()
