"""One entry point for a workflow step by name, for the API and the portal (same rules as the services)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from mediation.models import Case
from mediation.services import cases as svc


def _need(data: dict, key: str, message: str):
    value = data.get(key)
    if value in (None, ""):
        raise ValidationError({key: message})
    return value


@acting
def case_transition(*, case: Case, actor, action: str, data: dict):
    """Run ``action`` with the fields in ``data`` (already parsed: dates, decimals, users, files)."""
    date = data.get("date")
    if action == "accept":
        return svc.case_accept(case=case, actor=actor, accepted_on=date)
    if action == "decline":
        return svc.case_decline(case=case, actor=actor, reason=data.get("reason", ""))
    if action == "assign":
        return svc.case_assign(case=case, actor=actor, mediator=data.get("mediator"))
    if action == "session":
        svc.session_add(
            case=case,
            actor=actor,
            held_on=date or timezone.localdate(),
            mode=_need(data, "mode", _("Choose how the session was held.")),
            attendees=data.get("attendees", ""),
            notes=data.get("notes", ""),
        )
        return Case.objects.get(pk=case.pk)
    if action == "succeed":
        return svc.case_succeed(
            case=case,
            actor=actor,
            settlement_amount=data.get("settlement_amount"),
            agreement_file=data.get("agreement_file"),
            closed_on=date,
            notes=data.get("notes", ""),
        )
    if action == "fail":
        return svc.case_fail(case=case, actor=actor, reason=data.get("reason", ""), closed_on=date)
    if action == "withdraw":
        return svc.case_withdraw(case=case, actor=actor, reason=data.get("reason", ""), closed_on=date)
    if action == "apply_confirmation":
        return svc.case_apply_confirmation(case=case, actor=actor, applied_on=date)
    if action == "confirm":
        return svc.case_confirm(
            case=case,
            actor=actor,
            ruling_number=data.get("ruling_number", ""),
            ruling_date=_need(data, "date", _("Enter the date of the court's ruling.")),
        )
    if action == "refuse":
        return svc.case_refuse(case=case, actor=actor, reason=data.get("reason", ""), ruling_date=date)
    if action == "extend":
        return svc.case_extend(
            case=case, actor=actor, days=_need(data, "days", _("Enter the days.")), reason=data.get("reason", "")
        )
    if action == "suspend":
        return svc.case_suspend(case=case, actor=actor, reason=data.get("reason", ""), on=date)
    if action == "resume":
        return svc.case_resume(case=case, actor=actor, on=date)
    raise ValidationError({"action": _("Unknown action.")})
