"""Rankings as report tables: xlsx and the PDF ranking document (association.reports writers)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from association.reports.registry import Column, ReportTable
from campaigns.models import Campaign
from campaigns.score_lines import explain_text


def ranking_table(campaign: Campaign, rows: list[dict], *, now: dt.datetime, scope_label: str) -> ReportTable:
    return ReportTable(
        title=_("Publicity ranking: %(title)s") % {"title": campaign.title},
        period_label=f"{campaign.starts_on:%Y-%m-%d} – {campaign.ends_on:%Y-%m-%d}",
        region_label=scope_label,
        generated_at=now,
        columns=[
            Column(_("Rank"), "int", 6),
            Column(_("Member"), "text", 30),
            Column(_("Score"), "decimal", 8),
            Column(_("How the score was made"), "text", 60),
        ],
        rows=[[r["rank"], r["organisation"].name, r["total"], explain_text(r["lines"])] for r in rows],
        notes=[_("Scored under the publicity evaluation rules in force for %(year)s.") % {"year": campaign.year}],
    )


def annual_table(year: int, rows: list[dict], *, now: dt.datetime, scope_label: str) -> ReportTable:
    return ReportTable(
        title=_("Annual publicity ranking %(year)s") % {"year": year},
        period_label=str(year),
        region_label=scope_label,
        generated_at=now,
        columns=[
            Column(_("Rank"), "int", 6),
            Column(_("Member"), "text", 34),
            Column(_("Annual publicity score"), "decimal", 12),
            Column(_("Campaigns scored"), "int", 10),
        ],
        rows=[[r["rank"], r["name"], r["total"], r["campaigns"]] for r in rows],
        notes=[_("The annual score is the sum of the member's scores in the campaigns that started in the year.")],
    )
