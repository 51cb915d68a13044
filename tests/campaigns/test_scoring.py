"""The publicity evaluation rules as pure functions: table-driven."""

import datetime as dt
from decimal import Decimal as D

import pytest

from campaigns.scoring import (
    LATE,
    MISSING,
    ON_TIME,
    PENDING,
    ActivityFact,
    DeliverableFact,
    ItemRule,
    Rules,
    deliverable_state,
    rank,
    score,
    views_bonus,
)

RULES = Rules(
    items={
        "activity:community": ItemRule(D("3"), 2),
        "activity:live_stream": ItemRule(D("4")),
        "deliverable:summary": ItemRule(D("5")),
        "deliverable:activity_plan": ItemRule(D("2")),
        "news:published": ItemRule(D("2"), 3),
    },
    mainstream_bonus=D("2"),
    original_bonus=D("1"),
    views_step=10000,
    views_points=D("1"),
    views_cap=D("3"),
    late_factor=D("0.5"),
    missing_penalty=D("2"),
    campaign_cap=D("30"),
)


@pytest.mark.parametrize(
    ("activities", "deliverables", "news", "total"),
    [
        ([], [], 0, "0.0"),
        ([ActivityFact("community")], [], 0, "3.0"),
        # cap of 2 community activities: the third does not count
        ([ActivityFact("community")] * 3, [], 0, "6.0"),
        # an unknown kind earns nothing
        ([ActivityFact("school")], [], 0, "0.0"),
        # bonuses: mainstream 2 + original 1 + views 25,000 -> 2 steps = 2
        ([ActivityFact("live_stream", views=25000, mainstream=True, original=True)], [], 0, "9.0"),
        # views bonus capped at 3
        ([ActivityFact("live_stream", views=1_000_000)], [], 0, "7.0"),
        # the capped kind counts the best activities (with their bonuses)
        (
            [
                ActivityFact("community"),
                ActivityFact("community", mainstream=True),
                ActivityFact("community", original=True),
            ],
            [],
            0,
            "9.0",
        ),
        ([], [DeliverableFact("summary", ON_TIME)], 0, "5.0"),
        ([], [DeliverableFact("summary", LATE)], 0, "2.5"),
        ([], [DeliverableFact("summary", MISSING)], 0, "-2.0"),
        ([], [DeliverableFact("summary", PENDING)], 0, "0.0"),
        ([], [DeliverableFact("summary", ON_TIME), DeliverableFact("activity_plan", LATE)], 0, "6.0"),
        ([], [], 2, "4.0"),
        ([], [], 5, "6.0"),  # at most 3 published drafts count
        # campaign cap: 10 live streams x 4 = 40 -> 30
        ([ActivityFact("live_stream")] * 10, [], 0, "30.0"),
    ],
)
def test_score_table(activities, deliverables, news, total):
    result = score(RULES, activities=activities, deliverables=deliverables, news_published=news)
    assert result.total == D(total)
    assert sum(line.points for line in result.lines) == D(total)  # the lines explain the total


def test_lines_say_how_the_score_was_made():
    result = score(
        RULES,
        activities=[ActivityFact("community", mainstream=True)] * 3,
        deliverables=[DeliverableFact("summary", LATE)],
        news_published=1,
    )
    lines = {line.item: line for line in result.lines}
    assert (lines["activity:community"].count, lines["activity:community"].counted) == (3, 2)
    assert lines["bonus:mainstream"].points == D("4.0")
    assert lines["deliverable:summary:late"].points == D("2.5")
    assert lines["news:published"].points == D("2.0")


def test_cap_line_is_shown():
    result = score(RULES, activities=[ActivityFact("live_stream")] * 10)
    assert result.lines[-1].item == "cap" and result.lines[-1].points == D("-10.0")


def test_empty_rules_score_nothing():
    assert score(Rules(items={}), activities=[ActivityFact("community")]).total == D("0")


T = dt.datetime(2022, 3, 22, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(
    ("status", "submitted_at", "now", "expected"),
    [
        ("open", None, T - dt.timedelta(hours=1), PENDING),
        ("open", None, T + dt.timedelta(minutes=1), MISSING),
        ("submitted", T, T + dt.timedelta(days=2), ON_TIME),  # exactly at the due time is on time
        ("submitted", T + dt.timedelta(minutes=1), T + dt.timedelta(days=2), LATE),
        ("accepted", T - dt.timedelta(days=1), T + dt.timedelta(days=2), ON_TIME),
        ("resubmitted", T + dt.timedelta(days=1), T + dt.timedelta(days=2), LATE),
        ("returned", None, T - dt.timedelta(hours=1), PENDING),
        ("returned", None, T + dt.timedelta(hours=1), LATE),
        ("cancelled", None, T + dt.timedelta(hours=1), None),
    ],
)
def test_deliverable_state(status, submitted_at, now, expected):
    assert deliverable_state(status=status, submitted_at=submitted_at, due_at=T, now=now) == expected


@pytest.mark.parametrize(("views", "expected"), [(0, "0"), (9999, "0"), (10000, "1"), (29999, "2"), (10**7, "3")])
def test_views_bonus(views, expected):
    assert views_bonus(RULES, views) == D(expected)


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ([], []),
        ([(1, D("5")), (2, D("9"))], [(1, 2, D("9")), (2, 1, D("5"))]),
        # competition ranking: ties share a rank, the next rank skips
        (
            [(3, D("5")), (1, D("9")), (2, D("9")), (4, D("1"))],
            [(1, 1, D("9")), (1, 2, D("9")), (3, 3, D("5")), (4, 4, D("1"))],
        ),
    ],
)
def test_rank(totals, expected):
    assert rank(totals) == expected
