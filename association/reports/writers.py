"""Write a ``ReportTable`` as a file: xlsx (openpyxl) or PDF (reportlab).

Both writers return bytes and do no I/O. Labels are translated with the active language, so the
caller chooses it (``translation.override``). Times are shown in Beijing time whatever the server's
zone. The PDF uses reportlab's built-in CID font ``STSong-Light`` (Adobe-GB1): no font file is
needed or embedded; PDF readers draw it with their own Chinese Song/Ming font.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from association.numbers import to_decimal
from association.reports.registry import Column, ReportTable, figure_text

BEIJING = ZoneInfo("Asia/Shanghai")
PDF_FONT = "STSong-Light"
MAX_XLSX_WIDTH = 60
#: the data sheet: the title (row 1), period, region and generation time (row 2), then the header row
HEADER_ROW = 3

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def beijing_time(value: dt.datetime) -> str:
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def generated_label(table: ReportTable) -> str:
    return _("Generated at %(time)s (Beijing time)") % {"time": beijing_time(table.generated_at)}


def display_width(text: str) -> int:
    """Columns a text needs in a spreadsheet: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _plain(value) -> str:
    return "" if value is None else str(value)


# --- xlsx -------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTALS_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "report"


def _number(value):
    """A number cell's value: ints stay ints, other numbers (Decimal, numeric text) become floats."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    number = to_decimal(value)
    return None if number is None else float(number)


def _put(ws, row: int, col: int, value, column: Column):
    number = _number(value) if column.type != "text" else None
    if column.type == "text" or (number is None and value not in (None, "")):
        text = ILLEGAL_CHARACTERS_RE.sub("", _plain(value))
        cell = ws.cell(row=row, column=col, value=text)
        cell.data_type = "s"  # never a formula, even when the text starts with "="
        return cell
    cell = ws.cell(row=row, column=col, value=number)  # numbers stay numbers; None stays empty
    cell.number_format = column.number_format()
    return cell


def meta_label(table: ReportTable) -> str:
    """What the title row's second line says: period, region (scope) and when the file was generated."""
    parts = []
    if table.period_label and table.region_label:
        parts.append(
            _("Period: %(period)s, region: %(region)s") % {"period": table.period_label, "region": table.region_label}
        )
    elif table.period_label or table.region_label:
        parts.append(table.period_label or table.region_label)
    parts.append(generated_label(table))
    return " · ".join(parts)


def _title_rows(ws, table: ReportTable, width: int) -> None:
    title = ws.cell(row=1, column=1, value=ILLEGAL_CHARACTERS_RE.sub("", table.title))
    title.font, title.data_type = TITLE_FONT, "s"
    meta = ws.cell(row=2, column=1, value=ILLEGAL_CHARACTERS_RE.sub("", meta_label(table)))
    meta.data_type = "s"
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.row_dimensions[1].height = 24


