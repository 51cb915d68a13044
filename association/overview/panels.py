"""What an overview panel holds, and the period the page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.dates import parse_day
from association.numbers import MISSING
from association.reports.registry import Column, figure_text

#: the periods the picker offers; "custom" takes date_from / date_to
PERIOD_CHOICES = [
    ("week", gettext_lazy("This week")),
    ("month", gettext_lazy("This month")),
    ("quarter", gettext_lazy("This quarter")),
    ("ytd", gettext_lazy("Year to date")),
    ("last_year", gettext_lazy("Last year")),
    ("custom", gettext_lazy("Custom")),
]
MAX_CUSTOM_DAYS = 366 * 5


@dataclass
class Figure:
    label: str
    value: object
    url: str = ""
    hint: str = ""
    #: "danger" / "warning" / "" (how the number is coloured)
    tone: str = ""
    #: whether the number counts the rows its link lists (the page behind it says ``data-total-count``);
    #: False for a figure that links to a page where the same figure is broken down (statistics)
    counts_rows: bool = True


@dataclass
class Table:
    """A table of the page; ``key`` names it for the xlsx export (unique on the page)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list]
    #: per row, the URL its first cell links to ("" for none)
    links: list[str] = field(default_factory=list)
    empty: str = ""
    #: per row, the step to take now as (label, URL), shown as a button in a last column (not exported)
    actions: list[tuple[str, str]] = field(default_factory=list)
    #: the totals row (first cell "Total"), where a total makes sense; the page and the export show it
    totals: list | None = None

    def display_rows(self) -> list[tuple[str, list[tuple[object, bool, str]], tuple[str, str] | None]]:
        """Per row: its link, its cells as (text, right-aligned, column label: a phone's card names each cell)
        and its action (or None): counts as 12,345, amounts as 1,234.50, percentages as 87.5%, none as —
        (``association.numbers``)."""
        links = self.links or [""] * len(self.rows)
        actions = self.actions or [None] * len(self.rows)
        shown = []
        for link, row, action in zip(links, self.rows, actions, strict=False):
            cells = []
            for column, value in zip(self.columns, row, strict=False):
                text = MISSING if value is None else figure_text(value, column)
                cells.append((text, column.type != "text", column.label))
            shown.append((link, cells, action))
        return shown

    def display_totals(self) -> list[tuple[object, bool]] | None:
        if self.totals is None:
            return None
        return [
            (MISSING if v is None else figure_text(v, c), c.type != "text")
            for c, v in zip(self.columns, self.totals, strict=False)
        ]


@dataclass
class Chart:
    key: str
    title: str
    categories: list[str]
    #: [{"name": ..., "data": [...]}, ...] (bar chart)
    series: list[dict]


@dataclass
class Panel:
    key: str
    title: str
    order: int = 50
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    #: a link to the module's own page
    url: str = ""


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def query(self) -> str:
        """The period as a query string, to keep it in links and exports."""
        if self.key == "custom":
            return urlencode({"period": "custom", "date_from": self.start, "date_to": self.end})
        return urlencode({"period": self.key})

    @classmethod
    def named(cls, key: str, today: dt.date) -> Period:
        if key == "week":
            start = today - dt.timedelta(days=today.weekday())
            return cls(key, start, start + dt.timedelta(days=6))
        if key == "quarter":
            first_month = 3 * ((today.month - 1) // 3) + 1
            start = today.replace(month=first_month, day=1)
            after = dt.date(today.year + 1, 1, 1) if first_month == 10 else start.replace(month=first_month + 3)
            return cls(key, start, after - dt.timedelta(days=1))
        if key == "ytd":
            return cls(key, today.replace(month=1, day=1), today)
        if key == "last_year":
            return cls(key, dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
        start = today.replace(day=1)
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return cls("month", start, end)

    @classmethod
    def from_query(cls, params, today: dt.date) -> tuple[Period, str]:
        """The period asked for, or this month and an error message saying what was wrong."""
        key = params.get("period", "month")
        if key != "custom":
            if key not in dict(PERIOD_CHOICES):
                return cls.named("month", today), _("Unknown period “%(key)s”; showing this month.") % {"key": key}
            return cls.named(key, today), ""
        try:
            start, end = parse_day(params.get("date_from", "")), parse_day(params.get("date_to", ""))
        except ValueError:
            return cls.named("month", today), _("Enter both dates as YYYY-MM-DD; showing this month.")
        if start > end:
            return cls.named("month", today), _("The start date is after the end date; showing this month.")
        if (end - start).days > MAX_CUSTOM_DAYS or start.year < 2000:
            return cls.named("month", today), _("Choose a period of at most five years since 2000; showing this month.")
        return cls("custom", start, end), ""

    def year_earlier(self) -> Period:
        def back(day: dt.date) -> dt.date:
            try:
                return day.replace(year=day.year - 1)
            except ValueError:  # 29 February
                return day.replace(year=day.year - 1, day=28)

        return Period(self.key, back(self.start), back(self.end))


#: the audiences an app's ``overview_panels`` hook is asked for unless its AppConfig lists its own
#: (``overview_audiences``): a mediator's home shows only the apps that list "mediator"
DEFAULT_AUDIENCES = ("staff", "regulator", "member")


def audience_of(user) -> str:
    """Whose overview: "staff", "regulator", "member", "mediator" (their cases and time limits) or "" (none)."""
    if user.is_association_staff:
        return "staff"
    if user.is_regulator:
        return "regulator"
    if user.is_member_user:
        return "member"
    if user.is_mediator:
        return "mediator"
    return ""
