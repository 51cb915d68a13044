"""The figures the association publishes, for any period: by source, with the same period a year earlier.

Definitions (the cohort of cases *received* in the period, so that the rate is a true share):

* received: cases whose ``received_on`` lies in [date_from, date_to];
* succeeded: of those, cases whose mediation succeeded (later judicial-confirmation steps included);
* success rate: succeeded ÷ received;
* amount involved (涉案金额): the sum of the amounts in dispute of the received cases;
* judicial confirmations: of those, cases the court confirmed;
* YoY: change of each figure against the same dates one year earlier (29 February → 28 February).

Everything is computed in the database with conditional aggregation: one query for the two periods
by source, one per breakdown (company, line of insurance, region, mediator).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from mediation.choices import SUCCESS_STATUSES, CaseSource, CaseStatus, LineOfInsurance
from mediation.models import Case

TWO = Decimal("0.01")
WAN = Decimal(10_000)
BREAKDOWNS = {
    "company": ("respondent_id", "respondent__name"),
    "line": ("line", None),
    "region": ("respondent__region_id", "respondent__region__name"),
    "mediator": ("mediator_id", "mediator__username"),
}


def year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO, rounding=ROUND_HALF_UP)


def change(current, previous) -> Decimal | None:
    if not previous:
        return None
    return ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(TWO, rounding=ROUND_HALF_UP)


def _aggregates(prefix: str, period: Q) -> dict:
    succeeded = Q(status__in=SUCCESS_STATUSES)
    confirmed = Q(status=CaseStatus.CONFIRMED)
    money = DecimalField(max_digits=18, decimal_places=2)
    return {
        f"{prefix}received": Count("id", filter=period),
        f"{prefix}succeeded": Count("id", filter=period & succeeded),
        f"{prefix}amount": Coalesce(Sum("amount_in_dispute", filter=period), Value(Decimal(0)), output_field=money),
        f"{prefix}confirmations": Count("id", filter=period & confirmed),
    }


def _figures(row: dict, prefix: str = "") -> dict:
    received, succeeded = row[f"{prefix}received"], row[f"{prefix}succeeded"]
    amount = Decimal(row[f"{prefix}amount"]).quantize(TWO)
    return {
        "received": received,
        "succeeded": succeeded,
        "success_rate": percent(succeeded, received),
        "amount_involved": amount,
        "amount_involved_wan": (amount / WAN).quantize(TWO, rounding=ROUND_HALF_UP),
        "judicial_confirmations": row[f"{prefix}confirmations"],
    }


def _with_yoy(current: dict, previous: dict) -> dict:
    return {
        **current,
        "previous": previous,
        "yoy": {
            "received": change(current["received"], previous["received"]),
            "succeeded": change(current["succeeded"], previous["succeeded"]),
            "amount_involved": change(current["amount_involved"], previous["amount_involved"]),
            "judicial_confirmations": change(current["judicial_confirmations"], previous["judicial_confirmations"]),
        },
    }


def case_statistics(
    *, date_from: dt.date, date_to: dt.date, cases: QuerySet | None = None, breakdowns: bool = True
) -> dict:
    """The figures for [date_from, date_to] over ``cases`` (default: every case; pass a scoped queryset);
    ``breakdowns=False`` leaves out the four breakdowns (one query instead of five)."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    cases = Case.objects.all() if cases is None else cases
    prev_from, prev_to = year_earlier(date_from), year_earlier(date_to)
    current = Q(received_on__gte=date_from, received_on__lte=date_to)
    previous = Q(received_on__gte=prev_from, received_on__lte=prev_to)
    rows = {
        r["source"]: r
        for r in cases.filter(current | previous)
        .order_by()
        .values("source")
        .annotate(**_aggregates("", current), **_aggregates("p_", previous))
    }
    keys = ("received", "succeeded", "amount", "confirmations")
    empty = dict.fromkeys([*keys, *(f"p_{k}" for k in keys)], 0)
    by_source = []
    totals = dict.fromkeys(empty, 0)
    for source in CaseSource:
        row = rows.get(source.value, empty)
        for key in totals:
            totals[key] += row[key]
        by_source.append(
            {"source": source.value, "label": str(source.label), **_with_yoy(_figures(row), _figures(row, "p_"))}
        )
    return {
        "date_from": date_from,
        "date_to": date_to,
        "previous_from": prev_from,
        "previous_to": prev_to,
        "by_source": by_source,
        "total": _with_yoy(_figures(totals), _figures(totals, "p_")),
        "breakdowns": {name: breakdown(cases.filter(current), name) for name in BREAKDOWNS} if breakdowns else {},
    }


def breakdown(cases: QuerySet, name: str) -> list[dict]:
    """Figures grouped by company, line, region or mediator, largest first."""
    key, label = BREAKDOWNS[name]
    fields = [key] + ([label] if label else [])
    everything = Q(pk__isnull=False)
    rows = cases.order_by().values(*fields).annotate(**_aggregates("", everything)).order_by("-received", key)
    lines = dict(LineOfInsurance.choices)
    result = []
    for row in rows:
        text = str(lines.get(row[key], row[key])) if name == "line" else row[label]
        result.append({"key": row[key], "label": text or "—", **_figures(row)})
    return result
