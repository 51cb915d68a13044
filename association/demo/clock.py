"""The demo's story clock: each step of the demo runs at the time its story gives it.

The services stamp their rows with ``timezone.now()`` (a submission's time, a notice's issue time, an
acceptance). Seeding everything "now" would make every demo submission late by as long as its
deadline is past, so the demo runs each step inside ``story_at(when)``, which holds the clock
(``time_machine``) at that moment. A story time never passes the real now: a step meant for the future
runs now instead. History rows (pghistory, written by database triggers) keep the time they were
written: they say when the demo was loaded.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import time_machine
from time_machine import escape_hatch

from association.deadlines import BEIJING, due_working_days_after, workday_end_time
from association.workdays import add_working_days, is_working_day


def real_now() -> dt.datetime:
    """The real time, also inside ``story_at``."""
    if escape_hatch.is_travelling():
        return escape_hatch.datetime.datetime.now(dt.UTC)
    return dt.datetime.now(dt.UTC)


def real_today() -> dt.date:
    return real_now().astimezone(BEIJING).date()


@contextmanager
def story_at(when: dt.datetime):
    """Run the block as if the time were ``when`` (capped at the real now); yields the time used."""
    when = min(when, real_now())
    with time_machine.travel(when, tick=False):
        yield when


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware Beijing time on ``day``."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


def working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def working_days_before(n: int, day: dt.date | None = None) -> dt.date:
    """The ``n``-th working day before ``day`` (default today); 0: ``day`` or the working day before it."""
    day = working_day_on_or_before(day or real_today())
    return add_working_days(day, -n) if n else day


def end_of_working_day(day: dt.date) -> dt.datetime:
    """The end of the working day on ``day``, or on the working day before it if ``day`` is a day off."""
    return dt.datetime.combine(working_day_on_or_before(day), workday_end_time(), tzinfo=BEIJING)


def due_in_working_days(n: int, start: dt.date | None = None) -> dt.datetime:
    """A deadline as a notice writes one: the end of the ``n``-th working day after ``start`` (today)."""
    return due_working_days_after(start or real_today(), n)
