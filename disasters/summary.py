"""The daily summary's content (pure read): totals and day-over-day change by company and region."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from association.choices import ObligationKind
from association.deadlines import BEIJING
from disasters.dashboard import cell_for
from disasters.models import Event, LossReport
from disasters.models.reports import FIGURE_FIELDS
from disasters.selectors import affected_companies
from disasters.services.clocks import event_obligations

ZERO = {f: Decimal(0) for f in FIGURE_FIELDS}


def _latest_by_company(reports: list[dict], until: dt.date) -> dict[int, dict]:
    latest = {}
    for r in reports:  # ordered by date
        if r["report_date"] <= until:
            latest[r["organisation_id"]] = r
    return latest


def _figures(row: dict | None) -> dict:
    return {f: Decimal(row[f]) for f in FIGURE_FIELDS} if row else dict(ZERO)


def summary_data(event: Event, day: dt.date, now: dt.datetime, organisation_ids: set[int] | None = None) -> dict:
    """The day's figures by company and region; ``organisation_ids`` (``totals_scope``) limits them to those
    companies (a sub-bureau's region)."""
    companies = affected_companies(event, organisation_ids)
    reports = LossReport.objects.filter(event=event, report_date__lte=day)
    if organisation_ids is not None:
        reports = reports.filter(organisation_id__in=organisation_ids)
    reports = list(reports.order_by("report_date").values("organisation_id", "report_date", *FIGURE_FIELDS))
    today = _latest_by_company(reports, day)
    yesterday = _latest_by_company(reports, day - dt.timedelta(days=1))
    rows, regions = [], defaultdict(lambda: {"today": dict(ZERO), "yesterday": dict(ZERO), "companies": 0})
    totals = {"today": dict(ZERO), "yesterday": dict(ZERO)}
    for c in companies:
        now_f, prev_f = _figures(today.get(c.pk)), _figures(yesterday.get(c.pk))
        reported_today = c.pk in today and today[c.pk]["report_date"] == day
        rows.append(
            {
                "organisation": c,
                "region": c.region.name if c.region_id else "",
                "today": now_f,
                "change": {f: now_f[f] - prev_f[f] for f in FIGURE_FIELDS},
                "reported_today": reported_today,
            }
        )
        bucket = regions[c.region.name if c.region_id else "—"]
        bucket["companies"] += 1
        for f in FIGURE_FIELDS:
            bucket["today"][f] += now_f[f]
            bucket["yesterday"][f] += prev_f[f]
            totals["today"][f] += now_f[f]
            totals["yesterday"][f] += prev_f[f]
    by_region = [
        {"region": name, "companies": b["companies"], "today": b["today"],
         "change": {f: b["today"][f] - b["yesterday"][f] for f in FIGURE_FIELDS}}
        for name, b in sorted(regions.items())
    ]  # fmt: skip
    late, missing = [], []
    names = {c.pk: str(c) for c in companies}
    daily = event_obligations(event).filter(kind=ObligationKind.DISASTER_DAILY_REPORT)
    if organisation_ids is not None:
        daily = daily.filter(organisation_id__in=organisation_ids)
    for o in daily.only("organisation_id", "due_at", "status", "submitted_at", "kind"):
        if o.due_at.astimezone(BEIJING).date() != day:
            continue
        cell = cell_for(o, now)
        if cell.state == "late":
            late.append((names.get(o.organisation_id, str(o.organisation_id)), cell))
        elif cell.state == "missing":
            missing.append((names.get(o.organisation_id, str(o.organisation_id)), cell))
    return {
        "date": day,
        "rows": rows,
        "regions": by_region,
        "totals": totals["today"],
        "change": {f: totals["today"][f] - totals["yesterday"][f] for f in FIGURE_FIELDS},
        "late": sorted(late, key=lambda x: x[0]),
        "missing": sorted(missing, key=lambda x: x[0]),
        "not_reported": sorted(str(r["organisation"]) for r in rows if not r["reported_today"]),
    }
