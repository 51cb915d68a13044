"""Due times by rule: pure functions returning aware datetimes in Beijing time (Asia/Shanghai).

China has no daylight saving time, so "N hours after" and "the same wall-clock time tomorrow"
agree; the arithmetic is still done on aware datetimes so inputs in any zone are handled.

Working-day rules take the same ``overrides`` mapping as :mod:`association.workdays`
(``None`` = load the staff overrides from the database, once per call).
"""

import calendar
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings

from association.workdays import Overrides, add_working_days

BEIJING = ZoneInfo("Asia/Shanghai")
DEFAULT_WORKDAY_END = time(17, 30)
CONTACT_CHANGE_WORKING_DAYS = 5


def workday_end_time() -> time:
    """End of the working day: ``settings.WORKDAY_END_TIME`` (a ``time`` or "HH:MM"), default 17:30."""
    value = getattr(settings, "WORKDAY_END_TIME", DEFAULT_WORKDAY_END)
    if isinstance(value, str):
        return time.fromisoformat(value)
    return value


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return value.astimezone(BEIJING)


def _at(d: date, at: time | None) -> datetime:
    return datetime.combine(d, at or workday_end_time(), tzinfo=BEIJING)


def due_after(event_at: datetime, *, hours: int = 0, minutes: int = 0) -> datetime:
    """``hours`` and ``minutes`` after ``event_at`` (aware), in Beijing time."""
    return _aware(event_at, "event_at") + timedelta(hours=hours, minutes=minutes)


def due_working_days_after(d: date, n: int, *, at: time | None = None, overrides: Overrides | None = None) -> datetime:
    """At ``at`` (default: end of the working day) on the ``n``-th working day after ``d``."""
    return _at(add_working_days(d, n, overrides), at)


def due_fixed_date(year: int, month: int, day: int | Literal["last"], *, at: time | None = None) -> datetime:
    """At ``at`` (default: end of the working day) on a fixed date; ``day="last"`` is the month's
    last day (29 February in a leap year). A day the month does not have raises ``ValueError``."""
    if day == "last":
        day = calendar.monthrange(year, month)[1]
    elif not isinstance(day, int):
        raise ValueError(f'day must be an int or "last", got {day!r}')
    return _at(date(year, month, day), at)


def daily_due_times(start: datetime, end: datetime | None, at: time, *, until: datetime) -> list[datetime]:
    """A due time each day at ``at`` (Beijing) while something is active.

    The first is the first ``at`` strictly after ``start``; the last is the last one at or before
    ``end`` (still active then), or ``until`` while it has not ended (``until`` usually "now").
    """
    start = _aware(start, "start")
    stop = _aware(until, "until")
    if end is not None:
        stop = min(stop, _aware(end, "end"))
    due = datetime.combine(start.date(), at, tzinfo=BEIJING)
    if due <= start:
        due = datetime.combine(start.date() + timedelta(days=1), at, tzinfo=BEIJING)
    times = []
    while due <= stop:
        times.append(due)
        due = datetime.combine(due.date() + timedelta(days=1), at, tzinfo=BEIJING)
    return times


def end_of_day(d: date) -> datetime:
    """The last instant of the Beijing day ``d``: a deadline "on or before ``d``" includes the whole day."""
    return datetime.combine(d, time.max, tzinfo=BEIJING)


def contact_change_due(effective_from: date, overrides: Overrides | None = None) -> date:
    """A contact change must be reported within 5 working days of the day it took effect (seed 002 art. 17)."""
    return add_working_days(effective_from, CONTACT_CHANGE_WORKING_DAYS, overrides)


def contact_change_due_at(effective_from: date, overrides: Overrides | None = None) -> datetime:
    """The due time of a contact change report: the end of the 5th working day after it took effect,
    the whole of that day included (not the end of office hours)."""
    return end_of_day(contact_change_due(effective_from, overrides))


def is_contact_change_late(effective_from: date, reported: date | datetime, overrides: Overrides | None = None) -> bool:
    """Reported after the 5th working day following ``effective_from``.

    ``reported`` is the Beijing day of the report or the (aware) time it was made; both are judged by
    :func:`contact_change_due_at`, the due time the live path records on the obligation.
    """
    due_at = contact_change_due_at(effective_from, overrides)
    if isinstance(reported, datetime):
        return _aware(reported, "reported") > due_at
    return reported > due_at.date()
