"""Inspections: plan, team (with the borrowed-inspector rule), checklist results, status steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.attachments import safe_filename, validate_attachment
from association.audit import acting
from association.choices import AWAITING_MEMBER, MEMBER_ROLES, ObligationKind
from association.models import Organisation
from association.services.obligations import obligation_create, obligation_submit
from selfregulation.choices import InspectionKind, InspectionStatus, TeamRole
from selfregulation.models import (
    ChecklistTemplate,
    Evidence,
    Inspection,
    InspectionTarget,
    ItemResult,
    RecheckResult,
    TeamMember,
)
from selfregulation.rules import conflicting_targets, may_transition, total_score


def _require_staff(actor) -> None:
    if not actor.is_association_staff:
        raise PermissionDenied(_("Only association staff manage inspections."))


def company_family(organisation_ids) -> set[int]:
    """The whole company of each organisation: its top organisation and every branch under it."""
    roots = set()
    for org_id in organisation_ids:
        org = Organisation.objects.only("id", "parent_id").get(pk=org_id)
        while org.parent_id:
            org = Organisation.objects.only("id", "parent_id").get(pk=org.parent_id)
        roots.add(org.pk)
    return Organisation.objects.descendant_ids(roots) if roots else set()


def _check_conflicts(inspection: Inspection) -> None:
    targets = set(inspection.targets.values_list("organisation_id", flat=True))
    for member in inspection.team.filter(home_organisation__isnull=False).select_related("user", "home_organisation"):
        clash = conflicting_targets(company_family([member.home_organisation_id]), targets)
        if clash:
            raise ValidationError(
                _("%(person)s is borrowed from %(company)s and may not inspect their own company.")
                % {"person": member.user, "company": member.home_organisation}
            )


@acting
@transaction.atomic
def inspection_create(
    *,
    actor,
    title: str,
    kind: str,
    line: str,
    checklist: ChecklistTemplate,
    planned_start: dt.date,
    planned_end: dt.date,
    organisations,
    summary: str = "",
    self_inspection_due_at: dt.datetime | None = None,
    rechecks: Inspection | None = None,
) -> Inspection:
    _require_staff(actor)
    organisations = list(organisations)
    if not organisations:
        raise ValidationError({"organisations": _("Choose at least one company to inspect.")})
    if any(not o.is_member_company for o in organisations):
        raise ValidationError({"organisations": _("Only member companies can be inspected.")})
    if kind == InspectionKind.SELF and self_inspection_due_at is None:
        raise ValidationError({"self_inspection_due_at": _("A self-inspection needs a due date.")})
    inspection = Inspection(
        title=title,
        kind=kind,
        line=line,
        checklist=checklist,
        planned_start=planned_start,
        planned_end=planned_end,
        summary=summary,
        self_inspection_due_at=self_inspection_due_at if kind == InspectionKind.SELF else None,
        rechecks=rechecks,
        created_by=actor,
    )
    inspection.full_clean()
    inspection.save()
    for org in organisations:
        target = InspectionTarget.objects.create(inspection=inspection, organisation=org)
        if kind == InspectionKind.SELF:
            target.obligation = obligation_create(
                organisation=org,
                kind=ObligationKind.SELF_INSPECTION,
                title=_("Self-inspection: %(title)s") % {"title": title},
                due_at=self_inspection_due_at,
                subject=target,
                actor=actor,
                dedupe_key=f"sr-self:{target.pk}",
            )
            target.save(update_fields=["obligation"])
    return inspection


@acting
@transaction.atomic
def team_member_add(*, inspection: Inspection, user, role: str = TeamRole.MEMBER, actor) -> TeamMember:
    """Staff of the association, or a member-company person borrowed into the team (never for their own company)."""
    _require_staff(actor)
    home = None
    if not user.is_association_staff:
        homes = [m.organisation for m in user.active_memberships if m.role in MEMBER_ROLES]
        if not homes:
            raise ValidationError({"user": _("An inspector is association staff or a member-company employee.")})
        home = homes[0]
    if inspection.team.filter(user=user).exists():
        raise ValidationError({"user": _("This person is already in the team.")})
    member = TeamMember.objects.create(inspection=inspection, user=user, role=role, home_organisation=home)
    _check_conflicts(inspection)
    return member


def may_record(user, target: InspectionTarget) -> bool:
    """Staff and the inspection's team record results; the member fills its own self-inspection."""
    inspection = target.inspection
    if inspection.status in (InspectionStatus.REPORT_ISSUED, InspectionStatus.CLOSED):
        return False
    if user.is_association_staff:
        return True
    if inspection.kind == InspectionKind.SELF:
        obligation = target.obligation
        return (
            obligation is not None and obligation.status in AWAITING_MEMBER and user.may_act_for(target.organisation_id)
        )
    return inspection.team.filter(user=user).exists()


