"""Import loss reports of one event from xlsx/CSV: every row through ``loss_report_submit``, all or nothing.

The file is read by :func:`association.importing.read_dataset` (xlsx, GBK/UTF-8 CSV, size and layout
checks); each bad row is reported with its line, column and reason, and nothing is committed when any
row is bad. Headers may be the field names or their Chinese labels.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from association.importing import ImportReport, RowProblem, read_dataset
from association.models import Organisation
from association.resources import FlexibleDateWidget
from disasters.choices import ReportSource
from disasters.models import Event, LossReport
from disasters.services.loss_reports import loss_report_submit

COLUMNS = {
    "organisation": ("organisation", "credit_code", "公司", "机构", "统一社会信用代码"),
    "report_date": ("report_date", "date", "日期", "报告日期"),
    "policies_affected": ("policies_affected", "受影响保单数", "涉及保单"),
    "claims_reported": ("claims_reported", "报案数", "报案件数"),
    "estimated_loss": ("estimated_loss", "估损金额", "估损"),
    "claims_paid": ("claims_paid", "已决赔款", "已赔付"),
    "advance_payments": ("advance_payments", "预付赔款"),
    "staff_deployed": ("staff_deployed", "投入人员"),
    "problems": ("problems", "问题困难"),
    "measures": ("measures", "推进措施"),
}
REQUIRED = ("organisation", "report_date", "policies_affected", "claims_reported", "estimated_loss", "claims_paid",
            "advance_payments")  # fmt: skip
INTS = ("policies_affected", "claims_reported", "staff_deployed")
MONEY = ("estimated_loss", "claims_paid", "advance_payments")


def _map_headers(headers) -> dict[str, int]:
    found = {}
    for index, header in enumerate(headers):
        for name, aliases in COLUMNS.items():
            if header.strip().lower() in aliases:
                found[name] = index
    return found


def _parse(name: str, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None if name in REQUIRED else ("" if name in ("problems", "measures") else 0)
    if name in INTS:
        number = Decimal(str(value).replace(",", ""))
        if number != number.to_integral_value() or number < 0:
            raise ValueError(_("a whole number of at least 0 is expected"))
        return int(number)
    if name in MONEY:
        return Decimal(str(value).replace(",", "")).quantize(Decimal("0.01"))
    if name == "report_date":
        return FlexibleDateWidget().clean(value)  # 2026-07-01, 2026/7/1, 2026年7月1日, Excel dates …
    return str(value).strip()


def _organisation(value: str):
    value = str(value).strip()
    return (
        Organisation.objects.filter(credit_code=value.upper()).first()
        or Organisation.objects.filter(name=value).first()
    )


def import_loss_reports(*, event: Event, actor, data: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    dataset = read_dataset(data, filename)
    lines = getattr(dataset, "source_lines", None) or list(range(2, len(dataset) + 2))
    columns = _map_headers(dataset.headers or [])
    report = ImportReport(total=len(dataset))
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        report.problems = [RowProblem(1, name, _("required column is missing")) for name in missing]
        return report
    existing = set(LossReport.objects.filter(event=event).values_list("organisation_id", "report_date"))
    seen: dict[tuple, int] = {}  # (company, date) -> its line: a repeat in one file is an error
    with transaction.atomic():
        for line, row in zip(lines, dataset, strict=True):
            values, bad = {}, False
            for name, index in columns.items():
                try:
                    values[name] = _parse(name, row[index])
                except (ValueError, InvalidOperation) as exc:
                    report.problems.append(RowProblem(line, dataset.headers[index], str(exc) or _("invalid value")))
                    bad = True
                    continue
                if values[name] is None:
                    report.problems.append(RowProblem(line, dataset.headers[index], _("a value is required")))
                    bad = True
            if bad:
                continue
            organisation = _organisation(values.pop("organisation"))
            if organisation is None:
                report.problems.append(RowProblem(line, dataset.headers[columns["organisation"]], _("unknown company")))
                continue
            key = (organisation.pk, values["report_date"])
            if key in seen:
                report.problems.append(
                    RowProblem(
                        line,
                        dataset.headers[columns["organisation"]],
                        _("duplicate of line %(line)d in the same file") % {"line": seen[key]},
                    )
                )
                continue
            seen[key] = line
            try:
                with transaction.atomic():
                    loss_report_submit(
                        event=event, organisation=organisation, actor=actor, source=ReportSource.IMPORT, **values
                    )
            except ValidationError as exc:
                for field, texts in getattr(exc, "message_dict", {"—": exc.messages}).items():
                    column = dataset.headers[columns[field]] if field in columns else field
                    report.problems += [RowProblem(line, column, text) for text in texts]
                continue
            except PermissionDenied as exc:
                report.problems.append(RowProblem(line, "—", str(exc)))
                continue
            if key in existing:
                report.updated += 1
            else:
                report.new += 1
                existing.add(key)
        if report.problems or dry_run:
            transaction.set_rollback(True)
        else:
            report.committed = True
    report.problems.sort(key=lambda p: (p.line or 0, p.column))
    return report
