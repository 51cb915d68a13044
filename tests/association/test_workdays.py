"""Working days: the official 2026 schedule as ``chinesecalendar`` 1.11.0 has it (2004–2026 known),
the Monday–Friday fallback for 2027 (not announced yet), and staff overrides."""

from datetime import date

import pytest
from django.urls import reverse

from association.admin import calendar as calendar_admin
from association.models import WorkdayOverride
from association.workdays import (
    add_working_days,
    is_working_day,
    next_working_day_on_or_after,
    official_schedule_known,
    overrides_between,
    years_missing_official_schedule,
)
from tests.factories import UserFactory

D = date
NONE: dict = {}  # no overrides: the pure core, no database

# Staff overrides used by the pure tests: a Saturday made a working day, a weekday made a day off.
OVERRIDES = {
    D(2026, 3, 7): True,  # Saturday
    D(2026, 3, 11): False,  # Wednesday
    D(2027, 1, 2): True,  # Saturday, year not announced
    D(2027, 3, 10): False,  # Wednesday, year not announced
}


@pytest.mark.parametrize(
    ("day", "expected", "why"),
    [
        (D(2026, 1, 1), False, "New Year's Day (Thursday)"),
        (D(2026, 1, 2), False, "New Year break (Friday)"),
        (D(2026, 1, 4), True, "adjusted working Sunday after New Year"),
        (D(2026, 2, 13), True, "Friday before Spring Festival"),
        (D(2026, 2, 14), True, "adjusted working Saturday (Spring Festival)"),
        (D(2026, 2, 16), False, "Spring Festival (Monday)"),
        (D(2026, 2, 23), False, "last day of the Spring Festival break (Monday)"),
        (D(2026, 2, 24), True, "first working day after Spring Festival"),
        (D(2026, 2, 28), True, "adjusted working Saturday (Spring Festival)"),
        (D(2026, 5, 5), False, "Labour Day break (Tuesday)"),
        (D(2026, 5, 9), True, "adjusted working Saturday (Labour Day)"),
        (D(2026, 9, 20), True, "adjusted working Sunday (National Day)"),
        (D(2026, 10, 1), False, "National Day (Thursday)"),
        (D(2026, 10, 7), False, "National Day break (Wednesday)"),
        (D(2026, 10, 8), True, "first working day after National Day"),
        (D(2026, 10, 10), True, "adjusted working Saturday (National Day)"),
        (D(2026, 11, 21), False, "plain Saturday"),
        (D(2026, 11, 22), False, "plain Sunday"),
        (D(2026, 11, 23), True, "plain Monday"),
        (D(2027, 1, 1), True, "2027 unknown: a Friday is a working day (fallback)"),
        (D(2027, 2, 6), False, "2027 unknown: Saturday"),
        (D(2027, 2, 8), True, "2027 unknown: Monday (no Spring Festival known yet)"),
    ],
)
def test_is_working_day_official_calendar(day, expected, why):
    assert is_working_day(day, NONE) is expected, why


@pytest.mark.parametrize(
    ("day", "expected", "why"),
    [
        (D(2026, 3, 7), True, "override: Saturday made a working day"),
        (D(2026, 3, 11), False, "override: Wednesday made a day off"),
        (D(2026, 3, 8), False, "Sunday, no override"),
        (D(2026, 3, 12), True, "Thursday, no override"),
        (D(2027, 1, 2), True, "override in an unannounced year: Saturday working"),
        (D(2027, 3, 10), False, "override in an unannounced year: Wednesday off"),
    ],
)
def test_overrides_win(day, expected, why):
    assert is_working_day(day, OVERRIDES) is expected, why


def test_override_beats_the_official_schedule():
    assert is_working_day(D(2026, 10, 1), {D(2026, 10, 1): True}) is True
    assert is_working_day(D(2026, 2, 14), {D(2026, 2, 14): False}) is False


