"""Reads for the event page and summary: timeliness table, roll-call grid, totals over time.

Each function issues a fixed number of queries whatever the number of companies or days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from association.choices import AWAITING_MEMBER, ObligationKind, ObligationStatus
from association.deadlines import BEIJING
from disasters.choices import BusinessStatus, ChangeKind
from disasters.models import Event, LevelChange, LossReport, Response
from disasters.selectors import affected_companies, today_beijing
from disasters.services.clocks import daily_owed, daily_periods, daily_report_time, event_obligations

REPORT_ORDER = [
    ObligationKind.DISASTER_PHONE_REPORT,
    ObligationKind.DISASTER_WRITTEN_REPORT,
    ObligationKind.DISASTER_INITIAL_REPORT,
    ObligationKind.DISASTER_DAILY_REPORT,
]


@dataclass
class Cell:
    state: str  # on_time, late, missing, pending, cancelled
    due_at: dt.datetime
    submitted_at: dt.datetime | None
    late_by: dt.timedelta | None = None

    @property
    def label(self) -> str:
        if self.state == "on_time":
            return _("on time")
        if self.state == "late":
            return _("late by %(d)s") % {"d": duration(self.late_by)}
        if self.state == "missing":
            return pgettext("report", "missing")
        if self.state == "cancelled":
            return _("cancelled")
        return _("not yet due")


def duration(delta: dt.timedelta | None) -> str:
    """How late: days and hours from a day (minutes no longer shown), else hours and minutes."""
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)d d") % {"n": days})
    if hours:
        parts.append(_("%(n)d h") % {"n": hours})
    if not days:
        parts.append(_("%(n)d min") % {"n": mins})
    return " ".join(parts)


def cell_for(obligation, now: dt.datetime) -> Cell:
    if obligation.status == ObligationStatus.CANCELLED:
        return Cell("cancelled", obligation.due_at, None)
    submitted = obligation.submitted_at if obligation.status not in AWAITING_MEMBER else None
    if submitted is not None:
        if submitted <= obligation.due_at:
            return Cell("on_time", obligation.due_at, submitted)
        return Cell("late", obligation.due_at, submitted, submitted - obligation.due_at)
    if obligation.due_at < now:
        return Cell("missing", obligation.due_at, None, now - obligation.due_at)
    return Cell("pending", obligation.due_at, None)


def report_columns(obligations) -> list[tuple[str, str, dt.date | None]]:
    """Column keys: one per urgent/initial kind present, then one per daily due date."""
    kinds = {o.kind for o in obligations}
    cols = [(k, ObligationKind(k).label, None) for k in REPORT_ORDER[:3] if k in kinds]
    days = sorted({o.due_at.astimezone(BEIJING).date() for o in obligations if o.kind == REPORT_ORDER[3]})
    cols += [(REPORT_ORDER[3], f"{d:%m-%d}", d) for d in days]
    return cols


def timeliness(event: Event, now: dt.datetime, organisation_ids: set[int] | None = None) -> dict:
    """Company × report: on time / late by how long / missing / not yet due (of the companies in
    ``organisation_ids``, when given: a sub-bureau's region)."""
    companies = affected_companies(event, organisation_ids)
    obligations = event_obligations(event).only("kind", "organisation_id", "due_at", "status", "submitted_at")
    if organisation_ids is not None:
        obligations = obligations.filter(organisation_id__in=organisation_ids)
    obligations = list(obligations)
    columns = report_columns(obligations)
    index = {}
    for o in obligations:
        day = o.due_at.astimezone(BEIJING).date() if o.kind == REPORT_ORDER[3] else None
        index[(o.organisation_id, o.kind, day)] = cell_for(o, now)
    rows = [
        {"organisation": c, "cells": [index.get((c.pk, kind, day)) for kind, _label, day in columns]} for c in companies
    ]
    counts = {"on_time": 0, "late": 0, "missing": 0, "pending": 0, "cancelled": 0}
    for cell in index.values():
        counts[cell.state] += 1
    return {"columns": columns, "rows": rows, "counts": counts}


@dataclass(frozen=True)
class RollCallCell:
    """A company's day: its loss report is in, missing (owed and past due), not yet due, or not owed."""

    state: str  # in, missing, pending, not_due

    @property
    def label(self) -> str:
        return {
            "in": pgettext("roll call", "reported"),
            "missing": pgettext("roll call", "missing"),
            "pending": pgettext("roll call", "not yet due"),
        }.get(self.state) or pgettext("roll call", "no report owed")


def days_owed(event: Event, dates: list[dt.date]) -> dict[dt.date, dt.datetime | None]:
    """The due time of each day's daily report, None for a day none is owed: before a response started,
    after it ended, while it ran at level III (two queries)."""
    changes = list(LevelChange.objects.filter(event=event, kind=ChangeKind.LEVEL))
    periods = [p for r in Response.objects.filter(event=event) for p in daily_periods(r, changes)]
    at = daily_report_time()
    due = {d: dt.datetime.combine(d, at, tzinfo=BEIJING) for d in dates}
    return {d: due[d] if daily_owed(due[d], periods) else None for d in dates}


def roll_call(
    event: Event, now: dt.datetime, *, days: int | None = None, organisation_ids: set[int] | None = None
) -> dict:
    """Company × day: whether the company's loss report for that day is in; a day no daily report is owed
    is marked so, a day owed is missing once its due time has passed. ``organisation_ids`` limits it to
    those companies (a member sees its own rows)."""
    companies = affected_companies(event, organisation_ids)
    start = today_beijing(event.occurred_at)
    end = today_beijing(now)
    dates = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    if days is not None:
        dates = dates[-days:]
    reports = LossReport.objects.filter(event=event, report_date__gte=dates[0] if dates else start)
    if organisation_ids is not None:
        reports = reports.filter(organisation_id__in=organisation_ids)
    have, status = set(), {}  # status: the company's business status in its latest report (article 18)
    for org_id, day, business in reports.order_by("report_date").values_list(
        "organisation_id", "report_date", "business_status"
    ):
        have.add((org_id, day))
        if business:
            status[org_id] = business
    due = days_owed(event, dates)

    def cell(organisation_id: int, day: dt.date) -> RollCallCell:
        if (organisation_id, day) in have:
            return RollCallCell("in")
        if due[day] is None:
            return RollCallCell("not_due")
        return RollCallCell("missing" if due[day] < now else "pending")

    rows = [
        {
            "organisation": c,
            "cells": [cell(c.pk, d) for d in dates],
            "business_status": status.get(c.pk, ""),
            "business_status_label": BusinessStatus(status[c.pk]).label if c.pk in status else "",
        }
        for c in companies
    ]
    missing = sum(1 for row in rows for c in row["cells"] if c.state == "missing")
    return {"dates": dates, "rows": rows, "missing": missing}
