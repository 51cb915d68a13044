"""Working days: the official Chinese calendar (with adjusted working weekends, 调休) plus staff overrides.

The official schedule comes from the ``chinesecalendar`` package, which knows only the years the
State Council has announced. For any other year nothing fails: the calendar falls back to
Monday–Friday, and the staff-entered :class:`~association.models.WorkdayOverride` rows fill the gap
(the admin warns when the current or next year is missing).

The core is pure: every function takes ``overrides``, a mapping ``date -> is_working_day``.
``None`` means "load them from the database", which happens in one query per call for the date
range the call needs (never one query per day).
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import cache

import chinese_calendar

Overrides = Mapping[date, bool]

ONE_DAY = timedelta(days=1)
# Calendar days loaded for a walk of n working days: 3/2 per working day (a year has ~250 in 365)
# plus room for the longest official break (Spring Festival / National Day, 8–9 days).
_SLACK_DAYS = 21


@cache
def official_schedule_known(year: int) -> bool:
    """True when ``chinesecalendar`` has the official holiday schedule for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def years_missing_official_schedule(years: Iterable[int]) -> list[int]:
    """The years among ``years`` (sorted, without duplicates) with no official schedule in the package."""
    return sorted({year for year in years if not official_schedule_known(year)})


def overrides_between(start: date, end: date) -> dict[date, bool]:
    """Staff overrides for ``start``..``end`` (inclusive, either order), in one query."""
    from association.models import WorkdayOverride

    if end < start:
        start, end = end, start
    rows = WorkdayOverride.objects.filter(date__range=(start, end)).values_list("date", "is_working_day")
    return dict(rows)


def _check_date(d: date) -> None:
    if isinstance(d, datetime) or not isinstance(d, date):
        # A datetime would silently miss the overrides (keys are dates) and its calendar day
        # depends on the time zone: convert with timezone.localdate(value) first.
        raise TypeError(f"expected a date, got {type(d).__name__}")


def _official_or_weekday(d: date) -> bool:
    if official_schedule_known(d.year):
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5


def is_working_day(d: date, overrides: Overrides | None = None) -> bool:
    """Whether ``d`` is a working day: an override if there is one, else the official calendar,
    else (year not announced) Monday–Friday."""
    _check_date(d)
    if overrides is None:
        overrides = overrides_between(d, d)
    if d in overrides:
        return bool(overrides[d])
    return _official_or_weekday(d)


def _walk(first: date, step: timedelta, count: int, overrides: Overrides | None) -> date:
    """The ``count``-th working day in ``first``, ``first + step``, ``first + 2 * step``, ...

    With ``overrides=None`` the overrides are loaded in one query for a window that fits the walk;
    only an unusually long run of days off (many overrides) makes it load one more window.
    """
    sign = 1 if step > timedelta(0) else -1
    window_days = count * 3 // 2 + _SLACK_DAYS
    load = overrides is None
    known: Overrides = {} if load else overrides
    loaded_until: date | None = None  # farthest day (in walking direction) already loaded
    day = first
    while True:
        if load and (loaded_until is None or (day - loaded_until).days * sign > 0):
            loaded_until = day + step * window_days
            known = {**known, **overrides_between(day, loaded_until)}
        if is_working_day(day, known):
            count -= 1
            if count == 0:
                return day
        day += step


def add_working_days(d: date, n: int, overrides: Overrides | None = None) -> date:
    """The ``n``-th working day after ``d`` (``d`` itself not counted); ``n`` = 0 gives ``d``;
    negative ``n``: the ``|n|``-th working day before ``d``."""
    _check_date(d)
    if n == 0:
        return d
    step = ONE_DAY if n > 0 else -ONE_DAY
    return _walk(d + step, step, abs(n), overrides)


def next_working_day_on_or_after(d: date, overrides: Overrides | None = None) -> date:
    """``d`` if it is a working day, else the first working day after it."""
    _check_date(d)
    return _walk(d, ONE_DAY, 1, overrides)
