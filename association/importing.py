"""Bulk import/export plumbing shared by the admin and the management commands.

* CSV arrives from Chinese Excel in GBK as often as in UTF-8 (with or without BOM): the
  bytes are decoded as UTF-8 first, then GB18030 (a superset of GBK); UTF-16 ("Unicode
  text", tab separated) is read too. Binary data under a .csv name is refused.
* Blank rows are skipped, but every data row remembers its line in the file (header =
  line 1) in ``dataset.source_lines``, so that errors name the line the user sees.
* An import is all or nothing: any bad row rolls the whole file back, and every bad row is
  reported with its line in the file, its column and the reason.
* Exports never contain live formulae: CSV cells that a spreadsheet would evaluate get a
  leading apostrophe (removed again on import); xlsx cells are written as text.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.formats import base_formats

MAX_IMPORT_BYTES = 10 * 1024 * 1024
#: an .xlsx is a zip: what it may unpack to in all, and how much any one member may grow (zip bombs)
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XLSX_RATIO = 300
MAX_IMPORT_ROWS = 50_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, size, empty, layout)."""


# Distinct names, because the admin shows the class name of what broke the reading of a file.
class EmptyFileError(ImportFileError):
    pass


class FileTooLargeError(ImportFileError):
    pass


class NotCsvTextError(ImportFileError):
    pass


class UnreadableSpreadsheetError(ImportFileError):
    pass


class BadHeaderOrLayoutError(ImportFileError):
    pass


class UploadGoneError(ImportFileError):
    pass


class MissingColumnsError(ImportFileError):
    def __init__(self, columns):
        self.columns = list(columns)
        super().__init__(_("Missing columns in the header row: %(cols)s") % {"cols": ", ".join(self.columns)})


class IncompleteImportError(Exception):
    """Raised after a real (not dry) run that had bad rows, so that import_data rolls it all back."""


