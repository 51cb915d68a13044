"""Due times by rule: aware datetimes in Beijing time, working days from the official calendar."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from association.deadlines import (
    BEIJING,
    contact_change_due,
    daily_due_times,
    due_after,
    due_fixed_date,
    due_working_days_after,
    is_contact_change_late,
    workday_end_time,
)
from association.models import WorkdayOverride

D = date
NONE: dict = {}
NEW_YORK = ZoneInfo("America/New_York")


def bj(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("event_at", "hours", "minutes", "expected", "why"),
    [
        (bj(2026, 11, 23, 9, 0), 2, 0, bj(2026, 11, 23, 11, 0), "same day"),
        (bj(2026, 11, 23, 22, 30), 2, 0, bj(2026, 11, 24, 0, 30), "crossing midnight"),
        (bj(2026, 12, 31, 23, 50), 0, 30, bj(2027, 1, 1, 0, 20), "crossing the year"),
        (bj(2026, 11, 23, 9, 0), 24, 0, bj(2026, 11, 24, 9, 0), "24 hours = same time tomorrow"),
        (bj(2026, 11, 23, 9, 0), 0, 90, bj(2026, 11, 23, 10, 30), "minutes only"),
        (bj(2026, 11, 23, 9, 0), 1, 30, bj(2026, 11, 23, 10, 30), "hours and minutes"),
        (bj(2026, 11, 23, 9, 0), 0, 0, bj(2026, 11, 23, 9, 0), "zero"),
        # Input in UTC: 2026-11-23 15:30 UTC is 23:30 in Beijing (UTC+8 all year).
        (datetime(2026, 11, 23, 15, 30, tzinfo=UTC), 1, 0, bj(2026, 11, 24, 0, 30), "UTC input"),
        # New York springs forward on 2026-03-08; Beijing does not: 24 hours stay 24 wall-clock hours.
        (datetime(2026, 3, 7, 20, 0, tzinfo=NEW_YORK), 24, 0, bj(2026, 3, 9, 9, 0), "DST elsewhere"),
        (bj(2026, 3, 8, 1, 30), 24, 0, bj(2026, 3, 9, 1, 30), "no DST in Beijing"),
    ],
)
def test_due_after(event_at, hours, minutes, expected, why):
    due = due_after(event_at, hours=hours, minutes=minutes)
    assert due == expected, why
    assert due.tzinfo == BEIJING
    assert (due.hour, due.minute) == (expected.hour, expected.minute), "wall clock in Beijing"


def test_due_after_refuses_naive():
    with pytest.raises(ValueError):
        due_after(datetime(2026, 11, 23, 9, 0), hours=1)


@pytest.mark.parametrize(
    ("start", "n", "at", "expected"),
    [
        (D(2026, 11, 20), 1, None, bj(2026, 11, 23, 17, 30)),  # Friday + 1, end of working day
        (D(2026, 11, 23), 0, None, bj(2026, 11, 23, 17, 30)),
        (D(2026, 9, 30), 1, None, bj(2026, 10, 8, 17, 30)),  # across National Day
        (D(2026, 2, 13), 1, time(12, 0), bj(2026, 2, 14, 12, 0)),  # adjusted working Saturday
        (D(2026, 11, 24), -1, time(9, 0), bj(2026, 11, 23, 9, 0)),
        (D(2027, 2, 5), 1, None, bj(2027, 2, 8, 17, 30)),  # 2027: fallback, no crash
    ],
)
def test_due_working_days_after(start, n, at, expected):
    due = due_working_days_after(start, n, at=at, overrides=NONE)
    assert due == expected
    assert due.tzinfo == BEIJING


@pytest.mark.parametrize(
    ("setting", "expected"),
    [(time(18, 0), time(18, 0)), ("17:00", time(17, 0))],
)
def test_workday_end_time_setting(settings, setting, expected):
    settings.WORKDAY_END_TIME = setting
    assert workday_end_time() == expected
    assert due_working_days_after(D(2026, 11, 20), 1, overrides=NONE) == datetime.combine(
        D(2026, 11, 23), expected, tzinfo=BEIJING
    )


def test_workday_end_time_default(settings):
    if hasattr(settings, "WORKDAY_END_TIME"):
        del settings.WORKDAY_END_TIME
    assert workday_end_time() == time(17, 30)


@pytest.mark.parametrize(
    ("year", "month", "day", "at", "expected"),
    [
        (2028, 2, "last", None, bj(2028, 2, 29, 17, 30)),  # leap year
        (2027, 2, "last", None, bj(2027, 2, 28, 17, 30)),
        (2100, 2, "last", None, bj(2100, 2, 28, 17, 30)),  # divisible by 100: not a leap year
        (2000, 2, "last", None, bj(2000, 2, 29, 17, 30)),  # divisible by 400: leap year
        (2026, 12, "last", time(23, 59), bj(2026, 12, 31, 23, 59)),
        (2026, 4, "last", None, bj(2026, 4, 30, 17, 30)),
        (2026, 1, 20, time(9, 0), bj(2026, 1, 20, 9, 0)),
    ],
)
def test_due_fixed_date(year, month, day, at, expected):
    assert due_fixed_date(year, month, day, at=at) == expected


@pytest.mark.parametrize(("year", "month", "day"), [(2027, 2, 29), (2026, 4, 31), (2026, 13, 1), (2026, 1, "first")])
def test_due_fixed_date_invalid(year, month, day):
    with pytest.raises(ValueError):
        due_fixed_date(year, month, day)


@pytest.mark.parametrize(
    ("start", "end", "at", "until", "expected"),
    [
        # Started in the morning: first due the same day at 17:00.
        (
            bj(2026, 11, 20, 9, 0),
            None,
            time(17, 0),
            bj(2026, 11, 22, 12, 0),
            [bj(2026, 11, 20, 17, 0), bj(2026, 11, 21, 17, 0)],
        ),
        # Started after the due time: first due the next day; every calendar day counts.
        (
            bj(2026, 11, 20, 18, 0),
            None,
            time(17, 0),
            bj(2026, 11, 23, 17, 0),
            [bj(2026, 11, 21, 17, 0), bj(2026, 11, 22, 17, 0), bj(2026, 11, 23, 17, 0)],
        ),
        # Started exactly at the due time: the first one is the next day's.
        (bj(2026, 11, 20, 17, 0), None, time(17, 0), bj(2026, 11, 21, 23, 0), [bj(2026, 11, 21, 17, 0)]),
        # Ended: nothing after the end, even when ``until`` is later.
        (
            bj(2026, 11, 20, 9, 0),
            bj(2026, 11, 21, 16, 0),
            time(17, 0),
            bj(2026, 11, 30, 0, 0),
            [bj(2026, 11, 20, 17, 0)],
        ),
        # Ended exactly at a due time: still active then, so that one is due.
        (
            bj(2026, 11, 20, 9, 0),
            bj(2026, 11, 21, 17, 0),
            time(17, 0),
            bj(2026, 11, 30, 0, 0),
            [bj(2026, 11, 20, 17, 0), bj(2026, 11, 21, 17, 0)],
        ),
        # Ended before the first due time: none.
        (bj(2026, 11, 20, 9, 0), bj(2026, 11, 20, 12, 0), time(17, 0), bj(2026, 11, 30, 0, 0), []),
        # ``until`` before the start: none.
        (bj(2026, 11, 20, 9, 0), None, time(17, 0), bj(2026, 11, 19, 0, 0), []),
        # Morning due time crossing midnight and the month end.
        (
            bj(2026, 11, 29, 23, 0),
            None,
            time(8, 0),
            bj(2026, 12, 2, 7, 59),
            [bj(2026, 11, 30, 8, 0), bj(2026, 12, 1, 8, 0)],
        ),
        # Inputs in UTC are read in Beijing time: 2026-11-20 01:00 UTC = 09:00 Beijing.
        (
            datetime(2026, 11, 20, 1, 0, tzinfo=UTC),
            None,
            time(17, 0),
            datetime(2026, 11, 21, 9, 0, tzinfo=UTC),
            [bj(2026, 11, 20, 17, 0), bj(2026, 11, 21, 17, 0)],
        ),
    ],
)
def test_daily_due_times(start, end, at, until, expected):
    times = daily_due_times(start, end, at, until=until)
    assert times == expected
    assert all(t.tzinfo == BEIJING for t in times)


def test_daily_due_times_refuses_naive():
    with pytest.raises(ValueError):
        daily_due_times(datetime(2026, 11, 20, 9, 0), None, time(17, 0), until=bj(2026, 11, 22, 0, 0))


@pytest.mark.parametrize(
    ("effective_from", "due"),
    [
        (D(2026, 11, 23), D(2026, 11, 30)),  # Monday: 24 25 26 27 | 30
        (D(2026, 11, 21), D(2026, 11, 27)),  # Saturday: 23..27
        (D(2026, 9, 28), D(2026, 10, 10)),  # 29 30 | National Day | 8 9 10 (adjusted Saturday)
        (D(2026, 2, 11), D(2026, 2, 25)),  # 12 13 14 | Spring Festival | 24 25
        (D(2026, 12, 29), D(2027, 1, 5)),  # 30 31 | 2027 fallback: 1 (Fri) 4 5
    ],
)
def test_contact_change_due(effective_from, due):
    assert contact_change_due(effective_from, NONE) == due


@pytest.mark.parametrize(
    ("effective_from", "reported_on", "late"),
    [
        (D(2026, 11, 23), D(2026, 11, 23), False),  # same day
        (D(2026, 11, 23), D(2026, 11, 27), False),  # 4th working day
        (D(2026, 11, 23), D(2026, 11, 29), False),  # Sunday before the 5th working day
        (D(2026, 11, 23), D(2026, 11, 30), False),  # 5th working day: on time
        (D(2026, 11, 23), D(2026, 12, 1), True),  # 6th working day: late
        (D(2026, 9, 28), D(2026, 10, 10), False),  # 5th working day is the adjusted Saturday
        (D(2026, 9, 28), D(2026, 10, 11), True),  # the Sunday after it: late
        (D(2026, 9, 28), D(2026, 10, 12), True),  # 6th working day: late
    ],
)
def test_is_contact_change_late(effective_from, reported_on, late):
    assert is_contact_change_late(effective_from, reported_on, NONE) is late


@pytest.mark.django_db
def test_contact_change_uses_db_overrides_in_one_query(django_assert_num_queries):
    # Staff close the office on Wednesday 2026-11-25: the 5th working day moves to 1 December.
    WorkdayOverride.objects.create(date=D(2026, 11, 25), is_working_day=False, reason="office closed")
    with django_assert_num_queries(1):
        assert contact_change_due(D(2026, 11, 23)) == D(2026, 12, 1)
    with django_assert_num_queries(1):
        assert is_contact_change_late(D(2026, 11, 23), D(2026, 12, 1)) is False
    assert is_contact_change_late(D(2026, 11, 23), D(2026, 12, 2)) is True
    with django_assert_num_queries(1):
        assert due_working_days_after(D(2026, 11, 24), 1) == bj(2026, 11, 26, 17, 30)
