"""Generate a report: store its files, list them in the portal, queue the e-mails. Idempotent.

``report_generate`` works per target region in its own transaction. For each format it inserts one
``GeneratedReport`` row; the unique constraint on (kind, period, region, format, version) makes the row, and
the outbox e-mails written in the same transaction, exist exactly once, however often (or however
concurrently) the task runs. A second run returns the stored rows and queues nothing. A versioned kind
(``ReportKind.versioned``, e.g. an analysis regenerated when late data arrive) is generated once per version.

Who gets the e-mail (``report_recipients``), each of them only if
``GeneratedReport.objects.visible_to(user)`` holds the report:

* every active user with a ``ReportSubscription`` for the kind (a subscription covers every region
  the user may see, so a subscribed staff member also gets each prefecture's report);
* without subscribing, for a province-wide report (region at the root, or no region): every
  association staff member;
* without subscribing, when regulators may see the report: the regulators whose office is in exactly
  the report's region (the provincial bureau for the province report, a sub-bureau for its
  prefecture's). The provincial bureau sees the prefecture reports in the portal but is not mailed
  each of them unless it subscribes.

Files are written before their row; if the transaction fails they are removed again (a rollback of a
transaction the caller wraps around ``report_generate`` would leave them orphaned: call it outside one,
as the task does).

Users without an e-mail address are skipped. One e-mail per recipient and file (the outbox carries
one attachment); texts are in ``settings.LANGUAGE_CODE``.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from association.choices import Role
from association.models import GeneratedReport, OutboundEmail, Region, User
from association.reports.registry import ReportKind, ReportTable, Target, get_kind
from association.reports.writers import WRITERS

FORMAT_LABELS = {"xlsx": "Excel", "pdf": "PDF"}


def report_generate(
    *,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    region: Region | None = None,
    now: dt.datetime | None = None,
    version: int = 1,
) -> list[GeneratedReport]:
    """Generate ``kind`` for the period: for ``region`` only, or (None) for every region the kind covers;
    ``version`` for a versioned kind.

    Returns the reports (one per region and format), stored now or found from an earlier run.
    """
    if period_end < period_start:
        raise ValueError("period_end is before period_start")
    spec = get_kind(kind)
    if version != 1 and not spec.versioned:
        raise ValueError(f"{kind} is not a versioned report kind")
    now = now or timezone.now()
    reports = []
    for target in spec.targets(region):
        reports += _generate_target(spec, target, period_start, period_end, now, version)
    return reports


def _generate_target(
    spec: ReportKind, target: Target, period_start: dt.date, period_end: dt.date, now: dt.datetime, version: int
) -> list[GeneratedReport]:
    lookup = {
        "kind": spec.key,
        "period_start": period_start,
        "period_end": period_end,
        "region": target.region,
        "version": version,
    }
    found = {r.file_format: r for r in GeneratedReport.objects.filter(**lookup)}
    if all(fmt in found for fmt in spec.formats):
        return [found[fmt] for fmt in spec.formats]
    stored_files = []  # removed again if the transaction does not commit
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            extra = {"version": version} if spec.versioned else {}
            table = spec.build(period_start, period_end, target.region, now, **extra)
            created = []
            for fmt in spec.formats:
                if fmt in found:
                    continue
                report, is_new = _store(lookup, target, fmt, table, now, stored_files)
                found[fmt] = report
                if is_new:
                    created.append(report)
            if created:
                recipients = report_recipients(created[0])
                OutboundEmail.objects.bulk_create([_email(report, user) for report in created for user in recipients])
    except BaseException:
        for report_file in stored_files:
            report_file.delete(save=False)
        raise
    return [found[fmt] for fmt in spec.formats]


def _filename(lookup: dict, fmt: str) -> str:
    region = lookup["region"]
    code = region.code if region is not None else "all"
    period = f"{lookup['period_start']:%Y%m%d}-{lookup['period_end']:%Y%m%d}"
    version = lookup.get("version", 1)
    suffix = f"-v{version}" if version != 1 else ""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{lookup['kind']}-{period}-{code}{suffix}.{fmt}")


def _store(
    lookup: dict, target: Target, fmt: str, table: ReportTable, now: dt.datetime, stored_files: list
) -> tuple[GeneratedReport, bool]:
    """Write the file and insert the row; if another run inserted it first, keep that one."""
    report = GeneratedReport(
        **lookup,
        file_format=fmt,
        title=table.title[:300],
        audience_regulators=target.audience_regulators,
        created_at=now,
    )
    report.full_clean(exclude=["file"], validate_unique=False, validate_constraints=False)
    report.file.save(_filename(lookup, fmt), ContentFile(WRITERS[fmt](table)), save=False)
    stored_files.append(report.file)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        winner = GeneratedReport.objects.filter(**lookup, file_format=fmt).first()
        if winner is None:
            raise
        stored_files.remove(report.file)
        report.file.delete(save=False)
        return winner, False
    return report, True


def report_recipients(report: GeneratedReport) -> list[User]:
    """Who is e-mailed ``report`` (see the module docstring): subscribers and the default audience,
    each only if the report is visible to them."""
    wanted = Q(report_subscriptions__kind=report.kind)
    province_wide = report.region_id is None or report.region.parent_id is None
    if province_wide:
        wanted |= Q(memberships__role=Role.STAFF, memberships__is_active=True)
    if report.audience_regulators and report.region_id is not None:
        wanted |= Q(
            memberships__role=Role.REGULATOR,
            memberships__is_active=True,
            memberships__organisation__region_id=report.region_id,
        )
    candidates = User.objects.filter(wanted, is_active=True).exclude(email="").distinct().order_by("pk")
    return [user for user in candidates if GeneratedReport.objects.visible_to(user).filter(pk=report.pk).exists()]


def _email(report: GeneratedReport, user: User) -> OutboundEmail:
    fmt = FORMAT_LABELS.get(report.file_format, report.file_format)
    subject = f"{report.title} ({fmt})"
    body = _(
        "Dear %(name)s,\n\n"
        "attached is %(title)s (%(format)s).\n"
        "Period: %(start)s to %(end)s. Region: %(region)s.\n"
        "It is also listed in the portal under “Reports”.\n\n"
        "%(portal)s"
    ) % {
        "name": str(user),
        "title": report.title,
        "format": fmt,
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
        "region": report.region.name if report.region_id else "—",
        "portal": settings.PORTAL_NAME,
    }
    return OutboundEmail(to=[user.email], subject=subject[:300], body=body, attachment_path=report.file.path)
