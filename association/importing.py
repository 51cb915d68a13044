"""Bulk import/export plumbing shared by the admin and the management commands.

* CSV arrives from Chinese Excel in GBK as often as in UTF-8 (with or without BOM): the
  bytes are decoded as UTF-8 first, then GB18030 (a superset of GBK).
* An import is all or nothing: any bad row rolls the whole file back, and every bad row is
  reported with its line in the file, its column and the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.formats import base_formats

MAX_IMPORT_BYTES = 10 * 1024 * 1024


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, size, empty)."""


def decode_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor GBK/GB18030 text."))


class ChineseCSV(base_formats.CSV):
    """CSV read as bytes and decoded UTF-8 → GB18030; written as UTF-8 with a BOM for Excel."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return super().create_dataset(decode_text(in_stream), **kwargs)

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


FORMATS = [ChineseCSV, base_formats.XLSX]


class FlexibleDateWidget(widgets.DateWidget):
    """Dates as 2024-03-01, 2024/3/1, 2024年3月1日, 20240301 or an Excel date cell."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in self.FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date; use YYYY-MM-DD") % {"value": text})


class ChoiceWidget(widgets.Widget):
    """A choice given as its stored value, its Chinese label or its English label."""

    def __init__(self, choices_cls, **kwargs):
        self.choices_cls = choices_cls
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        from django.utils import translation

        for member in self.choices_cls:
            names = {member.value.lower()}
            for lang in ("zh-hans", "en"):
                with translation.override(lang):
                    names.add(str(member.label).lower())
            if text.lower() in names:
                return member.value
        allowed = ", ".join(m.value for m in self.choices_cls)
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s") % {"value": text, "allowed": allowed})

    def render(self, value, obj=None, **kwargs):
        return value or ""


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by natural key, with an error that names what was not found."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("no %(model)s with %(field)s “%(value)s”")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


@dataclass
class RowProblem:
    line: int  # line in the file, the header being line 1
    column: str
    message: str

    def __str__(self):
        return _("line %(line)d, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    total: int = 0
    new: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def problems_from_result(result) -> list[RowProblem]:
    problems: list[RowProblem] = []
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            label = "—" if column == NON_FIELD_ERRORS else column
            for message in messages:
                problems.append(RowProblem(invalid.number + 1, label, str(message)))
    for error_row in result.error_rows:
        for error in error_row.errors:
            problems.append(RowProblem(error_row.number + 1, "—", str(error.error)))
    for error in result.base_errors:
        problems.append(RowProblem(0, "—", str(error.error)))
    return sorted(problems, key=lambda p: (p.line, p.column))


def read_dataset(data: bytes, filename: str):
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})
    name = filename.lower()
    fmt = base_formats.XLSX() if name.endswith(".xlsx") else ChineseCSV() if name.endswith(".csv") else None
    if fmt is None:
        raise ImportFileError(_("Unsupported file type: use .csv or .xlsx."))
    try:
        dataset = fmt.create_dataset(data)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl/csv raise many kinds for broken files
        raise ImportFileError(
            _("The file cannot be read as %(fmt)s: %(error)s") % {"fmt": name.rsplit(".", 1)[-1], "error": exc}
        ) from exc
    if not dataset.headers or not len(dataset):
        raise ImportFileError(_("The file has no data rows."))
    return dataset


def run_import(resource, data: bytes, filename: str, *, dry_run: bool = False) -> ImportReport:
    """Import a whole file, all or nothing."""
    dataset = read_dataset(data, filename)
    report = ImportReport(total=len(dataset))
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True)
        report.problems = problems_from_result(result)
        if report.problems or dry_run:
            return report
        result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
        report.problems = problems_from_result(result)
        if report.problems:
            transaction.set_rollback(True)
            return report
    report.new = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.committed = True
    return report
