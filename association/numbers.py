"""How the portal writes numbers, as Chinese reports do: pure functions, used by the template filters
(``association/templatetags/figures.py``), the overview tables and the report writers.

- amounts with thousands separators and two decimals: ``yuan(1234567)`` → ``"1,234,567.00"``; the unit
  (元 or 万元) is said once, in the table's header or caption, never in the cells;
- ``wan_yuan`` converts yuan to 10,000 yuan (万元): ``wan_yuan(1234567)`` → ``"123.46"``;
- counts with separators: ``count(12345)`` → ``"12,345"``;
- rates as percentages with one decimal: ``percent(0.875)`` → ``"87.5%"`` (a fraction) and
  ``percent_points(87.5)`` → ``"87.5%"`` (a value already in per cent);
- a countdown that stops showing seconds from an hour and minutes from a day:
  ``countdown(3 days 4 h 5 min)`` → ``"3 天 4 小时"``, ``countdown(5 h 12 min 30 s)`` → ``"5 小时 12 分"``.

The separators are always "," and "." whatever the active locale (Chinese reports write 1,234,567.89).
A missing value is an em dash; a value that is not a number is shown as it is (never an error).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import npgettext, pgettext

MISSING = "—"
WAN = Decimal(10000)


def to_decimal(value) -> Decimal | None:
    """A number as a Decimal (floats through their shortest repr), None for anything that is not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def grouped(value, places: int = 0) -> str:
    """``1234567.891`` → ``"1,234,567.89"`` (places=2): rounded half up, thousands separated."""
    number = to_decimal(value)
    if number is None:
        return MISSING if value in (None, "") else str(value)
    quantum = Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.00"
    return f"{rounded:,.{places}f}"


def count(value) -> str:
    """A whole number with separators: ``12345`` → ``"12,345"``."""
    return grouped(value, 0)


def yuan(value, places: int = 2) -> str:
    """An amount in yuan: ``1234567`` → ``"1,234,567.00"``."""
    return grouped(value, places)


def wan_yuan(value, places: int = 2) -> str:
    """An amount in yuan shown in 10,000 yuan (万元): ``1234567`` → ``"123.46"``."""
    number = to_decimal(value)
    if number is None:
        return grouped(value, places)
    return grouped(number / WAN, places)


def percent(value, places: int = 1) -> str:
    """A fraction as a percentage: ``0.875`` → ``"87.5%"``."""
    number = to_decimal(value)
    if number is None:
        return grouped(value, places)
    return grouped(number * 100, places) + "%"


def percent_points(value, places: int = 1) -> str:
    """A value already in per cent: ``87.5`` → ``"87.5%"``."""
    number = to_decimal(value)
    if number is None:
        return grouped(value, places)
    return grouped(number, places) + "%"


def _unit_format(unit: str, n: int) -> str:
    """The words around a number of days, hours, minutes or seconds (``"%(n)s 天"``)."""
    if unit == "day":
        return npgettext("countdown", "%(n)s day", "%(n)s days", n)
    if unit == "hour":
        return npgettext("countdown", "%(n)s hour", "%(n)s hours", n)
    if unit == "minute":
        return npgettext("countdown", "%(n)s minute", "%(n)s minutes", n)
    return npgettext("countdown", "%(n)s second", "%(n)s seconds", n)


def _unit(n: int, unit: str) -> str:
    return _unit_format(unit, n) % {"n": n}


def countdown_parts(seconds: int) -> list[tuple[int, str]]:
    """The two largest units worth showing: days and hours from a day, hours and minutes from an hour,
    minutes and seconds below; a zero second part is dropped (``"2 小时"``, not ``"2 小时 0 分"``)."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        parts = [(days, "day"), (hours, "hour")]
    elif hours:
        parts = [(hours, "hour"), (minutes, "minute")]
    elif minutes:
        parts = [(minutes, "minute"), (secs, "second")]
    else:
        return [(secs, "second")]
    return parts if parts[1][0] else parts[:1]


def countdown(value, now: dt.datetime | None = None) -> str:
    """Time left (or overdue) in words: a timedelta, a number of seconds, or a due time with ``now``."""
    if isinstance(value, dt.datetime):
        if now is None:
            from django.utils import timezone

            now = timezone.now()
        value = value - now
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
    else:
        number = to_decimal(value)
        if number is None:
            return MISSING if value in (None, "") else str(value)
        seconds = int(number)
    text = " ".join(_unit(n, unit) for n, unit in countdown_parts(seconds))
    if seconds < 0:
        return pgettext("countdown", "overdue by %(time)s") % {"time": text}
    return pgettext("countdown", "%(time)s left") % {"time": text}


def countdown_labels() -> dict[str, str]:
    """The words static/js/countdown.js builds the same text from, in the active language."""
    labels = {
        "left": pgettext("countdown", "%(time)s left"),
        "overdue": pgettext("countdown", "overdue by %(time)s"),
    }
    for unit in ("day", "hour", "minute", "second"):
        labels[unit] = _unit_format(unit, 1)
        labels[unit + "s"] = _unit_format(unit, 2)
    return labels