def _decimal(value, item) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Item %(code)s: enter the score as a number.") % {"code": item.code}) from None


@acting
@transaction.atomic
def results_record(*, target: InspectionTarget, actor, scores: dict, files: dict | None = None) -> InspectionTarget:
    """Record scores {item_id: (score, note)} and evidence {item_id: [files]}; recompute the total."""
    target = (
        InspectionTarget.objects.select_related("inspection", "obligation")
        .select_for_update(of=("self",))
        .get(pk=target.pk)
    )
    if not may_record(actor, target):
        raise PermissionDenied(_("You may not record results for this company now."))
    items = {i.pk: i for i in target.inspection.checklist.items.all()}
    files = files or {}
    errors = []
    for item_id in list(scores) + list(files):
        if int(item_id) not in items:
            errors.append(_("Item %(id)s is not on this inspection's checklist.") % {"id": item_id})
    if errors:
        raise ValidationError(errors)
    checked = {}
    for item_id, fs in files.items():
        checked[int(item_id)] = [(f, validate_attachment(f)) for f in fs]  # before anything is written
    for item_id, (score, note) in scores.items():
        item = items[int(item_id)]
        value = _decimal(score, item)
        result = ItemResult.objects.filter(target=target, item=item).first() or ItemResult(target=target, item=item)
        result.score, result.note, result.recorded_by, result.recorded_at = value, note or "", actor, timezone.now()
        try:
            result.full_clean(exclude=["target", "item"])
        except ValidationError as exc:
            raise ValidationError(f"{item.code}: {' '.join(exc.messages)}") from None
        result.save()
    for item_id, pairs in checked.items():
        result = ItemResult.objects.filter(target=target, item_id=item_id).first()
        if result is None:
            raise ValidationError(_("Item %(code)s: give a score with the evidence.") % {"code": items[item_id].code})
        for f, kind in pairs:
            f.seek(0)
            name = safe_filename(f.name, kind)
            evidence = Evidence(result=result, original_name=name, kind=kind, size=f.size)
            evidence.file.save(name, f, save=False)
            evidence.save()
    target.total_score = total_score(target.results.values_list("score", flat=True))
    target.save(update_fields=["total_score"])
    return target


@acting
@transaction.atomic
def self_inspection_submit(*, target: InspectionTarget, actor, scores: dict, text: str = "", files=None):
    """The member fills the checklist and hands it in: the self-inspection obligation is submitted."""
    if target.inspection.kind != InspectionKind.SELF or target.obligation is None:
        raise ValidationError(_("This is not a self-inspection."))
    target = results_record(target=target, actor=actor, scores=scores, files=files)
    missing = target.inspection.checklist.items.exclude(pk__in=target.results.values("item_id")).values_list(
        "code", flat=True
    )
    if missing:
        raise ValidationError(_("Score every item before handing in: %(codes)s") % {"codes": ", ".join(missing)})
    summary = text.strip() or _("Self-inspection checklist filled in, total score %(score)s.") % {
        "score": target.total_score
    }
    return obligation_submit(
        obligation=target.obligation, actor=actor, text=summary, data={"total_score": str(target.total_score)}
    )


@acting
@transaction.atomic
def inspection_transition(*, inspection: Inspection, actor, to: str, summary: str = "") -> Inspection:
    _require_staff(actor)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not may_transition(inspection.status, to):
        raise ValidationError(
            _("An inspection that is %(status)s cannot move to %(to)s.")
            % {"status": inspection.get_status_display(), "to": InspectionStatus(to).label}
        )
    now = timezone.now()
    fields = ["status"]
    if to == InspectionStatus.IN_PROGRESS:
        inspection.started_at = now
        fields.append("started_at")
    elif to == InspectionStatus.REPORT_ISSUED:
        unscored = inspection.targets.filter(total_score__isnull=True)
        if inspection.kind != InspectionKind.RECHECK and unscored.exists():
            raise ValidationError(
                _("Record the checklist results of every company first: %(names)s")
                % {"names": ", ".join(str(t.organisation) for t in unscored.select_related("organisation"))}
            )
        if RecheckResult.objects.filter(inspection=inspection, verdict="").exists():
            raise ValidationError(_("Give a verdict on every finding of the re-check first."))
        inspection.report_issued_at = now
        fields.append("report_issued_at")
    elif to == InspectionStatus.CLOSED:
        inspection.closed_at = now
        fields.append("closed_at")
    if summary.strip():
        inspection.summary = summary.strip()
        fields.append("summary")
    inspection.status = to
    inspection.save(update_fields=fields)
    return inspection
