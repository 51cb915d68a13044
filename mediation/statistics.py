"""The figures the association publishes, for any period: by source, with the same period a year earlier.

Definitions (each figure counts what happened in the period, so that a published figure does not change
when a case moves on later):

* received (接收): cases whose ``received_on`` lies in the period;
* succeeded (调解成功): cases whose mediation was concluded with success in the period (``closed_on`` in
  the period and a success status; later judicial-confirmation steps included), whenever they were received;
* success rate: succeeded ÷ received in the same period (a ratio of two flows, not a cohort's share);
* amount involved (涉案金额): the sum of the amounts in dispute of the cases received in the period;
* judicial confirmations (司法确认): cases the court confirmed in the period (``ruling_date`` in the period);
* YoY: the change of each figure against the same calendar span one year earlier (``previous_period``).

Baselines: a year for which staff entered the published totals of a source (``StatisticsBaseline``, the
years before the portal) is taken from those totals, not from the cases. A period that covers such a year
only in part has no figures for that source (the year is known as a whole only), so its YoY is not
available. Baselines are province-wide: they are applied only for those who see every case.

Everything else is computed in the database with conditional aggregation: one query for both periods and
all sources, one per breakdown (company, line of insurance, region, mediator) over the period's cases.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from mediation.choices import SUCCESS_STATUSES, CaseSource, CaseStatus, LineOfInsurance
from mediation.models import Case

TWO = Decimal("0.01")
WAN = Decimal(10_000)
BREAKDOWNS = {
    "company": ("respondent_id", "respondent__name"),
    "line": ("line", None),
    "region": ("respondent__region_id", "respondent__region__name"),
    "mediator": ("mediator_id", None),
}
#: figure -> (the date that places a case in a period, the condition the case must meet)
EVENTS = {
    "received": ("received_on", Q()),
    "succeeded": ("closed_on", Q(status__in=SUCCESS_STATUSES)),
    "amount": ("received_on", Q()),
    "confirmations": ("ruling_date", Q(status=CaseStatus.CONFIRMED)),
}
MONEY = DecimalField(max_digits=18, decimal_places=2)

#: how the figures of a period were obtained
CASES, BASELINE, MIXED, UNAVAILABLE = "cases", "baseline", "mixed", "unavailable"


def definitions() -> list[str]:
    """What each figure counts, as the statistics page, the reports and the API state it."""
    return [
        _("Received: cases received in the period."),
        _(
            "Succeeded: cases whose mediation was concluded with success in the period, whenever they were "
            "received; success rate: succeeded ÷ received in the period."
        ),
        _("Amount involved: the amounts in dispute of the cases received in the period."),
        _("Judicial confirmations: cases the court confirmed in the period."),
        _(
            "Year on year: the same calendar dates one year earlier; 29 February counts as 28 February, and a "
            "period ending on the last day of February is compared with the last day of February."
        ),
        _("A year for which the association's published totals were entered is taken from those totals."),
    ]


# --- the period a year earlier --------------------------------------------------------------------------


def _last_of_february(day: dt.date) -> bool:
    return day.month == 2 and day.day == calendar.monthrange(day.year, 2)[1]


def year_earlier(day: dt.date) -> dt.date:
    """The same date one year earlier; 29 February becomes 28 February."""
    if day.month == 2 and day.day == 29:
        return day.replace(year=day.year - 1, day=28)
    return day.replace(year=day.year - 1)


def previous_period(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The same calendar span one year earlier. Each date keeps its month and day (29 February → 28
    February), except that a period ending on the last day of February ends on the last day of February a
    year earlier: 2024-01-01..2024-02-29 compares with 2023-01-01..2023-02-28, 2025-01-01..2025-02-28 with
    2024-01-01..2024-02-29 (whole months with whole months)."""
    if _last_of_february(date_to):
        end = dt.date(date_to.year - 1, 2, calendar.monthrange(date_to.year - 1, 2)[1])
    else:
        end = year_earlier(date_to)
    return year_earlier(date_from), end


# --- arithmetic --------------------------------------------------------------------------------------------


def percent(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO, rounding=ROUND_HALF_UP)


def change(current, previous) -> Decimal | None:
    if current is None or not previous:
        return None
    return ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(TWO, rounding=ROUND_HALF_UP)


def _add(a, b):
    return None if a is None or b is None else a + b


# --- baselines -----------------------------------------------------------------------------------------------