def check_size(data: bytes) -> None:
    if data is None:  # the admin's stored upload is gone: confirmed twice, or expired
        raise UploadGoneError(_("The uploaded file is no longer available (already imported?); upload it again."))
    if not data:
        raise EmptyFileError(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise FileTooLargeError(
            _("The file is larger than %(mb)d MB; split it into smaller files.") % {"mb": MAX_IMPORT_BYTES // 2**20}
        )


def decode_text(data: bytes | str) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 with BOM."""
    if isinstance(data, str):
        text = data
    elif data.startswith(b"PK\x03\x04"):
        raise NotCsvTextError(_("This is an .xlsx (zip) file, not CSV text: choose the xlsx format."))
    else:
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if not utf16 and b"\x00" in data[:65536]:
            raise NotCsvTextError(_("The file contains binary data; it is not CSV text."))
        for encoding in (*(("utf-16",) if utf16 else ()), "utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise NotCsvTextError(_("The file is neither UTF-8 nor GBK/GB18030 text."))
    text = text.lstrip("\ufeff").rstrip("\x1a")
    if _BINARY_CHARS.search(text):
        raise NotCsvTextError(_("The file contains binary data; it is not CSV text."))
    return text


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1] in FORMULA_START:
        return value[1:]
    return value


def _cell(value):
    """A spreadsheet cell as import wants it: whole numbers as text (codes, phones), no escapes."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    return unescape_formula(value)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def build_dataset(records) -> tablib.Dataset:
    """A dataset from ``(line, values)`` records; the first non-blank record is the header."""
    records = iter(records)
    header_line, header = next(((n, v) for n, v in records if not all(_blank(x) for x in v)), (0, None))
    if header is None:
        raise EmptyFileError(_("The file has no header row."))
    names = [str(v).replace("\ufeff", "").strip() if v is not None else "" for v in header]
    seen = {}
    for index, name in enumerate(names):
        if name and name in seen:
            raise BadHeaderOrLayoutError(
                _("line %(line)d: column “%(name)s” appears twice (columns %(a)d and %(b)d)")
                % {"line": header_line, "name": name, "a": seen[name] + 1, "b": index + 1}
            )
        seen.setdefault(name, index)
    keep = [i for i, name in enumerate(names) if name]
    dataset = tablib.Dataset(headers=[names[i] for i in keep])
    dataset.source_lines = []
    for line, values in records:
        values = [_cell(v) for v in values]
        for index, value in enumerate(values):
            if not _blank(value) and (index >= len(names) or not names[index]):
                raise BadHeaderOrLayoutError(
                    _("line %(line)d: column %(col)d has a value but no header") % {"line": line, "col": index + 1}
                )
        row = [values[i] if i < len(values) else None for i in keep]
        if all(_blank(v) for v in row):
            continue
        if len(dataset) >= MAX_IMPORT_ROWS:
            raise FileTooLargeError(_("The file has more than %(n)d rows; split it.") % {"n": MAX_IMPORT_ROWS})
        dataset.append(row)
        dataset.source_lines.append(line)
    if not len(dataset):
        raise EmptyFileError(_("The file has a header row but no data rows."))
    return dataset


def read_csv(data: bytes | str) -> tablib.Dataset:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, start = [], 1
    try:
        for values in reader:
            records.append((start, values))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise NotCsvTextError(
            _("line %(line)d: not valid CSV (%(error)s)") % {"line": reader.line_num, "error": exc}
        ) from exc
    return build_dataset(records)


def check_unpacked_size(data: bytes) -> None:
    """Refuse an .xlsx that would unpack to far more than a spreadsheet of the allowed size (a zip bomb)
    before anything is decompressed."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableSpreadsheetError(_("The .xlsx file is damaged or not a workbook: %(e)s") % {"e": exc}) from exc
    total = sum(m.file_size for m in members)
    swollen = any(m.file_size > 1024 * 1024 and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1) for m in members)
    if total > MAX_XLSX_UNPACKED_BYTES or swollen:
        raise FileTooLargeError(
            _("The .xlsx file unpacks to %(mb)d MB, far more than a spreadsheet of this size; it is refused.")
            % {"mb": total // 2**20}
        )


def read_xlsx(data: bytes) -> tablib.Dataset:
    import openpyxl

    if not data.startswith(b"PK\x03\x04"):
        raise UnreadableSpreadsheetError(_("This is not an .xlsx file (an .xlsx file is a zip archive)."))
    check_unpacked_size(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors of many kinds
        raise UnreadableSpreadsheetError(_("The .xlsx file is damaged or not a workbook: %(e)s") % {"e": exc}) from exc
    try:
        sheet = book.active if hasattr(book.active, "iter_rows") else book.worksheets[0]
        sheet.reset_dimensions()  # stated dimensions are often wrong (formatted empty cells)
        records = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), 1):
            if any(not _blank(v) for v in values):  # blank rows are skipped anyway; keep memory small
                records.append((line, list(values)))
            if len(records) > MAX_IMPORT_ROWS + 1:
                raise FileTooLargeError(_("The file has more than %(n)d rows; split it.") % {"n": MAX_IMPORT_ROWS})
    except ImportFileError:
        raise
    except Exception as exc:
        raise UnreadableSpreadsheetError(_("The .xlsx file is damaged: %(e)s") % {"e": exc}) from exc
    finally:
        book.close()
    return build_dataset(records)


class ChineseCSV(base_formats.CSV):
    """CSV read as bytes (UTF-8, GBK or UTF-16); written as UTF-8 with a BOM so that Excel reads it."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if not isinstance(in_stream, str):
            check_size(in_stream)
        return read_csv(in_stream)

    def export_data(self, dataset, **kwargs):
        if getattr(settings, "IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT", False):
            dataset = tablib.Dataset(*[[escape_formula(v) for v in row] for row in dataset], headers=dataset.headers)
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")


class ChineseXLSX(base_formats.XLSX):
    """xlsx read from the first sheet keeping line numbers; written with every string a text cell."""

    def create_dataset(self, in_stream, **kwargs):
        check_size(in_stream)
        return read_xlsx(in_stream)

    def export_data(self, dataset, **kwargs):
        import openpyxl
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "data"
        for r, row in enumerate([dataset.headers or [], *dataset], 1):
            for c, value in enumerate(row, 1):
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
                cell = sheet.cell(row=r, column=c, value=value)
                if cell.data_type == "f":  # a string starting with "=" is data here, never a formula
                    cell.data_type = "s"
                    cell.quotePrefix = True
                if r == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        stream = io.BytesIO()
        book.save(stream)
        return stream.getvalue()


FORMATS = [ChineseCSV, ChineseXLSX]


@dataclass
class RowProblem:
    line: int | None  # line in the file, the header being line 1; None: the file as a whole
    column: str
    message: str

    def __str__(self):
        if self.line is None:
            return _("file: %(message)s") % {"message": self.message}
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
    skipped: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def row_line(row) -> int:
    """The file line of an invalid or error row; ``StrictResource.after_import`` sets ``line``."""
    return getattr(row, "line", None) or row.number + 1


def problems_from_result(result) -> list[RowProblem]:
    problems: list[RowProblem] = []
    for error in result.base_errors:
        if isinstance(error.error, IncompleteImportError) and (result.invalid_rows or result.error_rows):
            continue  # the rows say it better
        if isinstance(error.error, MissingColumnsError):
            problems += [RowProblem(1, col, _("required column is missing")) for col in error.error.columns]
        else:
            problems.append(RowProblem(None, "—", str(error.error)))
    for invalid in result.invalid_rows:
        for column, texts in invalid.error_dict.items():
            label = "—" if column == NON_FIELD_ERRORS else column
            problems += [RowProblem(row_line(invalid), label, str(message)) for message in texts]
    for error_row in result.error_rows:
        problems += [RowProblem(row_line(error_row), "—", str(error.error)) for error in error_row.errors]
    return sorted(problems, key=lambda p: (p.line or 0, p.column))


def read_dataset(data: bytes, filename: str) -> tablib.Dataset:
    check_size(data)
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return read_csv(data)
    raise ImportFileError(_("Unsupported file type: use .csv or .xlsx."))


def run_import(resource, data: bytes, filename: str, *, dry_run: bool = False) -> ImportReport:
    """Import a whole file, all or nothing, in one pass inside one transaction: any bad row rolls
    the whole file back (``StrictResource.after_import`` raises, and the transaction is marked for
    rollback here too). ``dry_run`` checks the file and reports without keeping anything."""
    dataset = read_dataset(data, filename)
    report = ImportReport(total=len(dataset))
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True)
        report.problems = problems_from_result(result)
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            report.committed = True
    report.new = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.skipped = result.totals.get("skip", 0)
    return report


class ImportAdminMessagesMixin:
    """For an ``ImportExportModelAdmin``: clear messages, no false success, no 500.

    * a file that cannot be read says why (size, encoding, layout ...), where the package
      only names the exception class;
    * if the confirm step rolled back (a row went bad after the preview), the admin says so
      and lists the problems instead of "Import finished: n new";
    * a confirm posted twice (the stored upload is gone) or with a forged format is a message,
      not a server error.
    """

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        fmt = request.POST.get("format", "")
        if not (fmt.isdigit() and int(fmt) < len(self.get_import_formats())):
            return self.import_failed(request, [_("Unknown file format; upload the file again.")])
        try:
            return super().process_import(request, **kwargs)
        except ImportFileError as exc:
            return self.import_failed(request, [str(exc)])

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        found = [str(p) for p in problems_from_result(result)]
        if len(found) > 20:
            found = [*found[:20], _("… and %(n)d more problems.") % {"n": len(found) - 20}]
        return self.import_failed(request, found)

    def import_failed(self, request, texts):
        for text in [*texts, _("Nothing was imported.")]:
            messages.error(request, text)
        info = self.model._meta.app_label, self.model._meta.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info), current_app=self.admin_site.name))
