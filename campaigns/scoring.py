"""Publicity evaluation rules (宣传考评办法) as pure functions: facts in, a score with its lines out.

No I/O here: the services load the rules (``ScoringRuleSet``) and the facts (activities, deliverables,
published news drafts) and store the result with the lines that explain it.

An item is ``"activity:<kind>"``, ``"deliverable:<kind>"`` or ``"news:published"``; each has points
and an optional cap (how many count per campaign and member). Per activity, bonuses are added for
mainstream media, original content and views (``views_points`` per ``views_step`` views, at most
``views_cap``). A deliverable submitted on time earns its points, a late one ``late_factor`` of them,
a missing one (due time passed, nothing submitted) costs ``missing_penalty``. A campaign total above
``campaign_cap`` is cut to the cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ONE_PLACE = Decimal("0.1")

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
SUBMITTED_STATUSES = ("submitted", "resubmitted", "accepted")


@dataclass(frozen=True)
class ItemRule:
    points: Decimal
    max_count: int | None = None


@dataclass(frozen=True)
class Rules:
    items: dict[str, ItemRule]
    mainstream_bonus: Decimal = ZERO
    original_bonus: Decimal = ZERO
    views_step: int = 10000
    views_points: Decimal = ZERO
    views_cap: Decimal = ZERO
    late_factor: Decimal = Decimal("0.5")
    missing_penalty: Decimal = ZERO
    campaign_cap: Decimal | None = None


@dataclass(frozen=True)
class ActivityFact:
    kind: str
    views: int = 0
    mainstream: bool = False
    original: bool = False


@dataclass(frozen=True)
class DeliverableFact:
    kind: str
    state: str  # ON_TIME, LATE, MISSING or PENDING


@dataclass(frozen=True)
class Line:
    item: str
    count: int
    counted: int
    points: Decimal

    def as_json(self) -> dict:
        return {"item": self.item, "count": self.count, "counted": self.counted, "points": str(self.points)}


@dataclass
class Score:
    total: Decimal
    lines: list[Line] = field(default_factory=list)


def q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def deliverable_state(
    *, status: str, submitted_at: dt.datetime | None, due_at: dt.datetime, now: dt.datetime
) -> str | None:
    """How a deliverable obligation counts. ``None``: cancelled, it does not count at all."""
    if status == "cancelled":
        return None
    if status in SUBMITTED_STATUSES and submitted_at is not None:
        return ON_TIME if submitted_at <= due_at else LATE
    if now <= due_at:
        return PENDING
    return LATE if status == "returned" else MISSING


def views_bonus(rules: Rules, views: int) -> Decimal:
    if rules.views_step <= 0 or views <= 0:
        return ZERO
    return min(Decimal(views // rules.views_step) * rules.views_points, rules.views_cap)


def activity_points(rules: Rules, activity: ActivityFact) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(base, mainstream bonus, original bonus, views bonus) of one activity."""
    rule = rules.items.get(f"activity:{activity.kind}")
    base = rule.points if rule else ZERO
    return (
        base,
        rules.mainstream_bonus if activity.mainstream else ZERO,
        rules.original_bonus if activity.original else ZERO,
        views_bonus(rules, activity.views),
    )


def _activity_lines(rules: Rules, activities: Iterable[ActivityFact]) -> list[Line]:
    by_kind: dict[str, list[ActivityFact]] = {}
    for a in activities:
        by_kind.setdefault(a.kind, []).append(a)
    lines: list[Line] = []
    bonus = {"bonus:mainstream": [0, ZERO], "bonus:original": [0, ZERO], "bonus:views": [0, ZERO]}
    for kind in sorted(by_kind):
        items = by_kind[kind]
        rule = rules.items.get(f"activity:{kind}")
        scored = sorted((activity_points(rules, a) for a in items), key=lambda p: sum(p), reverse=True)
        counted = scored if rule is None or rule.max_count is None else scored[: rule.max_count]
        lines.append(Line(f"activity:{kind}", len(items), len(counted), q(sum((p[0] for p in counted), ZERO))))
        for p in counted:
            for key, value in zip(("bonus:mainstream", "bonus:original", "bonus:views"), p[1:], strict=True):
                if value:
                    bonus[key][0] += 1
                    bonus[key][1] += value
    for key, (count, points) in bonus.items():
        if count:
            lines.append(Line(key, count, count, q(points)))
    return lines


def _deliverable_lines(rules: Rules, deliverables: Iterable[DeliverableFact]) -> list[Line]:
    totals: dict[str, list] = {}
    for d in deliverables:
        rule = rules.items.get(f"deliverable:{d.kind}")
        points = rule.points if rule else ZERO
        if d.state == ON_TIME:
            key, value = f"deliverable:{d.kind}:on_time", points
        elif d.state == LATE:
            key, value = f"deliverable:{d.kind}:late", points * rules.late_factor
        elif d.state == MISSING:
            key, value = f"deliverable:{d.kind}:missing", -rules.missing_penalty
        else:
            continue
        entry = totals.setdefault(key, [0, ZERO])
        entry[0] += 1
        entry[1] += value
    return [Line(key, n, n, q(points)) for key, (n, points) in sorted(totals.items())]


def score(
    rules: Rules,
    *,
    activities: Iterable[ActivityFact] = (),
    deliverables: Iterable[DeliverableFact] = (),
    news_published: int = 0,
) -> Score:
    """One member's score in one campaign, with the lines that make it up."""
    lines = _activity_lines(rules, activities) + _deliverable_lines(rules, deliverables)
    if news_published:
        rule = rules.items.get("news:published")
        if rule is not None:
            counted = news_published if rule.max_count is None else min(news_published, rule.max_count)
            lines.append(Line("news:published", news_published, counted, q(rule.points * counted)))
    total = sum((line.points for line in lines), ZERO)
    if rules.campaign_cap is not None and total > rules.campaign_cap:
        lines.append(Line("cap", 1, 1, q(rules.campaign_cap - total)))
        total = rules.campaign_cap
    return Score(total=q(total), lines=lines)


def rank(totals: Iterable[tuple[int, Decimal]]) -> list[tuple[int, int, Decimal]]:
    """Competition ranking ("1224"): equal totals share a rank. Returns (rank, key, total), best first;
    ties are ordered by key so the order is stable."""
    ordered = sorted(totals, key=lambda kt: (-kt[1], kt[0]))
    result, previous, current = [], None, 0
    for position, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            current, previous = position, total
        result.append((current, key, total))
    return result
