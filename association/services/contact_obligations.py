"""Contacts registry obligations: the annual confirmation (end of February) and change reports."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from association.audit import acting
from association.choices import MembershipStatus, ObligationKind, ObligationStatus, required_contact_duties
from association.deadlines import contact_change_due_at, due_fixed_date
from association.models import ContactPerson, Obligation, Organisation
from association.services.obligations import obligation_create


def contacts_confirmation_create(*, year: int) -> int:
    """Every member in good standing owes a confirmation due the last day of February. Idempotent."""
    due_at = due_fixed_date(year, 2, "last")
    created = 0
    members = Organisation.objects.members().filter(membership_status=MembershipStatus.MEMBER)
    for org in members.only("id", "name", "kind"):
        key = f"contacts-confirmation:{year}:{org.id}"
        if Obligation.objects.filter(dedupe_key=key).exists():
            continue
        duties = pgettext("list separator", ", ").join(str(duty.label) for duty in required_contact_duties(org.kind))
        obligation_create(
            organisation=org,
            kind=ObligationKind.CONTACTS_CONFIRMATION,
            title=_("Confirm the contacts registry for %(year)d") % {"year": year},
            description=_("Check the A and B contact of each of these duties and submit the confirmation: %(duties)s.")
            % {"duties": duties},
            due_at=due_at,
            dedupe_key=key,
        )
        created += 1
    return created


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
