"""Disciplinary measures and circulars (通报): the PDF and its issue to all members as a notice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import MEMBER_KINDS, MembershipStatus
from association.models import Notice, Organisation
from association.reports.writers import write_pdf
from association.services.notices import next_notice_number, notice_issue
from selfregulation.models import Circular, DisciplinaryMeasure, Inspection
from selfregulation.reports import circular_table
from selfregulation.services.inspections import _require_staff


@acting
@transaction.atomic
def measure_decide(
    *,
    organisation: Organisation,
    measure: str,
    reason: str,
    decided_by: str,
    actor,
    findings=(),
    inspection: Inspection | None = None,
    decided_on: dt.date | None = None,
) -> DisciplinaryMeasure:
    _require_staff(actor)
    findings = list(findings)
    if any(f.organisation_id != organisation.pk for f in findings):
        raise ValidationError({"findings": _("Linked findings must be of the same company.")})
    obj = DisciplinaryMeasure(
        organisation=organisation,
        measure=measure,
        reason=(reason or "").strip(),
        decided_by=(decided_by or "").strip(),
        decided_on=decided_on or timezone.localdate(),
        inspection=inspection,
        created_by=actor,
    )
    obj.full_clean()
    obj.save()
    obj.findings.set(findings)
    return obj


@acting
@transaction.atomic
def circular_generate(*, inspection: Inspection, actor, reference: str = "", title: str = "") -> Circular:
    """Build the circular from the inspection: findings per company, measures, rectification deadlines."""
    _require_staff(actor)
    title = title.strip() or _("Circular on %(title)s") % {"title": inspection.title}
    now = timezone.now()
    reference = _document_number(reference, now)
    table = circular_table(inspection, title=title, reference=reference, now=now)
    circular = Circular(
        inspection=inspection, reference=reference, title=title, body="\n".join(table.notes), created_by=actor
    )
    circular.document.save(f"circular-{inspection.pk}.pdf", ContentFile(write_pdf(table)), save=False)
    circular.full_clean()
    circular.save()
    return circular


def _document_number(typed: str, now: dt.datetime) -> str:
    """A circular is numbered in the association's one sequence of document numbers (文号): the next one
    when none is typed; a typed one (e.g. a number given on paper) must not be on another document."""
    typed = " ".join((typed or "").split())
    if not typed:
        return next_notice_number(timezone.localtime(now).year)
    if Notice.objects.filter(reference=typed).exists() or Circular.objects.filter(reference=typed).exists():
        raise ValidationError(
            {"reference": _("The document number %(reference)s is already used.") % {"reference": typed}}
        )
    return typed


@acting
@transaction.atomic
def circular_issue(*, circular: Circular, actor) -> Notice:
    """Send the circular to every member company (head offices and branches) as a notice."""
    _require_staff(actor)
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.notice_id:
        raise ValidationError(_("This circular has already been issued."))
    notice = Notice.objects.create(
        kind=Notice.Kind.CIRCULAR, reference=circular.reference, title=circular.title, body=circular.body
    )
    notice.document.save(circular.document.name.rsplit("/", 1)[-1], circular.document.open("rb"), save=True)
    members = Organisation.objects.filter(
        kind__in=MEMBER_KINDS, membership_status=MembershipStatus.MEMBER, is_active=True
    )
    notice.recipients.set(members)
    notice_issue(notice=notice, actor=actor)
    circular.notice = notice
    circular.save(update_fields=["notice"])
    return notice
