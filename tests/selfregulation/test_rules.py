import datetime as dt
from decimal import Decimal as D

import pytest

from selfregulation.rules import (
    RuleSpec,
    conflicting_targets,
    detect_anomalies,
    industry_summary,
    may_transition,
    previous_month,
    rate,
    return_due_date,
    return_problems,
    total_score,
)

OK = {
    "written_premium": "100",
    "policies": 3,
    "claims_paid": "50",
    "combined_expense_ratio": "30",
    "combined_cost_ratio": "99",
}


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("planned", "in_progress", True),
        ("planned", "report_issued", False),
        ("in_progress", "report_issued", True),
        ("report_issued", "closed", True),
        ("closed", "in_progress", False),
        ("in_progress", "planned", False),
    ],
)
def test_transitions(current, target, allowed):
    assert may_transition(current, target) is allowed


@pytest.mark.parametrize(
    ("home", "targets", "clash"),
    [({1, 2}, {3}, set()), ({1, 2}, {2, 3}, {2}), (set(), {1}, set())],
)
def test_borrowed_inspector_conflicts(home, targets, clash):
    assert conflicting_targets(home, targets) == clash


def test_total_score():
    assert total_score(["9.5", D("10"), 0]) == D("19.50")
    assert total_score([]) == D("0.00")


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({}, {}),
        ({"policies": ""}, {"policies": "required"}),
        ({"claims_paid": None}, {"claims_paid": "required"}),
        ({"combined_expense_ratio": "100.01"}, {"combined_expense_ratio": "range"}),
        ({"combined_expense_ratio": "100"}, {}),
        ({"combined_cost_ratio": "-1"}, {"combined_cost_ratio": "negative"}),
        ({"combined_cost_ratio": "300.5"}, {"combined_cost_ratio": "range"}),
        ({"written_premium": "-5"}, {"written_premium": "negative"}),
    ],
)
def test_return_problems(change, problems):
    assert return_problems({**OK, **change}) == problems


@pytest.mark.parametrize(
    ("period", "n", "due"),
    [
        # October 2026: 1–7 National Day holiday, 10 October (Saturday) an adjusted working day
        (dt.date(2026, 9, 1), 1, dt.date(2026, 10, 8)),
        (dt.date(2026, 9, 1), 2, dt.date(2026, 10, 9)),
        (dt.date(2026, 9, 1), 3, dt.date(2026, 10, 10)),
        (dt.date(2026, 5, 1), 1, dt.date(2026, 6, 1)),
        (dt.date(2026, 12, 1), 1, None),
    ],
)
def test_return_due_date(period, n, due):
    overrides = {dt.date(2026, 10, d): False for d in range(1, 8)} | {dt.date(2026, 10, 10): True}
    if due is None:  # December → January of the next year (1 January is a holiday)
        assert return_due_date(period, n, {dt.date(2027, 1, 1): False}) == dt.date(2027, 1, 4)
    else:
        assert return_due_date(period, n, overrides) == due


def test_previous_month():
    assert previous_month(dt.date(2026, 1, 15)) == dt.date(2025, 12, 1)
    assert previous_month(dt.date(2026, 3, 1)) == dt.date(2026, 2, 1)


def _fig(premium, expense, cost):
    return {
        "written_premium": D(premium),
        "policies": 1,
        "claims_paid": D("1"),
        "combined_expense_ratio": D(expense),
        "combined_cost_ratio": D(cost),
    }


@pytest.mark.parametrize(
    ("rule", "current", "previous", "expected"),
    [
        # month over month: 100 → 140 is +40 % > 30
        (
            RuleSpec(1, "written_premium", "mom_change", D("30")),
            {1: _fig("140", 30, 99)},
            {1: _fig("100", 30, 99)},
            [(1, D("40.00"))],
        ),
        # exactly at the threshold: no warning
        (RuleSpec(1, "written_premium", "mom_change", D("30")), {1: _fig("130", 30, 99)}, {1: _fig("100", 30, 99)}, []),
        # a fall counts too
        (
            RuleSpec(1, "written_premium", "mom_change", D("30")),
            {1: _fig("50", 30, 99)},
            {1: _fig("100", 30, 99)},
            [(1, D("-50.00"))],
        ),
        # no previous month, or previous 0: no month-over-month warning
        (RuleSpec(1, "written_premium", "mom_change", D("30")), {1: _fig("50", 30, 99)}, {}, []),
        (RuleSpec(1, "written_premium", "mom_change", D("30")), {1: _fig("50", 30, 99)}, {1: _fig("0", 30, 99)}, []),
        # distance from the mean: mean of 20, 30, 40, 50 = 35; 50 is +15 > 10, 20 is −15
        (
            RuleSpec(2, "combined_expense_ratio", "mean_distance", D("10")),
            {1: _fig("1", 20, 99), 2: _fig("1", 30, 99), 3: _fig("1", 40, 99), 4: _fig("1", 50, 99)},
            {},
            [(1, D("-15.00")), (4, D("15.00"))],
        ),
    ],
)
def test_detect_anomalies(rule, current, previous, expected):
    found = detect_anomalies([rule], current, previous)
    assert [(a.organisation_id, a.deviation) for a in found] == expected


def test_industry_summary_weights_ratios_by_premium():
    s = industry_summary({1: _fig("300", 20, 90), 2: _fig("100", 40, 110)})
    assert s["written_premium"] == D("400")
    assert s["combined_expense_ratio_mean"] == D("30.00")
    assert s["combined_expense_ratio_weighted"] == D("25.00")
    assert s["combined_cost_ratio_weighted"] == D("95.00")
    assert industry_summary({}) == {"companies": 0}


def test_rate():
    assert rate(1, 3) == D("33.3")
    assert rate(0, 0) is None