@pytest.mark.parametrize(
    ("start", "n", "overrides", "expected", "why"),
    [
        (D(2026, 11, 23), 0, NONE, D(2026, 11, 23), "n=0 gives the day itself"),
        (D(2026, 11, 22), 0, NONE, D(2026, 11, 22), "n=0 even on a day off"),
        (D(2026, 11, 23), 1, NONE, D(2026, 11, 24), "plain next day"),
        (D(2026, 11, 20), 1, NONE, D(2026, 11, 23), "Friday + 1 skips the weekend"),
        (D(2026, 11, 21), 1, NONE, D(2026, 11, 23), "from a Saturday"),
        (D(2026, 11, 23), 5, NONE, D(2026, 11, 30), "one week"),
        (D(2026, 2, 13), 1, NONE, D(2026, 2, 14), "Friday + 1 = adjusted working Saturday"),
        (D(2026, 2, 14), 1, NONE, D(2026, 2, 24), "across the Spring Festival break"),
        (D(2026, 2, 12), 5, NONE, D(2026, 2, 26), "13,14 | break | 24,25,26"),
        (D(2026, 2, 27), 1, NONE, D(2026, 2, 28), "Friday + 1 = adjusted working Saturday"),
        (D(2026, 9, 30), 1, NONE, D(2026, 10, 8), "across National Day"),
        (D(2026, 9, 29), 3, NONE, D(2026, 10, 9), "30 | break | 8, 9"),
        (D(2026, 10, 9), 1, NONE, D(2026, 10, 10), "adjusted working Saturday after National Day"),
        (D(2026, 11, 24), -1, NONE, D(2026, 11, 23), "negative: previous day"),
        (D(2026, 11, 23), -1, NONE, D(2026, 11, 20), "negative across a weekend"),
        (D(2026, 10, 8), -1, NONE, D(2026, 9, 30), "negative across National Day"),
        (D(2026, 2, 24), -2, NONE, D(2026, 2, 13), "negative across Spring Festival (14th, then 13th)"),
        (D(2026, 3, 6), 1, OVERRIDES, D(2026, 3, 7), "override: Saturday working"),
        (D(2026, 3, 10), 1, OVERRIDES, D(2026, 3, 12), "override: Wednesday off"),
        (D(2026, 3, 6), 4, OVERRIDES, D(2026, 3, 12), "7(Sat) 9 10 | 11 off | 12"),
        (D(2026, 12, 31), 1, NONE, D(2027, 1, 1), "into 2027: Friday 1 January (fallback, no crash)"),
        (D(2026, 12, 31), 2, OVERRIDES, D(2027, 1, 2), "2027 Saturday made working by override"),
        (D(2027, 2, 5), 5, NONE, D(2027, 2, 12), "2027 fallback: plain Monday–Friday"),
        (D(2027, 3, 9), 1, OVERRIDES, D(2027, 3, 11), "2027 Wednesday off by override"),
        (D(2027, 1, 4), -2, NONE, D(2026, 12, 31), "negative from 2027 back into 2026"),
    ],
)
def test_add_working_days(start, n, overrides, expected, why):
    assert add_working_days(start, n, overrides) == expected, why


@pytest.mark.parametrize(
    ("day", "overrides", "expected"),
    [
        (D(2026, 11, 23), NONE, D(2026, 11, 23)),  # a working day is itself
        (D(2026, 11, 21), NONE, D(2026, 11, 23)),  # Saturday -> Monday
        (D(2026, 10, 1), NONE, D(2026, 10, 8)),  # National Day -> first day after the break
        (D(2026, 2, 15), NONE, D(2026, 2, 24)),
        (D(2026, 3, 7), OVERRIDES, D(2026, 3, 7)),  # Saturday made working
        (D(2026, 3, 11), OVERRIDES, D(2026, 3, 12)),  # Wednesday off
        (D(2027, 10, 2), NONE, D(2027, 10, 4)),  # 2027 fallback: Saturday -> Monday
    ],
)
def test_next_working_day_on_or_after(day, overrides, expected):
    assert next_working_day_on_or_after(day, overrides) == expected


