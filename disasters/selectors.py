"""Reads: rules in force, events a user may see, affected companies by region, figures over time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q

from association.choices import MembershipStatus, OrganisationKind, Role
from association.deadlines import BEIJING
from association.models import Organisation, Region, User
from disasters.models import AffectedCompany, Event, GradingRule, LevelChange, LossReport, Response
from disasters.models.reports import FIGURE_FIELDS


def rule_in_force(on: dt.date) -> GradingRule | None:
    """The newest rule effective on ``on`` (the oldest one for dates before every rule)."""
    rule = GradingRule.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    return rule or GradingRule.objects.order_by("effective_from").first()


def event_list(*, user):
    running = Response.objects.filter(terminated_at__isnull=True)
    return (
        Event.objects.visible_to(user)
        .select_related("grading_rule")
        .prefetch_related("regions", Prefetch("responses", queryset=running, to_attr="running_responses"))
    )


def with_running_response(events):
    """Events with a response running now (not those without any response)."""
    return events.filter(pk__in=Response.objects.filter(terminated_at__isnull=True).values("event_id"))


def occurred_between(events, start: dt.date, end: dt.date):
    """Events that occurred on a Beijing day from ``start`` to ``end``."""
    after = dt.datetime.combine(start, dt.time.min, tzinfo=BEIJING)
    before = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=BEIJING)
    return events.filter(occurred_at__gte=after, occurred_at__lt=before)


def totals_scope(user) -> set[int] | None:
    """Organisations whose figures (totals, timeliness, roll call, summary) a user sees: all for staff and
    the provincial bureau, a sub-bureau's own region's companies (also on an event spanning several
    prefectures), a member company's own (and its branches') otherwise."""
    if user.is_association_staff:
        return None
    if user.is_regulator:
        return user.scoped_organisation_ids()
    return user.visible_organisation_ids() or set()


def totals_for_events(event_ids, organisation_ids: set[int] | None = None) -> dict[int, dict]:
    """Per event: the sum of each company's latest report (one query for any number of events)."""
    reports = LossReport.objects.all()
    if organisation_ids is not None:
        reports = reports.filter(organisation_id__in=organisation_ids)
    latest = (
        reports.filter(event_id__in=list(event_ids))
        .order_by("event_id", "organisation_id", "-report_date")
        .distinct("event_id", "organisation_id")
        .values("event_id", *FIGURE_FIELDS)
    )
    out: dict[int, dict] = {}
    for row in latest:
        totals = out.setdefault(row["event_id"], {f: Decimal(0) for f in FIGURE_FIELDS} | {"companies": 0})
        for f in FIGURE_FIELDS:
            totals[f] += Decimal(row[f])
        totals["companies"] += 1
    return out


def running_response(event: Event) -> Response | None:
    cached = getattr(event, "running_responses", None)
    if cached is not None:
        return cached[0] if cached else None
    return event.responses.filter(terminated_at__isnull=True).first()


def region_subtree_ids(regions) -> set[int]:
    ids: set[int] = set()
    for region in regions:
        ids |= set(region.subtree_ids())
    return ids


def default_affected(regions) -> list[Organisation]:
    """Property insurers located in the event's regions (or under them) that are active members.

    The unit in the region reports (usually a prefecture branch). Its provincial branch is not added:
    it sees the branch's reports through its own scope, and staff can add it when it should report too.
    """
    return list(
        Organisation.objects.filter(
            kind=OrganisationKind.PROPERTY_INSURER,
            is_active=True,
            region_id__in=region_subtree_ids(regions),
        )
        .exclude(membership_status__in=[MembershipStatus.WITHDRAWN, MembershipStatus.SUSPENDED])
        .order_by("name")
    )


def regulator_users(event: Event) -> list[User]:
    """Regulator users whose office covers one of the event's regions (its own region or an ancestor)."""
    region_ids: set[int] = set()
    for region in event.regions.all():
        node = region
        while node is not None:
            region_ids.add(node.pk)
            node = Region.objects.filter(pk=node.parent_id).first() if node.parent_id else None
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.REGULATOR,
            memberships__is_active=True,
            memberships__organisation__region_id__in=region_ids,
        )
        .distinct()
        .order_by("pk")
    )


def staff_users() -> list[User]:
    return list(
        User.objects.filter(
            Q(is_superuser=True) | Q(memberships__role=Role.STAFF, memberships__is_active=True), is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def affected_companies(event: Event, organisation_ids: set[int] | None = None) -> list[Organisation]:
    """The event's affected companies; ``organisation_ids`` (``totals_scope``) limits them to those."""
    affected = AffectedCompany.objects.filter(event=event).select_related("organisation__region", "organisation")
    if organisation_ids is not None:
        affected = affected.filter(organisation_id__in=organisation_ids)
    return [a.organisation for a in affected]


def event_changes(event: Event):
    return LevelChange.objects.filter(event=event).select_related("actor", "office", "decided_by").order_by("at", "id")


def event_reports(event: Event):
    return LossReport.objects.filter(event=event).order_by("report_date", "organisation_id")


def totals_by_day(event: Event, organisation_ids: set[int] | None = None) -> list[dict]:
    """Totals over all companies (or those in ``organisation_ids``) for each day; a company that skipped a day
    counts with its last report."""
    reports = event_reports(event)
    if organisation_ids is not None:
        reports = reports.filter(organisation_id__in=organisation_ids)
    reports = list(reports.values("organisation_id", "report_date", *FIGURE_FIELDS))
    if not reports:
        return []
    days = sorted({r["report_date"] for r in reports})
    latest: dict[int, dict] = {}
    by_day = defaultdict(list)
    for r in reports:
        by_day[r["report_date"]].append(r)
    out = []
    for day in days:
        for r in by_day[day]:
            latest[r["organisation_id"]] = r
        totals = {f: sum((Decimal(x[f]) for x in latest.values()), Decimal(0)) for f in FIGURE_FIELDS}
        out.append({"date": day, "companies": len(by_day[day]), **totals})
    return out


def today_beijing(now: dt.datetime) -> dt.date:
    return now.astimezone(BEIJING).date()
