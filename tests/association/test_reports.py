"""Scheduled reports: the monthly compliance report, its files, its audience, its e-mails, the portal pages."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from association.choices import ObligationKind, ObligationStatus
from association.models import GeneratedReport, OutboundEmail, ReportSubscription
from association.reports import compliance, services
from association.reports.compliance import KIND, previous_month
from association.reports.registry import Column, ReportTable, Target, get_kind
from association.reports.services import report_generate, report_recipients
from association.reports.tasks import monthly_compliance_report_task
from association.reports.writers import HEADER_ROW, write_pdf, write_xlsx
from association.selectors.obligations import compliance_rows
from association.services.obligations import obligation_create
from association.services.outbox import outbox_deliver
from tests.conftest import client_for
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

BJ = ZoneInfo("Asia/Shanghai")
JAN_START, JAN_END = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
NOW = dt.datetime(2026, 2, 1, 6, 0, tzinfo=BJ)


def bj(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _obligation(org, due_at, *, submitted_at=None, status=None):
    ob = obligation_create(organisation=org, kind=ObligationKind.DATA_RETURN, title="月度数据报送", due_at=due_at)
    if submitted_at is not None or status is not None:
        ob.submitted_at = submitted_at
        ob.status = status or ObligationStatus.SUBMITTED
        ob.save(update_fields=["submitted_at", "status"])
    return ob


@pytest.fixture
def data(world):
    """A small known set of January obligations, e-mail addresses, and a company in prefecture Y."""
    for key, user in world.users.items():
        if user is not None:
            user.email = f"{key}@example.org"
            user.save(update_fields=["email"])
    org_c = OrganisationFactory(name="丙人寿喀什中心支公司", short_name="丙人寿", region=world.region_y)
    # A (Urumqi): on time, late, overdue; outside the period and cancelled ones do not count
    _obligation(world.org_a, bj(2026, 1, 10, 12), submitted_at=bj(2026, 1, 9, 9))
    _obligation(world.org_a, bj(2026, 1, 20, 18), submitted_at=bj(2026, 1, 21, 9), status=ObligationStatus.ACCEPTED)
    _obligation(world.org_a, bj(2026, 1, 31, 23))
    _obligation(world.org_a, bj(2026, 2, 5, 18))
    _obligation(world.org_a, bj(2026, 1, 15, 18), status=ObligationStatus.CANCELLED)
    # A's branch (prefecture X): Beijing-day boundaries; on time, overdue
    _obligation(world.org_a_branch, bj(2025, 12, 31, 23, 59), submitted_at=bj(2025, 12, 30, 9))
    _obligation(world.org_a_branch, bj(2026, 1, 1, 0, 0))
    _obligation(world.org_a_branch, bj(2026, 1, 5, 18), submitted_at=bj(2026, 1, 5, 17))
    # B (prefecture X): submitted exactly at the deadline = on time; C (prefecture Y): late
    _obligation(world.org_b, bj(2026, 1, 31, 23, 59, 59), submitted_at=bj(2026, 1, 31, 23, 59, 59))
    _obligation(org_c, bj(2026, 1, 12, 18), submitted_at=bj(2026, 1, 13, 9))
    return org_c


# name -> (due, on time, late, overdue, pending, on-time rate)
EXPECTED = {
    "甲财险新疆分公司": (3, 1, 1, 1, 0, 1 / 3),
    "甲财险伊犁中心支公司": (2, 1, 0, 1, 0, 0.5),
    "乙财险新疆分公司": (1, 1, 0, 0, 0, 1.0),
    "丙人寿喀什中心支公司": (1, 0, 1, 0, 0, 0.0),
}


def generate():
    return report_generate(kind=KIND, period_start=JAN_START, period_end=JAN_END, now=NOW)


def by_region(reports, region, fmt):
    return next(r for r in reports if r.region_id == region.pk and r.file_format == fmt)


def xlsx_rows(report) -> dict:
    with report.file.open("rb") as f:
        ws = openpyxl.load_workbook(io.BytesIO(f.read())).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = HEADER_ROW - 1  # after the title rows
    return {
        "title": rows[:header],
        "header": rows[header],
        "rows": {r[0]: r[2:] for r in rows[header + 1 : -1]},
        "totals": rows[-1],
        "sheet": ws,
    }


def emails_to(address) -> list[OutboundEmail]:
    return [e for e in OutboundEmail.objects.order_by("pk") if address in e.to]


# --- period --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (dt.date(2026, 2, 1), dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (dt.date(2026, 1, 15), dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        (dt.date(2024, 3, 31), dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (dt.date(2026, 3, 1), dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    ],
)
def test_previous_month(today, start, end):
    assert previous_month(today) == (start, end)


# --- generation ----------------------------------------------------------------------------------


def test_generates_province_and_prefectures_with_a_regulator_office_in_both_formats(world, data):
    reports = generate()
    # province + X + Y (Urumqi has no regulator office), xlsx and PDF each
    assert {(r.region.code, r.file_format) for r in reports} == {
        (code, fmt) for code in ("650000", "654000", "653100") for fmt in ("xlsx", "pdf")
    }
    assert all(r.audience_regulators and r.kind == KIND for r in reports)
    assert all(default_storage.exists(r.file.name) for r in reports)
    assert GeneratedReport.objects.count() == 6


def test_generation_is_idempotent(world, data, media):
    first = generate()
    emails = OutboundEmail.objects.count()
    files = sorted(p for p in media.rglob("*") if p.is_file())
    second = generate()
    assert sorted(r.pk for r in second) == sorted(r.pk for r in first)
    assert GeneratedReport.objects.count() == 6
    assert OutboundEmail.objects.count() == emails > 0
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files


def test_a_concurrent_run_that_loses_the_insert_keeps_the_winner_and_its_file(world, data, media):
    """The race path: the row appeared between the check and the insert (another worker committed it)."""
    reports = generate()
    emails = OutboundEmail.objects.count()
    files = sorted(p for p in media.rglob("*") if p.is_file())
    winner = by_region(reports, world.region_x, "pdf")
    lookup = {"kind": KIND, "period_start": JAN_START, "period_end": JAN_END, "region": world.region_x}
    table = get_kind(KIND).build(JAN_START, JAN_END, world.region_x, NOW)
    stored = []
    report, is_new = services._store(lookup, Target(world.region_x, True), "pdf", table, NOW, stored)
    assert (report.pk, is_new, stored) == (winner.pk, False, [])
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files  # the loser's file is removed
    assert OutboundEmail.objects.count() == emails


def test_a_failure_rolls_back_rows_emails_and_files(world, data, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(OutboundEmail.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        generate()
    assert GeneratedReport.objects.count() == 0
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_xlsx_figures_match_the_compliance_figures(world, data):
    reports = generate()
    province = xlsx_rows(by_region(reports, world.province, "xlsx"))
    assert len(province["header"]) == 8  # organisation, region, five counts, the rate
    assert set(province["rows"]) == set(EXPECTED)
    for name, (due, on_time, late, overdue, pending, rate) in EXPECTED.items():
        row = province["rows"][name]
        assert row[:5] == (due, on_time, late, overdue, pending)
        assert row[5] == pytest.approx(rate)
    assert province["totals"][2:7] == (7, 3, 2, 2, 0)
    assert province["totals"][7] == pytest.approx(3 / 7)
    # the same figures as the portal's compliance table (a staff user's unrestricted scope)
    portal = compliance_rows(user=world.users["staff"], start=JAN_START, end=JAN_END, now=NOW)
    assert {o.name: (o.due, o.on_time, o.late, o.overdue, o.pending) for o in portal} == {
        name: figures[:5] for name, figures in EXPECTED.items()
    }


def test_xlsx_types_formats_and_widths(world, data):
    report = by_region(generate(), world.province, "xlsx")
    sheet = xlsx_rows(report)
    ws = sheet["sheet"]
    assert ws["C4"].data_type == "n" and isinstance(ws["C4"].value, int) and ws["C4"].number_format == "#,##0"
    assert ws["H4"].number_format == "0.0%" and isinstance(ws["H4"].value, int | float)
    assert ws.freeze_panes == "A4"
    (title,), (meta,) = ({v for v in row if v} for row in sheet["title"])  # what, period, scope, when
    assert title == report.title or title in report.title
    assert "2026-01" in meta and "2026-" in meta.rsplit("·", 1)[-1]
    assert ws.column_dimensions["A"].width >= 20  # wide enough for a Chinese company name
    assert ws.title == "2026-01" and len(ws.parent.sheetnames) == 2  # the data, then "About"


def test_each_prefecture_report_holds_only_its_region(world, data):
    reports = generate()
    x = xlsx_rows(by_region(reports, world.region_x, "xlsx"))
    y = xlsx_rows(by_region(reports, world.region_y, "xlsx"))
    assert set(x["rows"]) == {"甲财险伊犁中心支公司", "乙财险新疆分公司"}
    assert set(y["rows"]) == {"丙人寿喀什中心支公司"}


def test_pdf_is_a_pdf_with_the_chinese_cid_font(world, data):
    report = by_region(generate(), world.region_x, "pdf")
    with report.file.open("rb") as f:
        content = f.read()
    assert content.startswith(b"%PDF")
    assert b"STSong-Light" in content
    assert "伊犁哈萨克自治州" in report.title


def test_writers_never_write_a_formula_and_escape_pdf_markup():
    table = ReportTable(
        title="测试 · <b>&",
        period_label="2026-01",
        region_label="新疆",
        generated_at=NOW,
        columns=[Column("Name"), Column("Due", "int"), Column("Rate", "percent")],
        rows=[['=HYPERLINK("http://x")\x07', 1, None]],
        totals=None,
    )
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx(table))).worksheets[0]
    assert ws["A1"].data_type == "s" and ws["A1"].value == "测试 · <b>&"  # the title row
    assert ws["A4"].data_type == "s" and ws["A4"].value == '=HYPERLINK("http://x")'
    assert ws["C4"].value is None
    assert write_pdf(table).startswith(b"%PDF")


def test_generated_time_is_beijing_time(world, data):
    utc_now = dt.datetime(2026, 1, 31, 22, 30, tzinfo=dt.UTC)  # 06:30 on 1 February in Beijing
    table = get_kind(KIND).build(JAN_START, JAN_END, world.province, utc_now)
    with translation.override("en"):
        from association.reports.writers import generated_label

        assert generated_label(table) == "Generated at 2026-02-01 06:30 (Beijing time)"


# --- audience and e-mails ------------------------------------------------------------------------


def test_emails_go_to_the_default_audience_and_visible_subscribers_once(world, data):
    for key in ("member_a_manager", "regulator_x", "regulator_province"):
        ReportSubscription.objects.create(user=world.users[key], kind=KIND)
    reports = generate()
    recipients = {
        code: {u.username for u in report_recipients(next(r for r in reports if r.region.code == code))}
        for code in ("650000", "654000", "653100")
    }
    assert recipients == {
        "650000": {"staff", "regulator_province"},
        "654000": {"regulator_x", "regulator_province"},  # the bureau subscribed: it gets each prefecture's
        "653100": {"regulator_y", "regulator_province"},
    }
    assert OutboundEmail.objects.count() == 6 * 2  # two recipients for each of the six files
    assert all(len(e.to) == 1 for e in OutboundEmail.objects.all())
    assert emails_to("member_a_manager@example.org") == []  # subscribed but may not see reports
    assert emails_to("mediator@example.org") == []
    generate()
    assert OutboundEmail.objects.count() == 12


def test_regulator_of_y_neither_sees_nor_receives_x(world, data):
    reports = generate()
    x_ids = {r.pk for r in reports if r.region_id == world.region_x.pk}
    y_ids = {r.pk for r in reports if r.region_id == world.region_y.pk}
    visible = set(GeneratedReport.objects.visible_to(world.users["regulator_y"]).values_list("pk", flat=True))
    assert visible == y_ids
    attached = {e.attachment_path for e in emails_to("regulator_y@example.org")}
    assert attached == {r.file.path for r in reports if r.pk in y_ids}
    assert not attached & {r.file.path for r in reports if r.pk in x_ids}
    assert {e.attachment_path for e in emails_to("regulator_x@example.org")} == {
        r.file.path for r in reports if r.pk in x_ids
    }


def test_queued_emails_are_delivered_with_the_file_attached(world, data):
    generate()
    assert outbox_deliver() == OutboundEmail.objects.count() == 8
    message = next(m for m in mail.outbox if m.to == ["regulator_x@example.org"] and "(PDF)" in m.subject)
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".pdf") and mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert "伊犁哈萨克自治州" in message.subject


def test_users_without_an_address_are_skipped(world):
    reports = generate()  # no addresses in the plain world
    assert reports and OutboundEmail.objects.count() == 0


# --- task ----------------------------------------------------------------------------------------


def test_task_generates_last_month(world, data):
    ids = monthly_compliance_report_task()
    start, end = previous_month(timezone.localdate())
    reports = GeneratedReport.objects.filter(pk__in=ids)
    assert len(ids) == 6
    assert {(r.period_start, r.period_end) for r in reports} == {(start, end)}
    assert monthly_compliance_report_task() == ids  # a retry or a second beat run changes nothing


def test_task_for_a_given_month_runs_through_celery_locally(world, data):
    ids = monthly_compliance_report_task.apply(args=(2026, 1)).get()
    reports = GeneratedReport.objects.filter(pk__in=ids)
    assert {(r.period_start, r.period_end) for r in reports} == {(JAN_START, JAN_END)}
    assert monthly_compliance_report_task.acks_late is True


# --- portal --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "regions"),
    [
        ("staff", {"650000", "654000", "653100"}),
        ("regulator_province", {"650000", "654000", "653100"}),
        ("regulator_x", {"654000"}),
        ("regulator_y", {"653100"}),
    ],
)
def test_list_shows_what_the_role_may_see(world, data, client, role, regions, django_assert_max_num_queries):
    reports = generate()
    c = client_for(client, world.users[role])
    with django_assert_max_num_queries(12):
        response = c.get("/reports/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    listed = {r.pk for r in response.context["reports"]}
    assert listed == {r.pk for r in reports if r.region.code in regions}
    page = response.content.decode()
    for r in reports:
        assert (f"/reports/{r.pk}/download/" in page) is (r.pk in listed)


def test_list_query_count_does_not_grow_with_rows(world, data, client, django_assert_max_num_queries):
    generate()
    report_generate(kind=KIND, period_start=dt.date(2025, 12, 1), period_end=dt.date(2025, 12, 31), now=NOW)
    c = client_for(client, world.users["staff"])
    with django_assert_max_num_queries(12):
        assert c.get("/reports/").status_code == 200


@pytest.mark.parametrize("role", ["mediator", "member_a_manager", "member_b"])
def test_list_is_404_for_users_with_no_access(world, client, role):
    assert client_for(client, world.users[role]).get("/reports/").status_code == 404


def test_empty_list_for_a_regulator_before_the_first_run(world, client):
    c = client_for(client, world.users["regulator_x"])
    with translation.override("en"):
        response = c.get("/reports/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "No reports yet." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("regulator_x", 200),
        ("regulator_province", 200),
        ("regulator_y", 404),
        ("member_a_manager", 404),
        ("mediator", 404),
        ("anonymous", 302),
    ],
)
def test_download(world, data, client, role, status):
    report = by_region(generate(), world.region_x, "pdf")
    response = client_for(client, world.users[role]).get(f"/reports/{report.pk}/download/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_download_of_a_missing_file_is_404(world, data, client):
    report = by_region(generate(), world.region_x, "xlsx")
    report.file.delete(save=False)
    assert client_for(client, world.users["staff"]).get(f"/reports/{report.pk}/download/").status_code == 404


# --- for the isolation matrix ----------------------------------------------------------------------

MATRIX_FILE = "reports/tests/scope-matrix.pdf"


def matrix_report(world) -> GeneratedReport:
    """A report of prefecture X (for tests/association/test_scope_matrix.py): staff, X's regulators and the
    provincial bureau may download it. Its small file lives under MEDIA_ROOT, written once."""
    if not default_storage.exists(MATRIX_FILE):
        default_storage.save(MATRIX_FILE, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    report, _ = GeneratedReport.objects.get_or_create(
        kind=compliance.KIND,
        period_start=JAN_START,
        period_end=JAN_END,
        region=world.region_x,
        file_format="pdf",
        defaults={"title": "scope matrix", "file": MATRIX_FILE, "audience_regulators": True},
    )
    return report
