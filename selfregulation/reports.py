"""Report tables of self-regulation: the circular (通报) of an inspection and the monthly market analysis.

Both go through association.reports.writers (xlsx, PDF with STSong-Light for Chinese)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from association.reports.compliance import period_label
from association.reports.registry import Column, ReportTable
from selfregulation.models import DisciplinaryMeasure, Finding, Inspection, MonitoringReport


def _local(value: dt.datetime | None) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def circular_table(inspection: Inspection, *, title: str, reference: str, now: dt.datetime) -> ReportTable:
    findings = (
        Finding.objects.filter(inspection=inspection)
        .select_related("organisation", "item", "rectification__obligation")
        .order_by("organisation__name", "item__code", "id")
    )
    measures = defaultdict(list)
    for m in DisciplinaryMeasure.objects.filter(inspection=inspection).select_related("organisation"):
        measures[m.organisation_id].append(m)
    columns = [
        Column(_("Company"), "text", 18),
        Column(_("Checklist item"), "text", 22),
        Column(_("Finding"), "text", 40),
        Column(_("Severity"), "text", 8),
        Column(_("Rectify by"), "text", 14),
    ]
    rows = []
    for f in findings:
        rectification = getattr(f, "rectification", None)
        due = _local(rectification.obligation.due_at) if rectification else _("No rectification demanded")
        rows.append([f.organisation.name, f"{f.item.code} {f.item.text}", f.description, f.get_severity_display(), due])
    scores = inspection.targets.select_related("organisation").order_by("organisation__name")
    notes = []
    if reference:
        notes.append(_("Document number: %(ref)s") % {"ref": reference})
    notes.append(
        _(
            'From %(start)s to %(end)s the association carried out %(kind)s "%(title)s" of %(count)d member '
            "companies against the checklist %(checklist)s. The findings are listed above."
        )
        % {
            "start": inspection.planned_start,
            "end": inspection.planned_end,
            "kind": inspection.get_kind_display(),
            "title": inspection.title,
            "count": len(scores),
            "checklist": inspection.checklist,
        }
    )
    for t in scores:
        line = _("%(company)s: total score %(score)s, %(n)d findings.") % {
            "company": t.organisation.name,
            "score": t.total_score if t.total_score is not None else "—",
            "n": sum(1 for f in findings if f.organisation_id == t.organisation_id),
        }
        for m in measures.get(t.organisation_id, []):
            line += " " + _("Measure: %(measure)s (%(reason)s), decided by %(by)s on %(on)s.") % {
                "measure": m.get_measure_display(),
                "reason": m.reason,
                "by": m.decided_by,
                "on": m.decided_on,
            }
        notes.append(line)
    notes.append(
        _(
            "Companies named above submit their written rectification reports through the portal by the dates given; "
            "all member companies are asked to check their own business against these findings."
        )
    )
    return ReportTable(
        title=title,
        period_label=period_label(inspection.planned_start, inspection.planned_end),
        region_label=inspection.get_line_display(),
        generated_at=now,
        columns=columns,
        rows=rows,
        notes=notes,
    )


def monitoring_table(report: MonitoringReport, *, now: dt.datetime) -> ReportTable:
    columns = [
        Column(_("Company"), "text", 20),
        Column(_("Written premium (yuan)"), "text", 14),
        Column(_("Policies"), "int", 10),
        Column(_("Claims paid (yuan)"), "text", 14),
        Column(_("Combined expense ratio (%)"), "text", 10),
        Column(_("Combined cost ratio (%)"), "text", 10),
        Column(_("Warnings"), "text", 30),
    ]
    data = report.data
    rows = [
        [
            c["name"],
            c["written_premium"],
            c["policies"],
            c["claims_paid"],
            f"{c['combined_expense_ratio']} ({c.get('expense_vs_industry', '')})",
            f"{c['combined_cost_ratio']} ({c.get('cost_vs_industry', '')})",
            "; ".join(c.get("warnings", [])),
        ]
        for c in data.get("companies", [])
    ]
    s = data.get("summary", {})
    totals = [
        _("Industry"),
        s.get("written_premium", ""),
        s.get("policies", 0),
        s.get("claims_paid", ""),
        s.get("combined_expense_ratio_weighted", ""),
        s.get("combined_cost_ratio_weighted", ""),
        "",
    ]
    end = (report.period.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return ReportTable(
        title=_("Monthly market analysis: %(line)s") % {"line": report.get_line_display()},
        period_label=period_label(report.period, end),
        region_label=_("Province"),
        generated_at=now,
        columns=columns,
        rows=rows,
        totals=totals if s.get("companies") else None,
        notes=[
            _("Industry ratios are weighted by written premium; warnings follow the anomaly rules in force."),
            _("In brackets: percentage points above (+) or below (−) the industry ratio."),
        ],
    )
