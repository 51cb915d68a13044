"""What the pages of this app share."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone

from association.reports.registry import ReportTable
from association.reports.writers import CONTENT_TYPES, write_xlsx


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def serve(field, name: str):
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), filename=name, as_attachment=True)


def xlsx_response(
    title: str, columns, rows, *, name: str, period_label: str = "", scope: str = "", totals=None, notes=()
) -> HttpResponse:
    """The table through the report writer: the title row (what, period, scope, when), numbers as numbers,
    the totals row where given."""
    table = ReportTable(
        title=title,
        period_label=period_label,
        region_label=scope,
        generated_at=timezone.now(),
        columns=columns,
        rows=rows,
        totals=totals,
        notes=list(notes),
    )
    response = HttpResponse(write_xlsx(table), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{re.sub(r"[^0-9A-Za-z_-]", "_", name)}.xlsx"'
    return response


def year_param(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
