"""Disaster grading (seed 002, articles 7 and 19): a pure function over a rule's nine bounds.

An event takes the highest grade that any criterion reaches. "以上" includes the bound and
"以下" excludes it: a lower bound is ``>=``, an upper bound is ``<`` (so reaching the next
grade's lower bound is the same as leaving this grade's range). No I/O here: the rule in force
is looked up by :func:`disasters.selectors.rule_in_force` and passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from disasters.choices import Criterion, Grade, grade_rank


@dataclass(frozen=True)
class Bounds:
    """Lower bounds of grades III, II and I for the three criteria (amounts in yuan)."""

    property_iii: Decimal
    property_ii: Decimal
    property_i: Decimal
    casualty_iii: Decimal
    casualty_ii: Decimal
    casualty_i: Decimal
    deaths_iii: int
    deaths_ii: int
    deaths_i: int


#: the Xinjiang rule (财产保险灾害事故分级处置实施细则, article 7)
XINJIANG = Bounds(
    property_iii=Decimal("10000000"),
    property_ii=Decimal("50000000"),
    property_i=Decimal("1000000000"),
    casualty_iii=Decimal("5000000"),
    casualty_ii=Decimal("10000000"),
    casualty_i=Decimal("20000000"),
    deaths_iii=5,
    deaths_ii=10,
    deaths_i=30,
)

BOUND_FIELDS = tuple(Bounds.__dataclass_fields__)


@dataclass(frozen=True)
class GradeResult:
    grade: Grade | None
    #: the criterion that set the grade (the first in the order property, casualty, deaths on a tie)
    criterion: Criterion | None


def _level(value, iii, ii, i) -> Grade | None:
    if value >= i:
        return Grade.I
    if value >= ii:
        return Grade.II
    if value >= iii:
        return Grade.III
    return None


def _bounds(rule) -> Bounds:
    if rule is None:
        return XINJIANG
    if isinstance(rule, Bounds):
        return rule
    return Bounds(**{f: getattr(rule, f) for f in BOUND_FIELDS})  # a GradingRule row


def grade_with_reason(property_loss, casualty_payout, deaths, *, rule=None) -> GradeResult:
    b = _bounds(rule)
    candidates = [
        (_level(Decimal(property_loss or 0), b.property_iii, b.property_ii, b.property_i), Criterion.PROPERTY),
        (_level(Decimal(casualty_payout or 0), b.casualty_iii, b.casualty_ii, b.casualty_i), Criterion.CASUALTY),
        (_level(int(deaths or 0), b.deaths_iii, b.deaths_ii, b.deaths_i), Criterion.DEATHS),
    ]
    best = GradeResult(None, None)
    for grade, criterion in candidates:
        if grade_rank(grade) > grade_rank(best.grade):
            best = GradeResult(grade, criterion)
    return best


def grade(property_loss, casualty_payout, deaths, *, rule=None) -> Grade | None:
    """``"I"``, ``"II"``, ``"III"`` or ``None`` for the estimated payouts (Decimal yuan) and insured deaths."""
    return grade_with_reason(property_loss, casualty_payout, deaths, rule=rule).grade


def bounds_problems(b: Bounds) -> list[str]:
    """Names of criteria whose bounds do not rise strictly from III to I."""
    problems = []
    for prefix in ("property", "casualty", "deaths"):
        iii, ii, i = (getattr(b, f"{prefix}_{g}") for g in ("iii", "ii", "i"))
        if not (0 < iii < ii < i):
            problems.append(prefix)
    return problems
