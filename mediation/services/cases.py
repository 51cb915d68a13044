"""Case creation and the enforced workflow. Admin, portal, API and importer call these services.

received → accepted | declined(reason) → mediator assigned → sessions → succeeded(agreement, settlement)
| failed | withdrawn → judicial confirmation applied → confirmed(ruling no., date) | refused.
An invalid transition raises ``ValidationError`` naming the current status; nothing changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.attachments import safe_filename, validate_attachment
from association.audit import acting
from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation
from association.services.obligations import obligation_cancel, obligation_create, obligations_cancel_for
from mediation.choices import TRANSITIONS, CaseStatus
from mediation.models import Case, MediationSession
from mediation.services.numbering import next_case_number
from mediation.services.permissions import ensure_may_act

S = CaseStatus
CASE_FIELDS = (
    "source",
    "court",
    "referral_number",
    "referral_date",
    "channel",
    "consumer_name",
    "consumer_id_number",
    "consumer_phone",
    "respondent",
    "line",
    "amount_in_dispute",
    "summary",
    "received_on",
)


def mediation_period_days() -> int:
    return int(getattr(settings, "MEDIATION_PERIOD_DAYS", 30))


def response_period_days() -> int:
    return int(getattr(settings, "MEDIATION_RESPONSE_DAYS", 7))


@acting
@transaction.atomic
def case_create(*, actor, number: str | None = None, **fields) -> Case:
    """Register a case (status received) with the next number of its year."""
    ensure_may_act(actor, None, "create")
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    case = Case(**fields, created_by=actor if actor is not None and actor.pk else None)
    case.number = number or "pending"
    case.full_clean(exclude=["number"])
    if number is None:
        case.number = next_case_number(case.received_on.year)
    case.save()
    return case


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _move(case: Case, target: str) -> None:
    if target not in TRANSITIONS.get(case.status, ()):
        raise ValidationError(
            _("A case that is “%(current)s” cannot become “%(target)s”.")
            % {"current": CaseStatus(case.status).label, "target": CaseStatus(target).label},
            code="invalid_transition",
        )
    case.status = target


def _save(case: Case, *fields: str) -> Case:
    case.full_clean(exclude=["agreement_file"])
    case.save(update_fields=["status", *fields])
    return case


def _required(value, field: str, message: str):
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ValidationError({field: message})
    return value.strip() if isinstance(value, str) else value


def _recompute_due(case: Case) -> None:
    if case.accepted_on:
        days = mediation_period_days() + case.extension_days + case.suspended_days
        case.mediation_due_on = case.accepted_on + dt.timedelta(days=days)


def _response_obligation(case: Case, actor) -> Obligation:
    due_date = case.accepted_on + dt.timedelta(days=response_period_days())
    due_at = timezone.make_aware(dt.datetime.combine(due_date, dt.time(17, 30)))
    return obligation_create(
        organisation=case.respondent,
        kind=ObligationKind.MEDIATION_RESPONSE,
        title=_("Written response in mediation case %(number)s") % {"number": case.number},
        due_at=due_at,
        subject=case,
        actor=actor,
        dedupe_key=f"mediation-response:{case.pk}",
    )


def response_obligations(case: Case):
    return Obligation.objects.filter(
        kind=ObligationKind.MEDIATION_RESPONSE,
        subject_type=ContentType.objects.get_for_model(Case),
        subject_id=case.pk,
    )


def _cancel_response(case: Case, actor, reason: str) -> None:
    """The case is gone (deleted): nothing it demanded is owed, whatever its state."""
    for obligation in response_obligations(case).exclude(
        status__in=[ObligationStatus.ACCEPTED, ObligationStatus.CANCELLED]
    ):
        obligation_cancel(obligation=obligation, actor=actor, reason=reason)


def _end_response(case: Case, actor, reason: str) -> None:
    """The case has ended (success, failure, withdrawal, decline): the written response the respondent still
    owes is no longer owed. It is cancelled, so no reminder or escalation follows and the reminder e-mails
    not yet sent are dropped. A response already past due when the case ended stays owed: the company missed
    it, and the compliance table keeps that breach (it may still respond late); a response waiting for
    review is still reviewed. The case ended at the end of its ``closed_on`` day, or now if that is earlier."""
    ended_at = timezone.now()
    if case.closed_on is not None:
        end_of_day = timezone.make_aware(dt.datetime.combine(case.closed_on + dt.timedelta(days=1), dt.time()))
        ended_at = min(ended_at, end_of_day)
    obligations_cancel_for(case, actor=actor, reason=reason, now=ended_at)


@acting
@transaction.atomic
def case_accept(*, case: Case, actor, accepted_on: dt.date | None = None) -> Case:
    ensure_may_act(actor, case, "accept")
    case = _lock(case)
    _move(case, S.ACCEPTED)
    case.accepted_on = accepted_on or timezone.localdate()
    _recompute_due(case)
    _save(case, "accepted_on", "mediation_due_on")
    _response_obligation(case, actor)
    return case


@acting
@transaction.atomic
def case_decline(*, case: Case, actor, reason: str) -> Case:
    ensure_may_act(actor, case, "decline")
    reason = _required(reason, "decline_reason", _("Say why the case is declined."))
    case = _lock(case)
    _move(case, S.DECLINED)
    case.decline_reason, case.closed_on = reason, timezone.localdate()
    _save(case, "decline_reason", "closed_on")
    _end_response(case, actor, _("The case was declined."))
    return case


@acting
@transaction.atomic
def case_assign(*, case: Case, actor, mediator) -> Case:
    ensure_may_act(actor, case, "assign")
    if mediator is None or not mediator.is_active or not mediator.is_mediator:
        raise ValidationError({"mediator": _("Choose an active user with the mediator role.")})
    case = _lock(case)
    if case.status == S.IN_SESSIONS:  # a reassignment keeps the sessions held so far
        case.mediator = mediator
        case.save(update_fields=["mediator"])
        return case
    _move(case, S.MEDIATOR_ASSIGNED)
    case.mediator = mediator
    return _save(case, "mediator")


@acting
@transaction.atomic
def session_add(
    *, case: Case, actor, held_on: dt.date, mode: str, attendees: str = "", notes: str = ""
) -> MediationSession:
    ensure_may_act(actor, case, "session")
    case = _lock(case)
    _move(case, S.IN_SESSIONS)
    _save(case)
    session = MediationSession(
        case=case, held_on=held_on, mode=mode, attendees=attendees, notes=notes, created_by=actor
    )
    session.full_clean()
    session.save()
    return session


@acting
@transaction.atomic
def case_succeed(
    *, case: Case, actor, settlement_amount, agreement_file, closed_on: dt.date | None = None, notes: str = ""
) -> Case:
    """Mediation succeeded: the signed agreement (PDF, Word or image) and the settlement amount."""
    ensure_may_act(actor, case, "succeed")
    _required(settlement_amount, "settlement_amount", _("Enter the settlement amount."))
    if not agreement_file:
        raise ValidationError({"agreement_file": _("Attach the signed mediation agreement.")})
    kind = validate_attachment(agreement_file, allowed=("pdf", "docx", "jpg", "png"))
    case = _lock(case)
    _move(case, S.SUCCEEDED)
    case.settlement_amount = Decimal(str(settlement_amount))
    case.closed_on = closed_on or timezone.localdate()
    case.outcome_notes = notes
    agreement_file.seek(0)
    case.agreement_file.save(safe_filename(agreement_file.name, kind), agreement_file, save=False)
    _save(case, "settlement_amount", "closed_on", "outcome_notes", "agreement_file")
    _end_response(case, actor, _("The mediation succeeded."))
    return case


@acting
@transaction.atomic
def case_fail(*, case: Case, actor, reason: str, closed_on: dt.date | None = None) -> Case:
    ensure_may_act(actor, case, "fail")
    reason = _required(reason, "outcome_notes", _("Say why the mediation failed."))
    case = _lock(case)
    _move(case, S.FAILED)
    case.outcome_notes, case.closed_on = reason, closed_on or timezone.localdate()
    _save(case, "outcome_notes", "closed_on")
    _end_response(case, actor, _("The mediation failed."))
    return case


@acting
@transaction.atomic
def case_withdraw(*, case: Case, actor, reason: str = "", closed_on: dt.date | None = None) -> Case:
    ensure_may_act(actor, case, "withdraw")
    case = _lock(case)
    _move(case, S.WITHDRAWN)
    case.outcome_notes, case.closed_on = (reason or "").strip(), closed_on or timezone.localdate()
    _save(case, "outcome_notes", "closed_on")
    _end_response(case, actor, _("The case was withdrawn."))
    return case


@acting
@transaction.atomic
def case_apply_confirmation(*, case: Case, actor, applied_on: dt.date | None = None) -> Case:
    ensure_may_act(actor, case, "apply_confirmation")
    case = _lock(case)
    _move(case, S.CONFIRMATION_APPLIED)
    case.confirmation_applied_on = applied_on or timezone.localdate()
    return _save(case, "confirmation_applied_on")


@acting
@transaction.atomic
def case_confirm(*, case: Case, actor, ruling_number: str, ruling_date: dt.date) -> Case:
    ensure_may_act(actor, case, "confirm")
    ruling_number = _required(ruling_number, "ruling_number", _("Enter the number of the court's ruling."))
    _required(ruling_date, "ruling_date", _("Enter the date of the court's ruling."))
    case = _lock(case)
    _move(case, S.CONFIRMED)
    case.ruling_number, case.ruling_date = ruling_number, ruling_date
    return _save(case, "ruling_number", "ruling_date")


@acting
@transaction.atomic
def case_refuse(*, case: Case, actor, reason: str = "", ruling_date: dt.date | None = None) -> Case:
    ensure_may_act(actor, case, "refuse")
    case = _lock(case)
    _move(case, S.REFUSED)
    case.refusal_reason, case.ruling_date = (reason or "").strip(), ruling_date or timezone.localdate()
    return _save(case, "refusal_reason", "ruling_date")


@acting
@transaction.atomic
def case_extend(*, case: Case, actor, days: int, reason: str) -> Case:
    """Extend the mediation period by ``days`` (with a reason); extensions add up."""
    ensure_may_act(actor, case, "extend")
    reason = _required(reason, "extension_reason", _("Say why the period is extended."))
    if not isinstance(days, int) or days < 1 or days > 365:
        raise ValidationError({"extension_days": _("Extend by 1 to 365 days.")})
    case = _lock(case)
    if case.status not in (S.ACCEPTED, S.MEDIATOR_ASSIGNED, S.IN_SESSIONS):
        raise ValidationError(_("Only a case in mediation can be extended."))
    case.extension_days += days
    case.extension_reason = (case.extension_reason + "\n" + reason).strip()
    _recompute_due(case)
    return _save(case, "extension_days", "extension_reason", "mediation_due_on")


@acting
@transaction.atomic
def case_suspend(*, case: Case, actor, reason: str, on: dt.date | None = None) -> Case:
    """Stop the clock (e.g. waiting for an appraisal); ``case_resume`` adds the days to the period."""
    ensure_may_act(actor, case, "suspend")
    reason = _required(reason, "suspension_reason", _("Say why the case is suspended."))
    case = _lock(case)
    if case.status not in (S.ACCEPTED, S.MEDIATOR_ASSIGNED, S.IN_SESSIONS):
        raise ValidationError(_("Only a case in mediation can be suspended."))
    if case.suspended_on is not None:
        raise ValidationError(_("The case is already suspended."))
    case.suspended_on, case.suspension_reason = on or timezone.localdate(), reason
    return _save(case, "suspended_on", "suspension_reason")


@acting
@transaction.atomic
def case_resume(*, case: Case, actor, on: dt.date | None = None) -> Case:
    ensure_may_act(actor, case, "resume")
    case = _lock(case)
    if case.suspended_on is None:
        raise ValidationError(_("The case is not suspended."))
    on = on or timezone.localdate()
    case.suspended_days += max((on - case.suspended_on).days, 0)
    case.suspended_on = None
    _recompute_due(case)
    return _save(case, "suspended_on", "suspended_days", "mediation_due_on")


@acting
@transaction.atomic
def case_update(*, case: Case, actor, **fields) -> Case:
    """Correct what was registered (never the status: the workflow services move it). The respondent stays
    once the case was accepted: it owes the written response."""
    ensure_may_act(actor, case, "edit")
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    case = _lock(case)
    changed = [name for name, value in fields.items() if getattr(case, name) != value]
    if "respondent" in changed and case.accepted_on is not None:
        raise ValidationError({"respondent": _("The respondent of an accepted case cannot change.")})
    for name in changed:
        setattr(case, name, fields[name])
    if changed:
        case.full_clean(exclude=["agreement_file"])
        # the keyed hash follows the ID number (computed when the row is saved)
        case.save(update_fields=[*changed, *(["consumer_id_hash"] if "consumer_id_number" in changed else [])])
    return case


@acting
@transaction.atomic
def case_delete(*, case: Case, actor) -> None:
    """A case registered by mistake (superusers only); the response it demanded is cancelled."""
    if actor is None or not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser deletes a case."))
    _cancel_response(case, actor, _("The case was deleted."))
    case.delete()
