"""Findings, rectification demands and their review, follow-up re-checks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.attachments import safe_filename, validate_attachment
from association.audit import acting
from association.choices import ObligationKind
from association.services.obligations import (
    obligation_accept,
    obligation_create,
    obligation_return,
    obligation_submit,
    obligations_cancel_for,
)
from selfregulation.choices import InspectionKind, InspectionStatus, Verdict
from selfregulation.models import (
    ChecklistItem,
    Evidence,
    Finding,
    Inspection,
    InspectionTarget,
    RecheckResult,
    Rectification,
)
from selfregulation.services.inspections import _require_staff, inspection_create


@acting
@transaction.atomic
def finding_create(
    *,
    target: InspectionTarget,
    item: ChecklistItem,
    description: str,
    severity: str,
    actor,
    found_on: dt.date | None = None,
    files=(),
    rectify_by: dt.datetime | None = None,
    demand: str = "",
) -> Finding:
    _require_staff(actor)
    if target.inspection.status == InspectionStatus.CLOSED:
        raise ValidationError(_("The inspection is closed."))
    if item.template_id != target.inspection.checklist_id:
        raise ValidationError({"item": _("The item is not on this inspection's checklist.")})
    if not (description or "").strip():
        raise ValidationError({"description": _("Describe what was found.")})
    kinds = [validate_attachment(f) for f in files]
    finding = Finding(
        inspection=target.inspection,
        target=target,
        organisation_id=target.organisation_id,
        item=item,
        item_code=item.code,
        description=description.strip(),
        severity=severity,
        found_on=found_on or timezone.localdate(),
        created_by=actor,
    )
    finding.full_clean()
    finding.save()
    for f, kind in zip(files, kinds, strict=True):
        f.seek(0)
        name = safe_filename(f.name, kind)
        evidence = Evidence(finding=finding, original_name=name, kind=kind, size=f.size)
        evidence.file.save(name, f, save=False)
        evidence.save()
    if rectify_by is not None:
        rectification_demand(finding=finding, due_at=rectify_by, demand=demand, actor=actor)
    return finding


@acting
@transaction.atomic
def rectification_demand(*, finding: Finding, due_at: dt.datetime, demand: str = "", actor) -> Rectification:
    """The company owes a written rectification report by ``due_at`` (an obligation in its inbox)."""
    _require_staff(actor)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.is_closed:
        raise ValidationError(_("The finding is closed."))
    if hasattr(finding, "rectification"):
        raise ValidationError(_("Rectification has already been demanded for this finding."))
    if due_at <= timezone.now():
        raise ValidationError({"rectify_by": _("The rectification deadline must be in the future.")})
    obligation = obligation_create(
        organisation=finding.organisation,
        kind=ObligationKind.RECTIFICATION_REPORT,
        title=_("Rectification report: %(item)s (%(inspection)s)")
        % {"item": finding.item.text[:80], "inspection": finding.inspection.title[:120]},
        description=(demand or finding.description)[:2000],
        due_at=due_at,
        subject=finding,
        actor=actor,
        dedupe_key=f"sr-rectify:{finding.pk}",
    )
    return Rectification.objects.create(finding=finding, obligation=obligation, demand=demand)


@acting
@transaction.atomic
def finding_close(*, finding: Finding, actor, reason: str, now: dt.datetime | None = None) -> Finding:
    """Close a finding (staff, with a reason). A rectification report not yet due is owed no more (no
    reminders); one already due stays owed and counts as late; a report waiting for review is still reviewed."""
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the finding is closed.")})
    now = now or timezone.now()
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.is_closed:
        raise ValidationError(_("The finding is already closed."))
    finding.closed_at, finding.closed_by, finding.close_reason = now, actor, reason
    finding.save(update_fields=["closed_at", "closed_by", "close_reason"])
    obligations_cancel_for(
        finding, actor=actor, reason=_("The finding was closed: %(reason)s") % {"reason": reason}, now=now
    )
    return finding


@acting
def rectification_submit(*, rectification: Rectification, actor, text: str, files=()):
    return obligation_submit(obligation=rectification.obligation, actor=actor, text=text, files=files)


@acting
def rectification_review(
    *, rectification: Rectification, actor, accept: bool, comment: str = "", new_due_at: dt.datetime | None = None
):
    if accept:
        return obligation_accept(obligation=rectification.obligation, actor=actor, comment=comment)
    return obligation_return(obligation=rectification.obligation, actor=actor, comment=comment, new_due_at=new_due_at)


@acting
@transaction.atomic
def recheck_create(
    *, original: Inspection, findings, actor, title: str, planned_start: dt.date, planned_end: dt.date
) -> Inspection:
    """A follow-up re-check (回头看) of chosen findings of ``original``; targets are their companies."""
    _require_staff(actor)
    findings = list(findings)
    if not findings:
        raise ValidationError({"findings": _("Choose the findings to re-check.")})
    if any(f.inspection_id != original.pk for f in findings):
        raise ValidationError({"findings": _("Only findings of the inspection being re-checked can be chosen.")})
    orgs = {f.organisation_id: f.organisation for f in findings}
    recheck = inspection_create(
        actor=actor,
        title=title,
        kind=InspectionKind.RECHECK,
        line=original.line,
        checklist=original.checklist,
        planned_start=planned_start,
        planned_end=planned_end,
        organisations=list(orgs.values()),
        rechecks=original,
    )
    RecheckResult.objects.bulk_create([RecheckResult(inspection=recheck, finding=f) for f in findings])
    return recheck


@acting
@transaction.atomic
def recheck_verdict(*, result: RecheckResult, verdict: str, note: str = "", actor) -> RecheckResult:
    _require_staff(actor)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose fixed or not fixed.")})
    if result.inspection.status in (InspectionStatus.REPORT_ISSUED, InspectionStatus.CLOSED):
        raise PermissionDenied(_("The re-check's report has been issued; verdicts can no longer change."))
    result.verdict, result.note, result.checked_by, result.checked_at = verdict, note, actor, timezone.now()
    result.save(update_fields=["verdict", "note", "checked_by", "checked_at"])
    return result
