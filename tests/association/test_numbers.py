"""Figures as Chinese reports write them (issue 15, point 8): the pure functions of association.numbers,
the template filters every template has, and how report columns show and format their cells."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from association import numbers
from association.reports.registry import Column, figure_text


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (1234567, 2, "1,234,567.00"),
        (Decimal("1234567.891"), 2, "1,234,567.89"),
        (Decimal("0.005"), 2, "0.01"),  # half up, not to even
        (Decimal("2.5"), 0, "3"),
        (999.994, 2, "999.99"),
        (-1234.5, 1, "-1,234.5"),
        (Decimal("-0.001"), 2, "0.00"),  # never "-0.00"
        ("89431800", 0, "89,431,800"),
        ("1,234.5", 2, "1,234.50"),
        (0, 0, "0"),
        (None, 2, "—"),
        ("", 2, "—"),
        ("—", 2, "—"),  # a dash already there stays
        ("abc", 2, "abc"),  # not a number: as it is, never an error
        (float("nan"), 2, "nan"),
        (True, 0, "True"),
    ],
)
def test_grouped(value, places, expected):
    assert numbers.grouped(value, places) == expected


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (numbers.yuan, 1234567, "1,234,567.00"),
        (numbers.yuan, Decimal("8943.18"), "8,943.18"),
        (numbers.yuan, None, "—"),
        (numbers.wan_yuan, 1234567, "123.46"),
        (numbers.wan_yuan, Decimal("89431800"), "8,943.18"),  # the seed's 涉案金额8943.18万元
        (numbers.wan_yuan, 500_000_000, "50,000.00"),
        (numbers.wan_yuan, None, "—"),
        (numbers.count, 12345, "12,345"),
        (numbers.count, 7, "7"),
        (numbers.percent, 0.875, "87.5%"),
        (numbers.percent, Decimal("0.5"), "50.0%"),
        (numbers.percent, 1, "100.0%"),
        (numbers.percent, 2 / 3, "66.7%"),
        (numbers.percent, None, "—"),
        (numbers.percent_points, Decimal("87.50"), "87.5%"),
        (numbers.percent_points, 50, "50.0%"),
        (numbers.percent_points, None, "—"),
    ],
)
def test_amounts_and_rates(function, value, expected):
    assert function(value) == expected


def test_places_can_be_chosen_per_table():
    assert numbers.percent_points(Decimal("15.29"), 2) == "15.29%"
    assert numbers.percent_points(Decimal("197.3"), 2) == "197.30%"
    assert numbers.percent(Decimal("0.1529"), 2) == "15.29%"
    assert numbers.wan_yuan(1234567, 1) == "123.5"


MINUTE, HOUR, DAY = 60, 3600, 86400


@pytest.mark.parametrize(
    ("seconds", "english", "chinese"),
    [
        (3 * DAY + 4 * HOUR + 5 * MINUTE + 6, "3 days 4 hours left", "还剩 3 天 4 小时"),
        (DAY + 59 * MINUTE, "1 day left", "还剩 1 天"),  # no seconds or minutes beyond a day
        (DAY + HOUR, "1 day 1 hour left", "还剩 1 天 1 小时"),
        (5 * HOUR + 12 * MINUTE + 30, "5 hours 12 minutes left", "还剩 5 小时 12 分"),
        (HOUR, "1 hour left", "还剩 1 小时"),
        (12 * MINUTE + 5, "12 minutes 5 seconds left", "还剩 12 分 5 秒"),
        (45, "45 seconds left", "还剩 45 秒"),
        (0, "0 seconds left", "还剩 0 秒"),
        (-(DAY + 61), "overdue by 1 day", "已逾期 1 天"),
        (-(2 * HOUR + 30 * MINUTE), "overdue by 2 hours 30 minutes", "已逾期 2 小时 30 分"),
    ],
)
def test_countdown(seconds, english, chinese):
    with translation.override("en"):
        assert numbers.countdown(seconds) == english
        assert numbers.countdown(dt.timedelta(seconds=seconds)) == english
    with translation.override("zh-hans"):
        assert numbers.countdown(seconds) == chinese


def test_countdown_from_a_due_time_and_bad_values():
    now = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
    with translation.override("en"):
        assert numbers.countdown(now + dt.timedelta(days=2, hours=3), now) == "2 days 3 hours left"
        assert numbers.countdown(None) == "—"
        assert numbers.countdown("soon") == "soon"


def test_countdown_labels_are_what_the_javascript_needs():
    with translation.override("zh-hans"):
        labels = numbers.countdown_labels()
    assert labels["left"] == "还剩 %(time)s" and labels["overdue"] == "已逾期 %(time)s"
    assert labels["day"] == labels["days"] == "%(n)s 天"
    assert (labels["hour"], labels["minute"], labels["second"]) == ("%(n)s 小时", "%(n)s 分", "%(n)s 秒")
    with translation.override("en"):
        labels = numbers.countdown_labels()
    assert (labels["hour"], labels["hours"]) == ("%(n)s hour", "%(n)s hours")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_filters_in_every_template_whatever_the_language(language):
    """Built in (no {% load %}); the separators are "," and "." in Chinese as in English."""
    template = Template(
        "{{ a|yuan }}|{{ a|wan_yuan }}|{{ n|grouped }}|{{ r|percent }}|{{ p|percent_points }}|"
        "{{ p|percent_points:2 }}|{{ s|amount:1 }}|{{ none|yuan }}|{{ none|percent }}"
    )
    context = Context({"a": Decimal("1234567.5"), "n": 12345, "r": 0.875, "p": Decimal("15.29"), "s": "1234.56"})
    with translation.override(language):
        assert template.render(context) == "1,234,567.50|123.46|12,345|87.5%|15.3%|15.29%|1,234.6|—|—"


def test_countdown_filter():
    with translation.override("zh-hans"):
        assert Template("{{ d|countdown }}").render(Context({"d": dt.timedelta(hours=5, minutes=12)})) == (
            "还剩 5 小时 12 分"
        )


@pytest.mark.parametrize(
    ("column", "value", "text", "number_format"),
    [
        (Column("n", "int"), 1234567, "1,234,567", "#,##0"),
        (Column("a", "amount"), Decimal("8943.18"), "8,943.18", "#,##0.00"),
        (Column("d", "decimal"), Decimal("-2.0"), "-2.0", "#,##0.0"),
        (Column("r", "percent"), 0.875, "87.5%", "0.0%"),
        (Column("r", "percent", places=2), Decimal("0.1529"), "15.29%", "0.00%"),
        (Column("c", "percent", places=2, signed=True), Decimal("0.1529"), "+15.29%", "+0.00%;-0.00%;0.00%"),
        (Column("c", "amount", signed=True), Decimal("-3.5"), "-3.50", "+#,##0.00;-#,##0.00;#,##0.00"),
        (Column("n", "int"), None, "—", "#,##0"),
        (Column("t"), "1234", "1234", "#,##0"),  # text stays as it is
    ],
)
def test_report_columns_show_and_format_their_cells(column, value, text, number_format):
    assert figure_text(value, column) == text
    assert column.number_format() == number_format


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (dt.timedelta(days=152, hours=9, minutes=4), "152 d 9 h"),  # no minutes beyond a day
        (dt.timedelta(days=2), "2 d"),
        (dt.timedelta(hours=2, minutes=5), "2 h 5 min"),
        (dt.timedelta(minutes=7), "7 min"),
    ],
)
def test_disaster_lateness_stops_showing_minutes_beyond_a_day(delta, expected):
    from disasters.dashboard import duration

    with translation.override("en"):
        assert duration(delta) == expected
