"""Bad files, for every importer (quality gate 3): wrong headers, wrong types, dates in three formats,
GBK and UTF-8 with BOM, duplicate keys, formulas in cells, an empty file, a 50 MB file and a zip bomb
disguised as .xlsx. Each gives a clear error naming the line and column (or the file), and nothing is
committed; the good variants commit.

An importer is described once in IMPORTERS: how to run it, how to count what it stores, two good rows,
and which columns to spoil. Apps with importers add themselves here.
"""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest

from association.importing import EmptyFileError, FileTooLargeError, ImportFileError, run_import
from association.models import ContactPerson, Organisation
from association.resources import ContactResource, OrganisationResource
from tests.association.test_imports import code as credit_code

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


@dataclass
class Importer:
    run: Callable  # (world, data, filename) -> ImportReport
    count: Callable  # (world) -> int
    rows: Callable  # (world, n) -> n good rows (dicts, column -> text) with distinct keys
    date_column: str
    typed_column: str  # a column whose values must parse (number, date or choice)
    key_columns: tuple  # a row repeating these repeats a key
    text_column: str  # a required free-text column
    #: the three other ways of writing the first row's date (y, m, d) for rows 1–3
    date_texts: Callable = lambda y, m, d: [f"{y}/{m}/{d}", f"{y}年{m}月{d + 1}日", f"{y}{m:02d}{d + 2:02d}"]


def _orgs():
    return Importer(
        run=lambda world, data, name: run_import(OrganisationResource(), data, name),
        count=lambda world: Organisation.objects.count(),
        rows=lambda world, count=2: [
            {
                "credit_code": credit_code(n),
                "name": f"丙{n}财产保险股份有限公司新疆分公司",
                "kind": "property_insurer",
                "tier": "provincial",
                "region_code": "650100",
                "joined_on": "2024-03-01",
            }
            for n in range(1, count + 1)
        ],
        date_column="joined_on",
        typed_column="kind",
        key_columns=("credit_code",),
        text_column="name",
    )


def _contacts():
    return Importer(
        run=lambda world, data, name: run_import(ContactResource(), data, name),
        count=lambda world: ContactPerson.objects.count(),
        rows=lambda world, count=2: [
            {
                "organisation_credit_code": world.org_b.credit_code,
                "duty": duty,
                "slot": slot,
                "name": f"王{slot}",
                "phone": f"1390991000{n}",
                "email": f"wang{n}@example.cn",
                "effective_from": "2024-03-01",
            }
            for n, (duty, slot) in enumerate([("general", "A"), ("general", "B"), ("complaints", "A")][:count], 1)
        ],
        date_column="effective_from",
        typed_column="duty",
        key_columns=("organisation_credit_code", "duty", "slot"),
        text_column="name",
    )


def _cases():
    from mediation.models import Case
    from mediation.resources import CaseResource

    return Importer(
        run=lambda world, data, name: run_import(CaseResource(), data, name),
        count=lambda world: Case.objects.count(),
        rows=lambda world, count=2: [
            {
                "number": f"TJ-2023-0090{n}",
                "source": "complaint",
                "channel": "hotline",
                "consumer_name": f"张{n}",
                "consumer_id_number": ID_NUMBER,
                "respondent_credit_code": world.org_a.credit_code,
                "line": "auto",
                "amount_in_dispute": f"{n}000.00",
                "received_on": "2023-05-01",
            }
            for n in range(1, count + 1)
        ],
        date_column="received_on",
        typed_column="amount_in_dispute",
        key_columns=("number",),
        text_column="consumer_name",
    )


def _loss_reports():
    from disasters.importer import import_loss_reports
    from disasters.models import LossReport
    from tests.disasters.helpers import make_event

    events = {}

    def event_for(world):
        if id(world) not in events:
            events[id(world)] = make_event(world)
        return events[id(world)]

    def run(world, data, name):
        return import_loss_reports(event=event_for(world), actor=world.users["staff"], data=data, filename=name)

    return Importer(
        run=run,
        count=lambda world: LossReport.objects.count(),
        rows=lambda world, count=2: [
            {
                "统一社会信用代码": world.org_a_branch.credit_code,
                "日期": f"2026-07-0{n}",
                "受影响保单数": str(10 + n),
                "报案数": "5",
                "估损金额": "1000",
                "已决赔款": "0",
                "预付赔款": "0",
            }
            for n in range(1, count + 1)
        ],
        date_column="日期",
        typed_column="受影响保单数",
        key_columns=("统一社会信用代码", "日期"),
        text_column="统一社会信用代码",
    )


def _monthly_returns():
    from selfregulation.models import MonthlyReturn
    from selfregulation.services.monitoring import returns_import

    def run(world, data, name):
        return returns_import(data=data, filename=name, actor=world.users["staff"])[0]

    return Importer(
        run=run,
        count=lambda world: MonthlyReturn.objects.count(),
        rows=lambda world, count=2: [
            {
                "credit_code": org.credit_code,
                "month": "2026-01",
                "written_premium": "1200000.00",
                "policies": "3400",
                "claims_paid": "800000.00",
                "combined_expense_ratio": "28.5",
                "combined_cost_ratio": "97.2",
            }
            for org in [world.org_a, world.org_b, world.org_a_branch][:count]
        ],
        date_column="month",
        typed_column="combined_expense_ratio",
        key_columns=("credit_code", "month"),
        text_column="credit_code",
        date_texts=lambda y, m, d: [f"{y}/{m}", f"{y}年{m}月", f"{y}{m:02d}"],
    )


