"""What a report kind is: a table builder and the regions (audiences) it is generated for."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _

from association.models import Region
from association.numbers import MISSING, grouped, percent, to_decimal

#: modules that define the built-in kinds; imported on first lookup
BUILTIN_KIND_MODULES = ("association.reports.compliance",)

#: text; int (a count); amount (money in the unit the label names, 元 or 万元, two decimals); decimal (one
#: decimal: scores, ratings); percent (a fraction, shown as 87.5%)
ColumnType = Literal["text", "int", "amount", "decimal", "percent"]


@dataclass(frozen=True)
class Column:
    label: str
    type: ColumnType = "text"
    #: width in characters (xlsx) and relative width (PDF); a CJK character counts as two
    width: int = 10
    #: decimals shown, when not the type's own (amount 2, decimal 1, percent 1); one per column
    places: int | None = None
    #: a change: shown with its sign (+15.29%)
    signed: bool = False

    def decimals(self) -> int:
        if self.places is not None:
            return self.places
        return {"amount": 2, "decimal": 1, "percent": 1}.get(self.type, 0)

    def number_format(self) -> str:
        """The Excel number format: separators and the column's decimals (``#,##0.00``, ``0.0%``)."""
        places = self.decimals()
        fraction = "." + "0" * places if places else ""
        shape = f"0{fraction}%" if self.type == "percent" else f"#,##0{fraction}"
        return f"+{shape};-{shape};{shape}" if self.signed else shape


def figure_text(value, column: Column) -> object:
    """A cell as pages and PDFs show it: counts 12,345, amounts 1,234.50, rates 87.5%, none —; text as is."""
    if column.type == "text":
        return value
    if value is None or value == "":
        return MISSING
    text = percent(value, column.decimals()) if column.type == "percent" else grouped(value, column.decimals())
    number = to_decimal(value)
    return f"+{text}" if column.signed and number is not None and number > 0 else text


def scope_label(user) -> str:
    """What a user's tables and exports cover: the province, a regulator's regions, or the member."""
    if user.is_association_staff or user.visible_organisation_ids() is None:
        return _("the whole province")
    if user.is_regulator:
        regions = [m.organisation.region.name for m in user.active_memberships if m.organisation.region]
        return "、".join(dict.fromkeys(regions)) or _("your region")
    organisation = user.primary_organisation
    return organisation.name if organisation else ""


@dataclass
class ReportTable:
    """The content of one report, independent of the file format. Texts are already translated."""

    title: str
    period_label: str
    region_label: str
    generated_at: dt.datetime
    columns: Sequence[Column]
    rows: list[list]
    #: a last row with the totals, or None
    totals: list | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """One region the kind is generated for, and whether regulators of that region may see it."""

    region: Region
    audience_regulators: bool


@dataclass(frozen=True)
class ReportKind:
    key: str
    #: the kind's name (lazy translation)
    label: str
    #: build(period_start, period_end, region, now) -> ReportTable
    build: Callable[[dt.date, dt.date, Region, dt.datetime], ReportTable]
    #: targets(region or None) -> the regions to generate for (None: every region the kind covers)
    targets: Callable[[Region | None], list[Target]]
    formats: tuple[str, ...] = ("xlsx", "pdf")
    #: a versioned kind is regenerated for the same period as a new version (each kept, each e-mailed once);
    #: its build takes ``version=`` as a keyword
    versioned: bool = False


_REGISTRY: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    _REGISTRY[kind.key] = kind
    return kind


def _load_builtin() -> None:
    for module in BUILTIN_KIND_MODULES:
        importlib.import_module(module)


def get_kind(key: str) -> ReportKind:
    _load_builtin()
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"unknown report kind: {key!r}") from None


def kind_labels() -> dict[str, str]:
    """Kind key -> label, for lists."""
    _load_builtin()
    return {key: kind.label for key, kind in _REGISTRY.items()}
