"""Figures of the disasters overview and the roll call: a regulator reads them as they are."""

import datetime as dt

import pytest
from django.utils import timezone

from association.choices import ObligationKind
from association.deadlines import BEIJING
from association.overview.panels import Period
from disasters.choices import Grade
from disasters.dashboard import roll_call
from disasters.models import Response
from disasters.overview import disaster_panels
from disasters.services.clocks import daily_obligations, event_obligations
from disasters.services.loss_reports import loss_report_submit
from disasters.services.responses import response_change_level, response_open, response_terminate
from tests.disasters.helpers import FIGURES, make_event

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """2026-07-<day> <hour>:<minute> Beijing (the event became known on 07-01 09:00)."""
    return dt.datetime(2026, 7, day, hour, minute, tzinfo=BEIJING)


@pytest.mark.parametrize(
    "levels, running",
    [
        pytest.param([], 0, id="no response"),
        pytest.param(["open"], 1, id="a response running"),
        pytest.param(["open", "terminate"], 0, id="the response ended"),
        pytest.param(["open", "terminate", "open"], 1, id="ended, then a new one running"),
    ],
)
def test_in_response_counts_only_events_with_a_running_response(world, levels, running):
    make_event(world, title="无响应的事件")  # never had a response: never counts
    event = make_event(world, title="有响应的事件")
    regulator = world.users["regulator_province"]
    for step in levels:
        if step == "open":
            response_open(event=event, actor=regulator, level=Grade.III)
        else:
            response_terminate(response=Response.objects.get(event=event, terminated_at=None), actor=regulator)
    now = timezone.now()
    period = Period.named("ytd", timezone.localdate())
    (panel,) = disaster_panels(user=world.users["staff"], period=period, now=now, audience="staff")
    assert panel.figures[0].value == running
    table = next(t for t in panel.tables if t.key == "active-disasters")
    assert [row[0] for row in table.rows] == ["有响应的事件"] * running


def play(world, steps):
    """An event known 07-01 09:00 affecting A's branch; each step at its time, the hourly task run at 18:00."""
    event = make_event(world)
    regulator = world.users["regulator_province"]
    for when, op, arg in steps:
        response = Response.objects.filter(event=event, terminated_at=None).first()
        if op == "open":
            response_open(event=event, actor=regulator, level=arg, now=when)
        elif op == "level":
            response_change_level(response=response, actor=regulator, level=arg, reason="事态变化", now=when)
        elif op == "terminate":
            response_terminate(response=response, actor=regulator, now=when)
        elif op == "report":
            loss_report_submit(
                event=event, organisation=world.org_a_branch, actor=world.users["member_a_reporter"], now=when,
                report_date=when.date(), **FIGURES,
            )  # fmt: skip
        elif op == "task":  # the hourly task: daily obligations up to 24 h ahead
            if response is not None and response.level in (Grade.I, Grade.II):
                daily_obligations(event=event, response=response, now=when)
        else:  # pragma: no cover
            raise AssertionError(op)
    return event


def with_task(steps, last_day):
    """The steps with the hourly task run every day at 18:00 up to ``last_day``."""
    tasks = [(at(day, 18), "task", None) for day in range(1, last_day + 1)]
    return sorted([*steps, *tasks], key=lambda s: s[0])


II_III_II = [
    (at(2, 10), "open", Grade.II),
    (at(3, 12), "report", None),
    (at(4, 10), "level", Grade.III),  # lowered before the day's 17:00: no daily report from 07-04
    (at(5, 12), "report", None),  # reported on a day nothing was owed
    (at(6, 10), "level", Grade.II),  # raised again: owed from 07-06
    (at(8, 10), "terminate", None),  # ended before the day's 17:00: nothing owed from 07-08
]
ROLL_CALL_CASES = [
    pytest.param(
        with_task(II_III_II, 9),
        at(10, 12),
        {
            1: "not_due",
            2: "missing",
            3: "in",
            4: "not_due",
            5: "in",
            6: "missing",
            7: "missing",
            8: "not_due",
            9: "not_due",
            10: "not_due",
        },
        id="level II, lowered to III, raised to II, terminated",
    ),
    pytest.param(
        with_task([(at(2, 10), "open", Grade.III)], 3),
        at(4, 12),
        {1: "not_due", 2: "not_due", 3: "not_due", 4: "not_due"},
        id="a level III response owes no daily report",
    ),
    pytest.param(
        with_task([(at(1, 17), "open", Grade.II)], 2),
        at(3, 17),
        {1: "not_due", 2: "missing", 3: "pending"},
        id="opened at 17:00: owed from the next day; due at 17:00 is not missing yet",
    ),
    pytest.param(
        with_task([(at(1, 10), "open", Grade.II)], 2),
        at(3, 17, 1),
        {1: "missing", 2: "missing", 3: "missing"},
        id="a minute after the due time it is missing",
    ),
    pytest.param(
        with_task([(at(1, 10), "open", Grade.II), (at(2, 17), "terminate", None)], 3),
        at(4, 12),
        {1: "missing", 2: "missing", 3: "not_due", 4: "not_due"},
        id="terminated at 17:00: that day still owed",
    ),
    pytest.param(
        with_task([(at(1, 10), "open", Grade.III), (at(2, 16), "level", Grade.II)], 2),
        at(3, 12),
        {1: "not_due", 2: "missing", 3: "pending"},
        id="raised from III to II before 17:00: owed that day",
    ),
]


@pytest.mark.parametrize("steps, now, expected", ROLL_CALL_CASES)
def test_roll_call_marks_the_days_no_daily_report_is_owed(world, steps, now, expected):
    event = play(world, steps)
    grid = roll_call(event, now)
    (row,) = grid["rows"]
    states = {d.day: cell.state for d, cell in zip(grid["dates"], row["cells"], strict=True)}
    assert states == expected
    assert grid["missing"] == list(expected.values()).count("missing")
    # the daily obligations agree: a live (or answered) one exactly on the days a report is owed
    daily = event_obligations(event).filter(kind=ObligationKind.DISASTER_DAILY_REPORT)
    owed_days = {
        due.astimezone(BEIJING).day for due in daily.exclude(status="cancelled").values_list("due_at", flat=True)
    }
    assert owed_days <= {day for day, state in expected.items() if state != "not_due"}


def test_roll_call_reads_not_due_in_chinese(world, client):
    from tests.conftest import client_for

    event = play(world, [(at(2, 10), "open", Grade.III)])
    page = client_for(client, world.users["regulator_x"]).get(f"/disasters/{event.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = page.content.decode()
    assert "无需报送" in page
