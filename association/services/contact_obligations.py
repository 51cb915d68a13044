"""Contacts registry obligations: the annual confirmation (end of February) and change reports."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from association.audit import acting
from association.choices import MembershipStatus, ObligationKind, ObligationStatus, required_contact_duties
from association.deadlines import contact_change_due_at, due_fixed_date
from association.models import ContactPerson, Obligation, Organisation
from association.services.obligations import obligation_create, obligation_submit


def contacts_confirmation_create(*, year: int) -> int:
    """Every member company in good standing owes one confirmation, due the last day of February, for itself and
    all its branches (its head organisation confirms them on one page). Idempotent."""
    due_at = due_fixed_date(year, 2, "last")
    created = 0
    members = Organisation.objects.members().filter(membership_status=MembershipStatus.MEMBER, parent__isnull=True)
    for org in members.only("id", "name", "kind"):
        key = f"contacts-confirmation:{year}:{org.id}"
        if Obligation.objects.filter(dedupe_key=key).exists():
            continue
        duties = pgettext("list separator", ", ").join(str(duty.label) for duty in required_contact_duties(org.kind))
        obligation_create(
            organisation=org,
            kind=ObligationKind.CONTACTS_CONFIRMATION,
            title=_("Confirm the contacts registry for %(year)d") % {"year": year},
            description=_(
                "Check the A and B contact of each of these duties, for the company and each of its branches, "
                "and confirm them as they are or correct them: %(duties)s."
            )
            % {"duties": duties},
            due_at=due_at,
            dedupe_key=key,
        )
        created += 1
    return created


def confirmation_organisations(obligation: Obligation):
    """The organisations an annual confirmation covers: the company that owes it and all its branches."""
    ids = Organisation.objects.descendant_ids([obligation.organisation_id])
    return Organisation.objects.filter(pk__in=ids, is_active=True)


def missing_contacts(organisations, contacts) -> list[str]:
    """ "Branch: duty A" for every A or B contact a required duty lacks (the confirmation is refused then)."""
    have = {(c.organisation_id, c.duty, c.slot) for c in contacts}
    return [
        f"{org.name}: {duty.label} {slot}"
        for org in organisations
        for duty in required_contact_duties(org.kind)
        for slot in ("A", "B")
        if (org.pk, duty.value, slot) not in have
    ]


@acting
@transaction.atomic
def contacts_confirm(*, obligation: Obligation, actor):
    """The company confirms its contacts registry, and its branches', as they are: the annual confirmation is
    submitted (for the association's review) with who confirmed and how many contacts it covered. Refused
    while a required A or B contact is missing."""
    if obligation.kind != ObligationKind.CONTACTS_CONFIRMATION:
        raise ValidationError(_("This is not an annual contacts confirmation."))
    if not actor.may_act_for(obligation.organisation_id):
        raise PermissionDenied(_("You may not submit for this organisation."))
    organisations = list(confirmation_organisations(obligation))
    contacts = list(ContactPerson.objects.filter(organisation__in=organisations))
    missing = missing_contacts(organisations, contacts)
    if missing:
        raise ValidationError(
            _("Fill in the missing contacts first: %(missing)s.")
            % {"missing": pgettext("list separator", ", ").join(missing[:10]) + ("…" if len(missing) > 10 else "")}
        )
    return obligation_submit(
        obligation=obligation,
        actor=actor,
        text=_("Confirmed as they are: %(contacts)d contacts of %(organisations)d organisations.")
        % {"contacts": len(contacts), "organisations": len(organisations)},
        data={"organisations": len(organisations), "contacts": len(contacts), "confirmed_as_they_are": True},
        through_subject=True,
    )


@acting
@transaction.atomic
def contact_change_record(*, contact: ContactPerson, effective_from: dt.date, actor, reported_at=None) -> Obligation:
    """A change of contact is reported now; it was due by the end of the 5th working day after it took effect
    (:func:`association.deadlines.contact_change_due_at`, the rule ``is_contact_change_late`` applies).

    Recorded as an obligation already submitted (and accepted: the change itself is the report),
    so the compliance table counts a late report as late.
    """
    reported_at = reported_at or timezone.now()
    due_at = contact_change_due_at(effective_from)
    obligation = obligation_create(
        organisation=contact.organisation,
        kind=ObligationKind.CONTACTS_CHANGE,
        title=_("Contact change: %(duty)s %(slot)s → %(name)s")
        % {"duty": contact.get_duty_display(), "slot": contact.slot, "name": contact.name},
        due_at=due_at,
        subject=contact,
        actor=actor,
        dedupe_key=f"contact-change:{contact.pk}:{effective_from.isoformat()}:{contact.name}:{contact.phone}",
    )
    if obligation.status == ObligationStatus.OPEN:
        obligation.status = ObligationStatus.ACCEPTED
        obligation.submitted_at = obligation.first_submitted_at = reported_at
        obligation.accepted_at = reported_at
        obligation.save(update_fields=["status", "submitted_at", "first_submitted_at", "accepted_at"])
    return obligation
