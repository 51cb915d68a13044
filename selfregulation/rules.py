"""Domain rules of self-regulation as pure functions (no database, no clock): tested table-driven."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from association.workdays import Overrides, is_working_day
from selfregulation.choices import InspectionStatus, RuleKind

#: status → the statuses an inspection may move to
TRANSITIONS = {
    InspectionStatus.PLANNED: {InspectionStatus.IN_PROGRESS},
    InspectionStatus.IN_PROGRESS: {InspectionStatus.REPORT_ISSUED},
    InspectionStatus.REPORT_ISSUED: {InspectionStatus.CLOSED},
    InspectionStatus.CLOSED: set(),
}

#: allowed range of each ratio (percent), inclusive
RATIO_RANGES = {
    "combined_expense_ratio": (Decimal("0"), Decimal("100")),
    "combined_cost_ratio": (Decimal("0"), Decimal("300")),
}
RETURN_FIELDS = ("written_premium", "policies", "claims_paid", "combined_expense_ratio", "combined_cost_ratio")
CENT = Decimal("0.01")


def may_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())


def conflicting_targets(home_company_ids: set[int], target_ids: set[int]) -> set[int]:
    """The targets a borrowed inspector may not inspect: their own company (and its branches/parent)."""
    return home_company_ids & target_ids


def total_score(scores) -> Decimal:
    return sum((Decimal(s) for s in scores), Decimal("0")).quantize(CENT)


def return_problems(figures: dict) -> dict[str, str]:
    """Missing fields and ratios out of range, as {field: english key}; empty when the figures are fine."""
    problems = {}
    for name in RETURN_FIELDS:
        value = figures.get(name)
        if value is None or value == "":
            problems[name] = "required"
            continue
        if Decimal(value) < 0:
            problems[name] = "negative"
    for name, (low, high) in RATIO_RANGES.items():
        value = figures.get(name)
        if name not in problems and not low <= Decimal(value) <= high:
            problems[name] = "range"
    return problems


def return_due_date(period: dt.date, working_day: int, overrides: Overrides | None = None) -> dt.date:
    """The ``working_day``-th working day of the month after ``period`` (official calendar)."""
    first = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    d, count = first, 0
    while True:
        if is_working_day(d, overrides):
            count += 1
            if count == working_day:
                return d
        d += dt.timedelta(days=1)


def previous_month(period: dt.date) -> dt.date:
    return (period.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class RuleSpec:
    id: int
    indicator: str
    kind: str
    threshold: Decimal


@dataclass(frozen=True)
class Anomaly:
    organisation_id: int
    rule_id: int
    value: Decimal
    reference: Decimal
    deviation: Decimal


def industry_summary(current: dict[int, dict]) -> dict:
    """Totals of amounts and counts, and premium-weighted ratios; plain means of the ratios too."""
    n = len(current)
    if not n:
        return {"companies": 0}
    premium = sum(Decimal(f["written_premium"]) for f in current.values())
    summary = {
        "companies": n,
        "written_premium": premium,
        "policies": sum(int(f["policies"]) for f in current.values()),
        "claims_paid": sum(Decimal(f["claims_paid"]) for f in current.values()),
    }
    for ratio in RATIO_RANGES:
        mean = sum(Decimal(f[ratio]) for f in current.values()) / n
        summary[f"{ratio}_mean"] = mean.quantize(CENT, ROUND_HALF_UP)
        if premium:
            weighted = sum(Decimal(f[ratio]) * Decimal(f["written_premium"]) for f in current.values()) / premium
            summary[f"{ratio}_weighted"] = weighted.quantize(CENT, ROUND_HALF_UP)
    return summary


def detect_anomalies(rules: list[RuleSpec], current: dict[int, dict], previous: dict[int, dict]) -> list[Anomaly]:
    """Month-over-month: |change| in percent of last month's value beyond the threshold (no warning without
    last month's figure or when it was 0). Distance from mean: |value − industry mean| beyond the threshold,
    in the indicator's own unit (percentage points for ratios); the mean is over all companies this month."""
    found = []
    n = len(current)
    for rule in rules:
        if not n:
            break
        mean = sum(Decimal(f[rule.indicator]) for f in current.values()) / n
        for org_id, figures in sorted(current.items()):
            value = Decimal(figures[rule.indicator])
            if rule.kind == RuleKind.MONTH_OVER_MONTH:
                before = previous.get(org_id)
                if before is None or Decimal(before[rule.indicator]) == 0:
                    continue
                reference = Decimal(before[rule.indicator])
                deviation = (value - reference) / reference * 100
            elif rule.kind == RuleKind.MEAN_DISTANCE:
                reference = mean
                deviation = value - mean
            else:
                raise ValueError(f"unknown rule kind {rule.kind}")
            if abs(deviation) > rule.threshold:
                found.append(
                    Anomaly(
                        organisation_id=org_id,
                        rule_id=rule.id,
                        value=value.quantize(CENT, ROUND_HALF_UP),
                        reference=reference.quantize(CENT, ROUND_HALF_UP),
                        deviation=deviation.quantize(CENT, ROUND_HALF_UP),
                    )
                )
    return found


def rate(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)
