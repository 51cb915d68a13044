"""Grading (article 7 and 19): every boundary of every criterion, on both sides."""

from decimal import Decimal

import pytest

from disasters.choices import Criterion, Grade
from disasters.grading import XINJIANG, Bounds, grade, grade_with_reason

D = Decimal
CENT = D("0.01")

PROPERTY = [
    (D(0), None),
    (D("10000000") - CENT, None),
    (D("10000000"), Grade.III),
    (D("50000000") - CENT, Grade.III),
    (D("50000000"), Grade.II),
    (D("1000000000") - CENT, Grade.II),
    (D("1000000000"), Grade.I),
    (D("99999999999"), Grade.I),
]
CASUALTY = [
    (D(0), None),
    (D("5000000") - CENT, None),
    (D("5000000"), Grade.III),
    (D("10000000") - CENT, Grade.III),
    (D("10000000"), Grade.II),
    (D("20000000") - CENT, Grade.II),
    (D("20000000"), Grade.I),
]
DEATHS = [(0, None), (4, None), (5, Grade.III), (9, Grade.III), (10, Grade.II), (29, Grade.II), (30, Grade.I)]


@pytest.mark.parametrize(("amount", "expected"), PROPERTY)
def test_property_loss(amount, expected):
    assert grade(amount, D(0), 0) == expected
    assert grade_with_reason(amount, D(0), 0).criterion == (Criterion.PROPERTY if expected else None)


@pytest.mark.parametrize(("amount", "expected"), CASUALTY)
def test_casualty_payout(amount, expected):
    assert grade(D(0), amount, 0) == expected
    assert grade_with_reason(D(0), amount, 0).criterion == (Criterion.CASUALTY if expected else None)


@pytest.mark.parametrize(("deaths", "expected"), DEATHS)
def test_insured_deaths(deaths, expected):
    assert grade(D(0), D(0), deaths) == expected
    assert grade_with_reason(D(0), D(0), deaths).criterion == (Criterion.DEATHS if expected else None)


@pytest.mark.parametrize(
    ("prop", "cas", "deaths", "expected", "criterion"),
    [
        (D("10000000"), D("10000000"), 0, Grade.II, Criterion.CASUALTY),
        (D("1000000000"), D("5000000"), 10, Grade.I, Criterion.PROPERTY),
        (D("0"), D("5000000"), 30, Grade.I, Criterion.DEATHS),
        (D("50000000"), D("10000000"), 10, Grade.II, Criterion.PROPERTY),  # tie: the first criterion
        (D("9999999.99"), D("4999999.99"), 4, None, None),
    ],
)
def test_highest_grade_of_any_criterion_wins(prop, cas, deaths, expected, criterion):
    result = grade_with_reason(prop, cas, deaths)
    assert (result.grade, result.criterion) == (expected, criterion)


def test_grade_values_are_the_strings():
    assert grade(D("1000000000"), 0, 0) == "I"
    assert grade(D("50000000"), 0, 0) == "II"
    assert grade(D("10000000"), 0, 0) == "III"


def test_another_rule_version():
    stricter = Bounds(**{**XINJIANG.__dict__, "property_iii": D("5000000")})
    assert grade(D("5000000"), 0, 0) is None
    assert grade(D("5000000"), 0, 0, rule=stricter) == Grade.III