def write_xlsx(table: ReportTable) -> bytes:
    """One data sheet (the title and what it covers, a header row, one row per line, the totals) and an
    "About" sheet. Numbers are number cells with a number format (separators, the portal's decimals)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(table.period_label)
    columns = list(table.columns)
    widths = [max(column.width, display_width(column.label)) for column in columns]

    _title_rows(ws, table, len(columns))
    for c, column in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=column.label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for c, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            _put(ws, r, c, value, column)
            if column.type == "text":
                widths[c - 1] = max(widths[c - 1], display_width(_plain(value)))
    last_data_row = len(table.rows) + HEADER_ROW
    if table.totals is not None:
        for c, (column, value) in enumerate(zip(columns, table.totals, strict=True), start=1):
            _put(ws, last_data_row + 1, c, value, column).font = TOTALS_FONT
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(width + 2, MAX_XLSX_WIDTH)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    if table.rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_data_row}"

    about = wb.create_sheet(_sheet_title(_("About")))
    info = [
        (_("Report"), table.title),
        (_("Period"), table.period_label),
        (_("Region"), table.region_label),
        (_("Generated at"), _("%(time)s (Beijing time)") % {"time": beijing_time(table.generated_at)}),
        *((_("Note"), note) for note in table.notes),
    ]
    for r, (label, value) in enumerate(info, start=1):
        ws_label = about.cell(row=r, column=1, value=label)
        ws_label.font = HEADER_FONT
        cell = about.cell(row=r, column=2, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = max(display_width(label) for label, _v in info) + 2
    about.column_dimensions["B"].width = MAX_XLSX_WIDTH

    wb.properties.title = table.title
    wb.properties.creator = settings.PORTAL_NAME
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------------


#: characters STSong-Light (UniGB-UCS2-H) has no glyph for, and the look-alike it has
PDF_SUBSTITUTES = str.maketrans({"\u00b7": "\u30fb", "\u2027": "\u30fb", "\u2022": "\u30fb"})


def pdf_text(value) -> str:
    """Escaped for a Paragraph, with the few characters the CID font lacks replaced."""
    return escape(_plain(value).translate(PDF_SUBSTITUTES))


def _register_font() -> None:
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=PDF_FONT, fontSize=9, leading=12, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4),
        "meta": ParagraphStyle("meta", parent=base, fontSize=10, leading=14, alignment=TA_CENTER),
        "cell": base,
        "head": ParagraphStyle("head", parent=base, alignment=TA_CENTER),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#555555")),
    }


def _pdf_value(value, column: Column, styles) -> object:
    if value is None:
        return "—"
    if column.type == "text":
        return Paragraph(pdf_text(value), styles["cell"])
    return figure_text(value, column)


def write_pdf(table: ReportTable) -> bytes:
    """A4 landscape: title, period and region, generation time (Beijing), the table, notes; page numbers."""
    _register_font()
    styles = _styles()
    buffer = io.BytesIO()
    page = landscape(A4)
    margin = 15 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=table.title,
        author=settings.PORTAL_NAME,
        subject=f"{table.period_label} · {table.region_label}",
        creator=settings.PORTAL_NAME,
    )
    columns = list(table.columns)
    data = [[Paragraph(pdf_text(column.label), styles["head"]) for column in columns]]
    data += [[_pdf_value(v, c, styles) for c, v in zip(columns, row, strict=True)] for row in table.rows]
    if table.totals is not None:
        data.append([_pdf_value(v, c, styles) for c, v in zip(columns, table.totals, strict=True)])
    total_width = sum(column.width for column in columns)
    col_widths = [doc.width * column.width / total_width for column in columns]

    style = [
        ("FONT", (0, 0), (-1, -1), PDF_FONT, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA5B1")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for i, column in enumerate(columns):
        if column.type != "text":
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    for r in range(2, len(table.rows) + 1, 2):
        style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F5F7FA")))
    if table.totals is not None:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#E8ECF1")))
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, colors.HexColor("#4A5561")))

    story = [
        Paragraph(pdf_text(table.title), styles["title"]),
        Paragraph(
            pdf_text(
                _("Period: %(period)s, region: %(region)s")
                % {"period": table.period_label, "region": table.region_label}
            ),
            styles["meta"],
        ),
        Paragraph(pdf_text(generated_label(table)), styles["meta"]),
        Spacer(1, 6 * mm),
        Table(data, colWidths=col_widths, repeatRows=1, style=TableStyle(style)),
    ]
    if table.notes:
        story.append(Spacer(1, 4 * mm))
        story += [Paragraph(pdf_text(note), styles["note"]) for note in table.notes]

    footer = f"{settings.PORTAL_NAME} — {table.title}".translate(PDF_SUBSTITUTES)
    page_label = _("Page %(number)s").translate(PDF_SUBSTITUTES)

    def draw_footer(canvas, document):
        canvas.saveState()
        canvas.setFont(PDF_FONT, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(margin, 8 * mm, footer)
        canvas.drawRightString(page[0] - margin, 8 * mm, page_label % {"number": document.page})
        canvas.restoreState()

    doc.build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue()


WRITERS = {"xlsx": write_xlsx, "pdf": write_pdf}
