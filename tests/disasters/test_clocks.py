"""Report clocks of an event (seed 002, article 12): when the urgent clocks start, for every company,
and what a company removed from an event and added back owes."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from association.choices import AWAITING_MEMBER, ObligationKind, ObligationStatus
from disasters.choices import ChangeKind, Grade
from disasters.models import AffectedCompany
from disasters.services.clocks import event_obligations
from disasters.services.events import (
    affected_add,
    affected_remove,
    event_declare_grade,
    event_update,
    event_update_estimates,
)
from disasters.services.loss_reports import loss_report_submit, phone_report_record
from disasters.services.responses import response_open
from tests.disasters.helpers import FIGURES, KNOWN, make_event

pytestmark = pytest.mark.django_db

GRADE_I_LOSS = Decimal("1000000000")  # property-loss payout from which an event is grade I
GRADE_II_LOSS = Decimal("60000000")
PHONE, WRITTEN = ObligationKind.DISASTER_PHONE_REPORT, ObligationKind.DISASTER_WRITTEN_REPORT
INITIAL, DAILY = ObligationKind.DISASTER_INITIAL_REPORT, ObligationKind.DISASTER_DAILY_REPORT


def run(world, steps):
    """Play the steps (operation, hours after the event became known, argument) on one event."""
    staff, regulator = world.users["staff"], world.users["regulator_province"]
    event = None
    for op, hours, arg in steps:
        at = KNOWN + dt.timedelta(hours=hours)
        if op == "create":
            event = make_event(world, organisations=[world.org_a_branch], now=at, **arg)
        elif op == "estimates":
            event = event_update_estimates(event=event, actor=staff, est_property_loss=arg, now=at)
        elif op == "declare":
            event = event_declare_grade(event=event, actor=regulator, grade=arg, reason="社会影响", now=at)
        elif op == "sensitive":
            event = event_update(event=event, actor=staff, sensitive=arg, now=at)
        elif op == "add":
            affected_add(event=event, organisation=arg or world.org_b, actor=staff, now=at)
        elif op == "remove":
            affected_remove(event=event, organisation=arg or world.org_b, actor=staff)
        elif op == "open":
            response_open(event=event, actor=regulator, level=arg, now=at)
        elif op == "report":
            loss_report_submit(
                event=event, organisation=world.org_a_branch, actor=world.users["member_a_reporter"], now=at,
                report_date=at.date(), **FIGURES,
            )  # fmt: skip
        else:  # pragma: no cover
            raise AssertionError(op)
    return event


URGENT_CASES = [
    # (steps, hours after known when the urgent clocks start; None: no urgent clocks)
    pytest.param([("create", 0, {"est_property_loss": GRADE_I_LOSS})], 0, id="grade I when recorded on time"),
    pytest.param(
        [("create", 3, {"est_property_loss": GRADE_I_LOSS}), ("add", 4, None)], 0, id="grade I, recorded 3 h late"
    ),
    pytest.param([("create", 3, {"sensitive": True}), ("add", 5, None)], 0, id="very sensitive, recorded 3 h late"),
    pytest.param(
        [("create", 0, {}), ("estimates", 2, GRADE_I_LOSS), ("add", 6, None)], 2, id="estimates reach grade I at +2 h"
    ),
    pytest.param([("create", 0, {}), ("declare", 1, Grade.I), ("add", 3, None)], 1, id="declared grade I at +1 h"),
    pytest.param([("create", 0, {}), ("sensitive", 4, True), ("add", 5, None)], 4, id="marked very sensitive at +4 h"),
    pytest.param(
        [("create", 0, {}), ("estimates", 2, GRADE_I_LOSS), ("add", 3, None), ("open", 5, Grade.I)],
        2,
        id="a company added and a response opened later keep the clock",
    ),
    pytest.param(
        [
            ("create", 3, {"est_property_loss": GRADE_I_LOSS}),
            ("declare", 4, Grade.II),
            ("declare", 5, Grade.I),
            ("add", 6, None),
        ],
        0,
        id="grade I from the first record, lowered and raised again",
    ),
    pytest.param(
        [
            ("create", 0, {}),
            ("declare", 1, Grade.II),
            ("estimates", 2, GRADE_I_LOSS),  # the declared grade II stays in effect
            ("declare", 3, ""),  # withdrawn: the computed grade I is in effect from now
            ("add", 4, None),
        ],
        3,
        id="computed grade I takes effect when the declared grade is withdrawn",
    ),
    pytest.param(
        [("create", 0, {}), ("estimates", 2, GRADE_II_LOSS), ("add", 3, None)], None, id="grade II: no urgent clocks"
    ),
]


@pytest.mark.parametrize("steps, start", URGENT_CASES)
def test_urgent_clocks_start_when_the_event_was_known_to_be_urgent(world, steps, start):
    event = run(world, steps)
    companies = set(AffectedCompany.objects.filter(event=event).values_list("organisation_id", flat=True))
    urgent = event_obligations(event).filter(kind__in=[PHONE, WRITTEN])
    if start is None:
        assert not urgent.exists()
        return
    begin = KNOWN + dt.timedelta(hours=start)
    wanted = {(org, PHONE, begin + dt.timedelta(minutes=30)) for org in companies}
    wanted |= {(org, WRITTEN, begin + dt.timedelta(hours=1)) for org in companies}
    assert set(urgent.values_list("organisation_id", "kind", "due_at")) == wanted


def test_marking_an_event_very_sensitive_is_in_its_history(world):
    event = run(world, [("create", 0, {}), ("sensitive", 4, True)])
    change = event.changes.get(kind=ChangeKind.SENSITIVE)
    assert change.at == KNOWN + dt.timedelta(hours=4) and change.actor == world.users["staff"]
    assert (change.from_value, change.to_value) == ("no", "yes")


READD_CASES = [
    # (steps after the event was recorded with A's branch, the live obligations A's branch owes then)
    pytest.param(
        [("remove", 1, "A"), ("add", 2, "A")],
        {INITIAL: 1, PHONE: 1, WRITTEN: 1},
        id="removed and added back: every clock again",
    ),
    pytest.param(
        [("open", 0.5, Grade.II), ("remove", 1, "A"), ("add", 2, "A")],
        {INITIAL: 1, PHONE: 1, WRITTEN: 1, DAILY: 1},
        id="with a level II response: the day's daily report too",
    ),
    pytest.param(
        [("remove", 1, "A"), ("add", 2, "A"), ("remove", 3, "A"), ("add", 4, "A")],
        {INITIAL: 1, PHONE: 1, WRITTEN: 1},
        id="removed twice, added back twice",
    ),
    pytest.param(
        [("report", 0.5, None), ("remove", 1, "A"), ("add", 2, "A")],
        {PHONE: 1},
        id="what it reported before stays reported",
    ),
]


@pytest.mark.parametrize("steps, live", READD_CASES)
def test_a_company_added_back_owes_its_reports_again(world, steps, live):
    steps = [(op, hours, world.org_a_branch if arg == "A" else arg) for op, hours, arg in steps]
    event = run(world, [("create", 0, {"sensitive": True}), *steps])
    mine = event_obligations(event).filter(organisation=world.org_a_branch)
    assert Counter(mine.filter(status__in=AWAITING_MEMBER).values_list("kind", flat=True)) == live
    # never two obligations for the same report (one per kind and due time is not cancelled)
    held = Counter(mine.exclude(status=ObligationStatus.CANCELLED).values_list("kind", "due_at"))
    assert set(held.values()) == {1}
    # at the clock every company has
    assert mine.get(kind=PHONE, status__in=AWAITING_MEMBER).due_at == KNOWN + dt.timedelta(minutes=30)


def test_reports_of_a_company_added_back_answer_its_new_obligations(world):
    a = world.org_a_branch
    steps = [("open", 0.5, Grade.II), ("remove", 1, a), ("add", 2, a), ("report", 3, None)]
    event = run(world, [("create", 0, {"sensitive": True}), *steps])
    phone_report_record(event=event, organisation=world.org_a_branch, actor=world.users["staff"], note="电话")
    mine = event_obligations(event).filter(organisation=world.org_a_branch)
    assert not mine.filter(status__in=AWAITING_MEMBER).exists()
    assert set(mine.exclude(status=ObligationStatus.CANCELLED).values_list("kind", flat=True)) == {
        INITIAL, PHONE, WRITTEN, DAILY,
    }  # fmt: skip