def _year_parts(start: dt.date, end: dt.date) -> list[tuple[int, bool]]:
    """The calendar years [start, end] touches, each with whether the period covers it whole."""
    return [
        (year, start <= dt.date(year, 1, 1) and dt.date(year, 12, 31) <= end)
        for year in range(start.year, end.year + 1)
    ]


def _year_range(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lte": dt.date(year, 12, 31)})


def _between(field: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


class _Period:
    """One period with the baselines that replace its cases, per source."""

    def __init__(self, start: dt.date, end: dt.date, baselines: dict):
        self.start, self.end = start, end
        self.covered: dict[str, list[int]] = {}  # source -> baselined years the period touches
        self.basis: dict[str, str] = {}
        self.base: dict[str, dict] = {}
        for source in CaseSource.values:
            parts = _year_parts(start, end)
            years = [(y, whole) for y, whole in parts if (y, source) in baselines]
            self.covered[source] = [y for y, _whole in years]
            if not years:
                self.basis[source] = CASES
            elif not all(whole for _y, whole in years):
                self.basis[source] = UNAVAILABLE
            else:
                self.basis[source] = BASELINE if len(years) == len(parts) else MIXED
                total = dict.fromkeys(EVENTS, 0)
                for year, _whole in years:
                    b = baselines[(year, source)]
                    row = {"received": b.received, "succeeded": b.succeeded, "amount": b.amount}
                    row["confirmations"] = b.confirmations
                    total = {k: _add(total[k], row[k]) for k in EVENTS}
                self.base[source] = total

    def condition(self, figure: str, source: str | None = None) -> Q:
        """Cases that count for ``figure`` in this period (of ``source``, or any), outside baselined years."""
        field, extra = EVENTS[figure]
        q = _between(field, self.start, self.end) & extra
        sources = [source] if source else CaseSource.values
        excluded = Q()
        for s in sources:
            for year in self.covered[s]:
                excluded |= Q(source=s) & _year_range(field, year)
        if source:
            q &= Q(source=source)
        return q & ~excluded if excluded else q

    def any_case(self) -> Q:
        return (
            _between("received_on", self.start, self.end)
            | _between("closed_on", self.start, self.end)
            | _between("ruling_date", self.start, self.end)
        )


def _aggregates(prefix: str, condition) -> dict:
    """``condition(figure)`` -> Q; the four aggregates under ``prefix``."""
    amount = Sum("amount_in_dispute", filter=condition("amount"))
    return {
        f"{prefix}received": Count("id", filter=condition("received")),
        f"{prefix}succeeded": Count("id", filter=condition("succeeded")),
        f"{prefix}amount": Coalesce(amount, Value(Decimal(0)), output_field=MONEY),
        f"{prefix}confirmations": Count("id", filter=condition("confirmations")),
    }


def _figures(raw: dict, basis: str = CASES) -> dict:
    received, succeeded, amount = raw["received"], raw["succeeded"], raw["amount"]
    amount = None if amount is None else Decimal(amount).quantize(TWO)
    return {
        "received": received,
        "succeeded": succeeded,
        "success_rate": percent(succeeded, received),
        "amount_involved": amount,
        "amount_involved_wan": None if amount is None else (amount / WAN).quantize(TWO, rounding=ROUND_HALF_UP),
        "judicial_confirmations": raw["confirmations"],
        "basis": basis,
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


def _combine(period: _Period, source: str, counted: dict) -> dict:
    basis = period.basis[source]
    if basis == UNAVAILABLE:
        return dict.fromkeys(EVENTS)
    if basis == CASES:
        return counted
    return {k: _add(counted[k], period.base[source][k]) for k in EVENTS}


def _total_basis(bases: list[str]) -> str:
    if UNAVAILABLE in bases:
        return UNAVAILABLE
    if set(bases) == {CASES}:
        return CASES
    return BASELINE if set(bases) == {BASELINE} else MIXED


def case_statistics(
    *,
    date_from: dt.date,
    date_to: dt.date,
    cases: QuerySet | None = None,
    baselines: Iterable | None = None,
    breakdowns: bool = True,
) -> dict:
    """The figures for [date_from, date_to] over ``cases`` (default: every case; pass a scoped queryset),
    with the published totals ``baselines`` (``StatisticsBaseline`` rows; pass them only when ``cases`` is
    the whole province). ``breakdowns=False`` leaves out the four breakdowns (one query instead of five)."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    cases = Case.objects.all() if cases is None else cases
    by_key = {(b.year, b.source): b for b in baselines or ()}
    prev_from, prev_to = previous_period(date_from, date_to)
    current, previous = _Period(date_from, date_to, by_key), _Period(prev_from, prev_to, by_key)
    aggregates = {}
    for source in CaseSource.values:
        aggregates |= _aggregates(f"c_{source}_", lambda figure, s=source: current.condition(figure, s))
        aggregates |= _aggregates(f"p_{source}_", lambda figure, s=source: previous.condition(figure, s))
    row = cases.filter(current.any_case() | previous.any_case()).order_by().aggregate(**aggregates)
    by_source = []
    totals = {"c": dict.fromkeys(EVENTS, 0), "p": dict.fromkeys(EVENTS, 0)}
    bases: dict[str, list[str]] = {"c": [], "p": []}
    for source in CaseSource:
        figures = {}
        for key, period in (("c", current), ("p", previous)):
            counted = {k: row[f"{key}_{source.value}_{k}"] for k in EVENTS}
            combined = _combine(period, source.value, counted)
            totals[key] = {k: _add(totals[key][k], combined[k]) for k in EVENTS}
            bases[key].append(period.basis[source.value])
            figures[key] = _figures(combined, period.basis[source.value])
        by_source.append({"source": source.value, "label": str(source.label), **_with_yoy(figures["c"], figures["p"])})
    total = _with_yoy(_figures(totals["c"], _total_basis(bases["c"])), _figures(totals["p"], _total_basis(bases["p"])))
    return {
        "date_from": date_from,
        "date_to": date_to,
        "previous_from": prev_from,
        "previous_to": prev_to,
        "by_source": by_source,
        "total": total,
        "breakdowns": {name: breakdown(cases, name, current) for name in BREAKDOWNS} if breakdowns else {},
        "definitions": definitions(),
        "notes": _notes(current, previous),
    }


def _notes(current: _Period, previous: _Period) -> list[str]:
    notes = []
    for period in (current, previous):
        for source in CaseSource:
            years = ", ".join(str(y) for y in period.covered[source.value])
            if period.basis[source.value] == UNAVAILABLE:
                notes.append(
                    _(
                        "%(source)s, %(start)s – %(end)s: %(years)s is known only from its published annual "
                        "totals, so this part of a year has no figures."
                    )
                    % {"source": source.label, "start": period.start, "end": period.end, "years": years}
                )
            elif period.basis[source.value] in (BASELINE, MIXED):
                notes.append(
                    _("%(source)s, %(years)s: the association's published totals.")
                    % {"source": source.label, "years": years}
                )
    if any(current.covered.values()):
        notes.append(_("The breakdowns count the cases in the portal only."))
    return notes


def breakdown(cases: QuerySet, name: str, period: _Period) -> list[dict]:
    """Figures of the period grouped by company, line, region or mediator, largest first (cases only: the
    published totals of a year have no breakdown)."""
    key, label = BREAKDOWNS[name]
    fields = [key] + ([label] if label else [])
    rows = (
        cases.filter(period.any_case())
        .order_by()
        .values(*fields)
        .annotate(**_aggregates("", period.condition))
        .order_by("-received", "-succeeded", key)
    )
    rows = [r for r in rows if r["received"] or r["succeeded"] or r["confirmations"]]
    lines = dict(LineOfInsurance.choices)
    names = {}
    if name == "mediator":
        ids = [r[key] for r in rows if r[key] is not None]
        names = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=ids)}
    result = []
    for row in rows:
        if name == "line":
            text = str(lines.get(row[key], row[key]))
        elif name == "mediator":
            text = names.get(row[key]) if row[key] is not None else _("No mediator assigned")
        else:
            text = row[label]
        result.append({"key": row[key], "label": text or "—", **_figures(row)})
    return result


# --- published figures: kept as data ----------------------------------------------------------------------

DECIMAL_KEYS = {"success_rate", "amount_involved", "amount_involved_wan"}
DATE_KEYS = {"date_from", "date_to", "previous_from", "previous_to"}


def freeze(stats: dict) -> dict:
    """``stats`` as JSON data: decimals as strings (exact), dates as ISO dates."""

    def convert(value):
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return convert(stats)


def thaw(data: dict) -> dict:
    """The stored figures back as ``case_statistics`` returned them (decimals and dates)."""

    def convert(value, key=None, in_yoy=False):
        if isinstance(value, dict):
            return {k: convert(v, k, in_yoy or k == "yoy") for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v, key, in_yoy) for v in value]
        if value is None:
            return None
        if key in DATE_KEYS:
            return dt.date.fromisoformat(value)
        if key in DECIMAL_KEYS or in_yoy:
            return Decimal(value)
        return value

    return convert(data)
