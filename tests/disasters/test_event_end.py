"""A terminated event's report clocks stop: what the companies still owe and is not yet due is cancelled
(initial, phone, written, daily), and gets no reminder or escalation; what was already due stays owed."""

import datetime as dt

import pytest
from django.test import override_settings

from association.choices import ObligationKind, ObligationStatus
from association.models import ReminderLog
from association.services.obligations import obligation_submit
from association.services.reminders import reminders_sweep
from disasters.choices import Grade
from disasters.services.clocks import event_obligations
from disasters.services.responses import response_open, response_terminate
from tests.disasters.helpers import KNOWN, make_event

pytestmark = pytest.mark.django_db

OPEN, CANCELLED = ObligationStatus.OPEN, ObligationStatus.CANCELLED
PHONE, WRITTEN = ObligationKind.DISASTER_PHONE_REPORT, ObligationKind.DISASTER_WRITTEN_REPORT
INITIAL, DAILY = ObligationKind.DISASTER_INITIAL_REPORT, ObligationKind.DISASTER_DAILY_REPORT
TODAY, TOMORROW = KNOWN.date(), KNOWN.date() + dt.timedelta(days=1)


def _statuses(event, organisation):
    """{(kind, day of a daily report or None): status} of one company's report obligations."""
    rows = event_obligations(event).filter(organisation=organisation).values_list("kind", "due_at", "status")
    return {(kind, due.astimezone(KNOWN.tzinfo).date() if kind == DAILY else None): s for kind, due, s in rows}


@override_settings(DISASTER_DAILY_REPORT_TIME="18:00")
@pytest.mark.parametrize(
    ("terminated_after", "expected"),
    [
        # phone due +30 min, written +1 h, initial +2 h, daily at 18:00 (+9 h), tomorrow's created at +9 h
        (dt.timedelta(minutes=20), {PHONE: CANCELLED, WRITTEN: CANCELLED, INITIAL: CANCELLED, TODAY: CANCELLED}),
        (dt.timedelta(minutes=30), {PHONE: OPEN, WRITTEN: CANCELLED, INITIAL: CANCELLED, TODAY: CANCELLED}),
        (dt.timedelta(minutes=45), {PHONE: OPEN, WRITTEN: CANCELLED, INITIAL: CANCELLED, TODAY: CANCELLED}),
        (dt.timedelta(hours=1, minutes=1), {PHONE: OPEN, WRITTEN: OPEN, INITIAL: CANCELLED, TODAY: CANCELLED}),
        (dt.timedelta(hours=3), {PHONE: OPEN, WRITTEN: OPEN, INITIAL: OPEN, TODAY: CANCELLED}),
        (
            dt.timedelta(hours=10),
            {PHONE: OPEN, WRITTEN: OPEN, INITIAL: OPEN, TODAY: OPEN, TOMORROW: CANCELLED},
        ),
    ],
)
def test_terminating_the_response_cancels_the_reports_not_yet_due(world, terminated_after, expected):
    event = make_event(world, organisations=[world.org_a_branch, world.org_b], sensitive=True)  # urgent clocks
    response = response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    if terminated_after >= dt.timedelta(hours=9):  # the hourly task has issued tomorrow's daily report
        from disasters.services.clocks import daily_obligations

        daily_obligations(event=event, response=response, now=KNOWN + dt.timedelta(hours=9))
    end = KNOWN + terminated_after
    response_terminate(response=response, actor=world.users["regulator_province"], now=end)
    for org in (world.org_a_branch, world.org_b):
        got = _statuses(event, org)
        want = {(k, None) if k in (PHONE, WRITTEN, INITIAL) else (DAILY, k): s for k, s in expected.items()}
        assert got == want
    # what was cancelled gets no reminder, at due or overdue, ever after; what stays owed is escalated
    for hours in (1, 3, 12, 30, 24 * 7):
        reminders_sweep(now=end + dt.timedelta(hours=hours))
    cancelled = event_obligations(event).filter(status=CANCELLED)
    assert cancelled.exists()
    assert not ReminderLog.objects.filter(obligation__in=cancelled).exists()
    still_owed = event_obligations(event).filter(status=OPEN)
    assert set(ReminderLog.objects.filter(step="overdue").values_list("obligation", flat=True)) == set(
        still_owed.values_list("pk", flat=True)
    )


@override_settings(DISASTER_DAILY_REPORT_TIME="18:00")
def test_a_report_submitted_before_termination_is_still_reviewed(world):
    event = make_event(world, organisations=[world.org_a_branch])
    response = response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    daily = event_obligations(event).get(kind=DAILY)
    obligation_submit(obligation=daily, actor=world.users["member_a_reporter"], text="今日损失")
    response_terminate(response=response, actor=world.users["regulator_province"], now=KNOWN + dt.timedelta(hours=1))
    daily.refresh_from_db()
    assert daily.status == ObligationStatus.SUBMITTED
    assert event_obligations(event).get(kind=INITIAL).status == CANCELLED