@pytest.mark.parametrize(
    ("year", "known"),
    [(2003, False), (2004, True), (2025, True), (2026, True), (2027, False), (2030, False)],
)
def test_official_schedule_known(year, known):
    assert official_schedule_known(year) is known


def test_years_missing_official_schedule():
    assert years_missing_official_schedule([2027, 2026, 2027, 2028]) == [2027, 2028]
    assert years_missing_official_schedule([2025, 2026]) == []
    assert years_missing_official_schedule([]) == []


def test_a_datetime_is_refused():
    from datetime import datetime

    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 11, 23, 9, 0), NONE)
    with pytest.raises(TypeError):
        add_working_days(datetime(2026, 11, 23, 9, 0), 1, NONE)


# --- overrides from the database ------------------------------------------------------------


@pytest.fixture
def db_overrides(db):
    for day, working in OVERRIDES.items():
        WorkdayOverride.objects.create(date=day, is_working_day=working, reason="test")


@pytest.mark.django_db
def test_overrides_between_one_query(db_overrides, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert overrides_between(D(2026, 3, 31), D(2026, 3, 1)) == {D(2026, 3, 7): True, D(2026, 3, 11): False}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2026, 3, 7), True), (D(2026, 3, 11), False), (D(2027, 1, 2), True), (D(2027, 3, 10), False)],
)
def test_is_working_day_loads_overrides(db_overrides, day, expected):
    assert is_working_day(day) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 3, 6), 4, D(2026, 3, 12)),
        (D(2026, 3, 12), -4, D(2026, 3, 6)),
        (D(2026, 12, 31), 2, D(2027, 1, 2)),
        (D(2027, 3, 9), 1, D(2027, 3, 11)),
        (D(2026, 2, 12), 5, D(2026, 2, 26)),
        (D(2026, 1, 5), 250, add_working_days(D(2026, 1, 5), 250, OVERRIDES)),  # a long walk, same answer
    ],
)
def test_add_working_days_loads_overrides_once(db_overrides, django_assert_num_queries, start, n, expected):
    with django_assert_num_queries(1):
        assert add_working_days(start, n) == expected


@pytest.mark.django_db
def test_long_run_of_days_off_loads_another_window(django_assert_max_num_queries):
    # Staff close the office for 60 calendar days: the walk outgrows its first window and still
    # finds the right day, with a bounded number of queries.
    first = D(2027, 4, 1)
    WorkdayOverride.objects.bulk_create(
        WorkdayOverride(date=D.fromordinal(first.toordinal() + i), is_working_day=False, reason="closed")
        for i in range(60)
    )
    with django_assert_max_num_queries(3):
        assert add_working_days(D(2027, 3, 31), 1) == D(2027, 5, 31)  # Monday after the closure
    with django_assert_max_num_queries(3):
        assert next_working_day_on_or_after(first) == D(2027, 5, 31)


# --- admin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "years"),
    [(D(2026, 11, 22), "2027"), (D(2027, 6, 1), "2027, 2028"), (D(2025, 6, 1), None)],
)
def test_missing_schedule_warning(english, today, years):
    warning = calendar_admin.missing_schedule_warning(today)
    if years is None:
        assert warning is None
    else:
        assert warning == (
            f"The official holiday schedule for {years} has not been published in the calendar package yet: "
            "working days fall back to Monday–Friday plus the overrides entered here."
        )


@pytest.mark.django_db
def test_admin_changelist_warns(client, monkeypatch, db_overrides):
    monkeypatch.setattr(calendar_admin.timezone, "localdate", lambda *args, **kwargs: D(2026, 11, 22))
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("admin:association_workdayoverride_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert any("2027" in text and "Monday–Friday" in text for text in texts), texts
    assert b"2027-01-02" in response.content or "2027年1月2日" in response.content.decode()