IMPORTERS = {
    "organisations": _orgs,
    "contacts": _contacts,
    "mediation cases": _cases,
    "loss reports": _loss_reports,
    "monthly returns": _monthly_returns,
}


def csv_bytes(rows, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(rows[0]))
    writer.writerows([list(r.values()) for r in rows])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, formula_in=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for r in rows:
        sheet.append(list(r.values()))
    if formula_in:
        column = list(rows[0]).index(formula_in) + 1
        sheet.cell(row=3, column=column, value="=A2&B2")  # a live formula (no cached value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A small file named .xlsx whose sheet unpacks to 512 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * 2**20
            for _ in range(512):
                member.write(block)
    return out.getvalue()


def committed(report):
    return report.committed and not report.problems


@pytest.fixture(params=list(IMPORTERS))
def importer(request, world, settings, tmp_path, english):
    settings.MEDIA_ROOT = tmp_path
    return IMPORTERS[request.param]()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_good_csv_in_gbk_and_utf8_with_bom_commits(world, importer, encoding):
    before = importer.count(world)
    report = importer.run(world, csv_bytes(importer.rows(world), encoding), "good.csv")
    assert committed(report), [str(p) for p in report.problems]
    assert importer.count(world) == before + 2


def test_dates_in_three_formats_commit(world, importer):
    rows = importer.rows(world, 3)
    y, m, d = ([int(x) for x in rows[0][importer.date_column].split("-")] + [1])[:3]  # YYYY-MM(-DD)
    for row, text in zip(rows, importer.date_texts(y, m, d), strict=True):
        row[importer.date_column] = text
    before = importer.count(world)
    report = importer.run(world, xlsx_bytes(rows), "dates.xlsx")
    assert committed(report), [str(p) for p in report.problems]
    assert importer.count(world) == before + 3


def test_wrong_header_is_named_and_nothing_is_committed(world, importer):
    rows = [
        {("wrong_" + k if k == importer.typed_column else k): v for k, v in r.items()} for r in importer.rows(world)
    ]
    before = importer.count(world)
    report = importer.run(world, csv_bytes(rows), "bad.csv")
    assert not report.committed and importer.count(world) == before
    assert [p.line for p in report.problems] == [1], [str(p) for p in report.problems]
    assert "missing" in str(report.problems[0])


@pytest.mark.parametrize("column", ["typed", "date"])
def test_wrong_type_names_line_and_column(world, importer, column):
    name = importer.typed_column if column == "typed" else importer.date_column
    rows = importer.rows(world)
    rows[1][name] = "not-a-value"
    before = importer.count(world)
    report = importer.run(world, csv_bytes(rows), "bad.csv")
    assert not report.committed and importer.count(world) == before
    assert [(p.line, p.column) for p in report.problems] == [(3, name)], [str(p) for p in report.problems]
    assert all(p.message for p in report.problems)


def test_duplicate_key_is_an_error_on_the_later_line(world, importer):
    rows = importer.rows(world)
    rows[1] = dict(rows[1], **{k: rows[0][k] for k in importer.key_columns})
    before = importer.count(world)
    report = importer.run(world, csv_bytes(rows), "dup.csv")
    assert not report.committed and importer.count(world) == before
    assert [p.line for p in report.problems] == [3], [str(p) for p in report.problems]
    assert "duplicate of line 2" in str(report.problems[0])


def test_formula_cells_are_never_evaluated(world, importer):
    """A live formula in an .xlsx has no value to import: the cell is reported, nothing committed;
    a formula-looking text in CSV is kept as text (and escaped again on export)."""
    rows = importer.rows(world)
    before = importer.count(world)
    report = importer.run(world, xlsx_bytes(rows, formula_in=importer.text_column), "formula.xlsx")
    assert not report.committed and importer.count(world) == before
    assert [(p.line, p.column) for p in report.problems] == [(3, importer.text_column)], [
        str(p) for p in report.problems
    ]


@pytest.mark.parametrize("case", ["empty", "50 MB", "zip bomb"])
def test_unreadable_files_are_refused_clearly(world, importer, case):
    name, data, error = {
        "empty": ("empty.csv", b"", EmptyFileError),
        "50 MB": ("big.csv", b"a,b\n" + b"1,2\n" * (50 * 2**20 // 4), FileTooLargeError),
        "zip bomb": ("bomb.xlsx", zip_bomb(), FileTooLargeError),
    }[case]
    before = importer.count(world)
    with pytest.raises(ImportFileError) as raised:
        importer.run(world, data, name)
    assert isinstance(raised.value, error) and str(raised.value)
    assert importer.count(world) == before
