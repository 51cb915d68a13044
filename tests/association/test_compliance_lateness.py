"""Returning a submission with a new due time does not erase lateness.

A report first submitted after its deadline stays late, in the period of the original deadline, whatever
happens after (returned with a new due time, resubmitted in time, accepted, cancelled). The compliance
table (portal, xlsx, monthly report) counts each obligation once, in the period of its original due
time, from the first submission time.
"""

import datetime as dt
import importlib
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from association.choices import ObligationKind
from association.models import Obligation
from association.reports import compliance
from association.selectors.obligations import compliance_rows
from association.services.obligations import (
    obligation_accept,
    obligation_cancel,
    obligation_create,
    obligation_return,
    obligation_set_due,
    obligation_submit,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BJ = ZoneInfo("Asia/Shanghai")


def bj(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)


DUE = bj(2026, 1, 20, 18, 0)
NEW_DUE = bj(2026, 2, 10, 18, 0)
NOW = bj(2026, 3, 1, 6, 0)
JAN = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
FEB = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


@pytest.fixture
def clock(monkeypatch):
    """The services read the time from ``timezone.now``: each step happens at its own time."""

    def at(when):
        monkeypatch.setattr(timezone, "now", lambda: when)

    return at


def run(world, clock, steps) -> Obligation:
    member, staff = world.users["member_a_manager"], world.users["staff"]
    clock(bj(2026, 1, 5, 9, 0))
    ob = obligation_create(organisation=world.org_a, kind=ObligationKind.DATA_RETURN, title="月度数据报送", due_at=DUE)
    for step, when, *args in steps:
        clock(when)
        if step == "submit":
            obligation_submit(obligation=ob, actor=member, text="报送")
        elif step == "return":
            obligation_return(obligation=ob, actor=staff, comment="补充", new_due_at=args[0])
        elif step == "accept":
            obligation_accept(obligation=ob, actor=staff)
        elif step == "cancel":
            obligation_cancel(obligation=ob, actor=staff, reason="不再需要")
        elif step == "set_due":
            obligation_set_due(obligation=ob, actor=staff, due_at=args[0])
    clock(NOW)
    ob.refresh_from_db()
    return ob


def figures(world, period):
    """(due, on time, late, overdue, pending) of A in the period, None when A owed nothing in it."""
    rows = {r.pk: r for r in compliance_rows(user=world.users["staff"], start=period[0], end=period[1], now=NOW)}
    row = rows.get(world.org_a.pk)
    return None if row is None else (row.due, row.on_time, row.late, row.overdue, row.pending)


LATE_THEN_RETURNED = [
    ("submit", bj(2026, 1, 21, 9, 0)),
    ("return", bj(2026, 1, 22, 10, 0), NEW_DUE),
    ("submit", bj(2026, 2, 5, 9, 0)),
]
ON_TIME_THEN_RETURNED = [("submit", bj(2026, 1, 19, 9, 0)), ("return", bj(2026, 1, 22, 10, 0), NEW_DUE)]

CASES = {
    # name: (steps, January, February)
    "late, returned with a new due time, resubmitted before it": (LATE_THEN_RETURNED, (1, 0, 1, 0, 0), None),
    "... and then accepted": ([*LATE_THEN_RETURNED, ("accept", bj(2026, 2, 6, 9, 0))], (1, 0, 1, 0, 0), None),
    "late, returned, then cancelled": (
        [*LATE_THEN_RETURNED[:2], ("cancel", bj(2026, 1, 23, 9, 0))],
        (1, 0, 1, 0, 0),
        None,
    ),
    "one second late, returned, resubmitted in time": (
        [("submit", bj(2026, 1, 20, 18, 0, 1)), *LATE_THEN_RETURNED[1:]],
        (1, 0, 1, 0, 0),
        None,
    ),
    "exactly at the deadline, returned, resubmitted in time": (
        [("submit", DUE), *LATE_THEN_RETURNED[1:]],
        (1, 1, 0, 0, 0),
        None,
    ),
    "on time, returned, resubmitted before the new due time": (
        [*ON_TIME_THEN_RETURNED, ("submit", bj(2026, 2, 5, 9, 0))],
        (1, 1, 0, 0, 0),
        None,
    ),
    "on time, returned, resubmitted after the new due time": (
        [*ON_TIME_THEN_RETURNED, ("submit", bj(2026, 2, 11, 9, 0))],
        (1, 0, 1, 0, 0),
        None,
    ),
    "on time, returned, never resubmitted": (ON_TIME_THEN_RETURNED, (1, 0, 0, 1, 0), None),
    "never submitted, cancelled after the deadline": ([("cancel", bj(2026, 1, 25, 9, 0))], None, None),
    "due time moved before it passed, submitted before the new one": (
        [("set_due", bj(2026, 1, 15, 9, 0), NEW_DUE), ("submit", bj(2026, 2, 5, 9, 0))],
        None,
        (1, 1, 0, 0, 0),
    ),
    "overdue, then a new due time, submitted before it": (
        [("set_due", bj(2026, 1, 25, 9, 0), NEW_DUE), ("submit", bj(2026, 2, 5, 9, 0))],
        (1, 0, 1, 0, 0),
        None,
    ),
    "overdue, then a new due time, never submitted": (
        [("set_due", bj(2026, 1, 25, 9, 0), NEW_DUE)],
        (1, 0, 0, 1, 0),
        None,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_lateness_stays_in_the_original_period(world, clock, case):
    steps, january, february = CASES[case]
    run(world, clock, steps)
    assert (figures(world, JAN), figures(world, FEB)) == (january, february)


@pytest.mark.parametrize(
    ("steps", "original_due_at", "first_submitted_at", "on_time"),
    [
        (LATE_THEN_RETURNED, DUE, bj(2026, 1, 21, 9, 0), False),
        ([*ON_TIME_THEN_RETURNED, ("submit", bj(2026, 2, 5, 9, 0))], DUE, bj(2026, 1, 19, 9, 0), True),
        ([("set_due", bj(2026, 1, 15, 9, 0), NEW_DUE)], NEW_DUE, None, None),
        ([("set_due", bj(2026, 1, 25, 9, 0), NEW_DUE)], DUE, None, None),
    ],
)
def test_the_services_keep_the_original_due_time_and_the_first_submission(
    world, clock, steps, original_due_at, first_submitted_at, on_time
):
    ob = run(world, clock, steps)
    assert (ob.original_due_at, ob.first_submitted_at, ob.submitted_on_time) == (
        original_due_at,
        first_submitted_at,
        on_time,
    )


def test_the_monthly_report_counts_the_late_report_in_the_original_month(world, clock):
    run(world, clock, LATE_THEN_RETURNED)
    january = compliance.compliance_table(*JAN, world.province, NOW)
    february = compliance.compliance_table(*FEB, world.province, NOW)
    assert [row[:7] for row in january.rows] == [[world.org_a.name, "乌鲁木齐市", 1, 0, 1, 0, 0]]
    assert february.rows == []


def test_the_obligation_page_shows_the_original_due_time_and_the_late_first_submission(world, clock, client):
    ob = run(world, clock, LATE_THEN_RETURNED)
    html = client_for(client, world.users["staff"]).get(f"/obligations/{ob.pk}/").content.decode()
    assert 'id="obligation-original-due">2026-01-20 18:00<' in html
    assert re.search(r'id="obligation-first-submitted">2026-01-21 09:00\s*<span class="badge bg-danger">', html)


def test_the_api_gives_both(world, clock, client):
    ob = run(world, clock, LATE_THEN_RETURNED)
    data = client_for(client, world.users["staff"]).get(f"/api/v1/obligations/{ob.pk}/").json()
    assert dt.datetime.fromisoformat(data["original_due_at"]) == DUE
    assert dt.datetime.fromisoformat(data["first_submitted_at"]) == bj(2026, 1, 21, 9, 0)
    assert dt.datetime.fromisoformat(data["due_at"]) == NEW_DUE


def test_the_migration_fills_both_from_existing_rows(world, clock):
    """first_submitted_at = the earliest submission (or the recorded time); original_due_at = the due time in
    force when it came in, from the history (a return moved due_at since), else due_at."""
    from django.apps import apps

    migration = importlib.import_module("association.migrations.0008_obligation_original_due_first_submitted")
    returned = run(world, clock, ON_TIME_THEN_RETURNED)
    late = run(world, clock, LATE_THEN_RETURNED)
    recorded = run(world, clock, [])
    never = run(world, clock, [("set_due", bj(2026, 1, 25, 9, 0), NEW_DUE)])
    Obligation.objects.filter(pk=recorded.pk).update(submitted_at=bj(2026, 1, 10, 9, 0))
    # the history rows were written at the time of each step (the test runs in one transaction: set them)
    for ob, times in [
        (returned, [bj(2026, 1, 5, 9, 0), bj(2026, 1, 19, 9, 0), bj(2026, 1, 22, 10, 0)]),
        (late, [bj(2026, 1, 5, 9, 0), bj(2026, 1, 21, 9, 0), bj(2026, 1, 22, 10, 0), bj(2026, 2, 5, 9, 0)]),
    ]:
        events = ob.events.order_by("pgh_id")
        assert events.count() == len(times)
        for event, at in zip(events, times, strict=True):
            type(event).objects.filter(pk=event.pk).update(pgh_created_at=at)
    Obligation.objects.update(first_submitted_at=None, original_due_at=bj(2000, 1, 1))
    migration.fill(apps, None)
    filled = {o.pk: (o.original_due_at, o.first_submitted_at) for o in Obligation.objects.all()}
    assert filled[returned.pk] == (DUE, bj(2026, 1, 19, 9, 0))
    assert filled[late.pk] == (DUE, bj(2026, 1, 21, 9, 0))
    assert filled[recorded.pk] == (DUE, bj(2026, 1, 10, 9, 0))  # no history row before it: due_at
    assert filled[never.pk] == (NEW_DUE, None)  # never submitted: due_at
    # January: the returned one overdue (not resubmitted), the late report late, the recorded one on time
    assert figures(world, JAN) == (3, 1, 1, 1, 0)
