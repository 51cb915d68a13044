import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from association.models import Obligation
from selfregulation.models import Circular, Finding, Inspection, MonthlyReturn, TeamMember
from tests.conftest import client_for
from tests.selfregulation.helpers import (
    FIGURES,
    borrowed_inspector,
    make_finding,
    make_inspection,
    matrix_report,
    pdf_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_staff_plan_record_find_and_circulate(world, client):
    c = client_for(client, world.users["staff"])
    from tests.selfregulation.helpers import checklist

    response = c.post(
        "/selfregulation/inspections/new/",
        {
            "title": "2026年中介服务质量现场测评",
            "kind": "on_site",
            "line": "intermediary",
            "checklist": checklist("intermediary-service-quality").pk,
            "planned_start": "2026-05-06",
            "planned_end": "2026-05-20",
            "organisations": [world.org_a_branch.pk, world.org_b.pk],
        },
    )
    inspection = Inspection.objects.get(title="2026年中介服务质量现场测评")
    assert response.status_code == 302
    url = f"/selfregulation/inspections/{inspection.pk}/"
    lent = borrowed_inspector(world.org_a, "lent")
    c.post(url + "action/", {"action": "team", "user": lent.pk, "role": "member"})
    assert not TeamMember.objects.filter(user=lent).exists()  # own company is inspected
    c.post(url + "action/", {"action": "advance", "to": "in_progress"})
    target = inspection.targets.get(organisation=world.org_b)
    items = list(inspection.checklist.items.all())
    data = {f"score_{i.pk}": "4" for i in items} | {f"evidence_{items[0].pk}": pdf_file("照片.pdf")}
    c.post(f"{url}targets/{target.pk}/", data)
    target.refresh_from_db()
    assert target.total_score == 4 * len(items)
    c.post(
        url + "action/",
        {
            "action": "finding",
            "target": target.pk,
            "item": items[2].pk,
            "severity": "serious",
            "description": "未如实告知免责条款",
            "rectify_by": (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    finding = Finding.objects.get()
    assert finding.rectification.obligation.organisation == world.org_b
    c.post(
        url + "action/",
        {
            "action": "measure",
            "organisation": world.org_b.pk,
            "measure": "warning",
            "reason": "销售误导",
            "decided_by": "自律委员会",
            "decided_on": "2026-05-21",
            "findings": [finding.pk],
        },
    )
    c.post(url + "action/", {"action": "circular", "reference": "新保协〔2026〕8号"})
    circular = Circular.objects.get()
    page = c.get(url).content.decode()
    assert "未如实告知免责条款" in page and "新保协〔2026〕8号" in page
    c.post(url + "action/", {"action": "issue_circular", "circular": circular.pk})
    circular.refresh_from_db()
    assert circular.notice is not None
    pdf = client_for(client, world.users["member_b"]).get(f"/selfregulation/circulars/{circular.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_member_hands_in_self_inspection_and_staff_accept(world, client):
    inspection = make_inspection(world, kind="self")
    target = inspection.targets.get()
    c = client_for(client, world.users["member_a_reporter"])
    url = f"/selfregulation/inspections/{inspection.pk}/targets/{target.pk}/"
    page = c.get(url).content.decode()
    assert 'id="hand-in"' in page
    scores = {f"score_{i.pk}": "8" for i in inspection.checklist.items.all()}
    c.post(url, {**scores, "hand_in": "1", "text": "已完成自查"})
    assert Obligation.objects.get(pk=target.obligation_id).status == "submitted"
    staff = client_for(client, world.users["staff"])
    staff.post(
        f"/selfregulation/inspections/{inspection.pk}/action/",
        {"action": "review_self", "target": target.pk, "decision": "accept"},
    )
    assert Obligation.objects.get(pk=target.obligation_id).status == "accepted"


def test_member_submits_rectification_in_the_portal(world, client):
    finding = make_finding(world)
    c = client_for(client, world.users["member_a_manager"])
    home = c.get("/selfregulation/")
    assert home.context["attention"]["rect_open"] == 1
    assert client_for(client, world.users["member_b"]).get("/selfregulation/").context["attention"]["rect_open"] == 0
    c = client_for(client, world.users["member_a_manager"])
    page = c.get(f"/selfregulation/findings/{finding.pk}/").content.decode()
    assert 'id="rectification-submit"' in page
    c.post(
        f"/selfregulation/findings/{finding.pk}/rectification/",
        {"action": "submit", "text": "已整改", "files": pdf_file()},
    )
    assert Obligation.objects.get(pk=finding.rectification.obligation_id).status == "submitted"
    # the regulator reads it and has no buttons
    page = (
        client_for(client, world.users["regulator_x"]).get(f"/selfregulation/findings/{finding.pk}/").content.decode()
    )
    assert "已整改" in page and 'id="rectification-submit"' not in page and 'id="rectification-review"' not in page


def test_lists_show_only_what_the_role_may_see(world, client):
    make_finding(world)
    other = make_inspection(world, orgs=[world.org_b], title="乙公司专项检查")
    make_finding(world, other)
    for role, sees_a, sees_b in [
        ("member_a_reporter", True, False),
        ("member_b", False, True),
        ("regulator_y", False, False),
        ("regulator_x", True, True),
    ]:
        c = client_for(client, world.users[role])
        home = c.get("/selfregulation/").content.decode()
        assert ("2026年消保自律检查" in home) is sees_a, role
        assert ("乙公司专项检查" in home) is sees_b, role
        findings = c.get("/selfregulation/findings/").content.decode()
        assert (world.org_a_branch.name in findings) is sees_a, role
        assert (world.org_b.name in findings) is sees_b, role


def _xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(["credit_code", "month", *FIGURES])
    for r in rows:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "figures.xlsx"
    return buffer


@pytest.mark.usefixtures("english")
def test_returns_form_upload_and_report(world, client):
    c = client_for(client, world.users["member_a_manager"])
    c.post("/selfregulation/monitoring/", {"organisation": world.org_a.pk, "month": "2026-03", **FIGURES})
    assert MonthlyReturn.objects.filter(organisation=world.org_a).count() == 1
    response = c.post(
        "/selfregulation/monitoring/",
        {"organisation": world.org_a.pk, "month": "2026-03", **FIGURES, "combined_cost_ratio": "400"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "out of range" in response.content.decode()
    bad = _xlsx(
        [[world.org_a.credit_code, "2026-04", *FIGURES.values()], [world.org_a.credit_code, "x", *FIGURES.values()]]
    )
    response = c.post("/selfregulation/monitoring/upload/", {"file": bad}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "line 3, column month" in response.content.decode()
    assert MonthlyReturn.objects.count() == 1
    good = _xlsx([[world.org_a.credit_code, "2026-04", *FIGURES.values()]])
    c.post("/selfregulation/monitoring/upload/", {"file": good})
    assert MonthlyReturn.objects.count() == 2
    report = matrix_report(world)
    staff = client_for(client, world.users["staff"])
    assert staff.get(f"/selfregulation/monitoring/reports/{report.pk}/?format=pdf").content.startswith(b"%PDF")
    assert (
        client_for(client, world.users["member_b"])
        .get(f"/selfregulation/monitoring/reports/{report.pk}/?format=xlsx")
        .status_code
        == 404
    )


def test_statistics_page(world, client):
    make_finding(world)
    c = client_for(client, world.users["staff"])
    response = c.get("/selfregulation/statistics/?date_from=2026-01-01&date_to=2026-12-31")
    body = response.content.decode()
    assert response.status_code == 200 and "score-chart-data" in body and "CP-3.1" in body
    assert c.get("/selfregulation/statistics/?date_from=bad").status_code == 200


def test_page_query_counts_are_constant(world, client, django_assert_max_num_queries):
    inspection = make_inspection(world, orgs=[world.org_a_branch, world.org_b])
    for target in inspection.targets.all():
        for code in ("CP-1.1", "CP-2.1", "CP-3.1"):
            make_finding(world, inspection, target=target, item_code=code)
    c = client_for(client, world.users["staff"])
    for url in [
        "/selfregulation/",
        "/selfregulation/findings/",
        "/selfregulation/rectifications/",
        f"/selfregulation/inspections/{inspection.pk}/",
    ]:
        with django_assert_max_num_queries(22):
            assert c.get(url).status_code == 200


def report_title(report) -> str:
    from django.utils import translation

    from selfregulation.reports import monitoring_table

    with translation.override("zh-hans"):
        return monitoring_table(report, now=report.generated_at).title


def test_report_rows_follow_the_scope(world, client):
    from selfregulation.services.monitoring import monitoring_analyse, return_submit

    for org in (world.org_a, world.org_b):
        return_submit(organisation=org, period=dt.date(2026, 2, 1), figures=FIGURES, actor=world.users["staff"])
    report = monitoring_analyse(period=dt.date(2026, 2, 1), notify=False)
    url = f"/selfregulation/monitoring/reports/{report.pk}/"
    for role, a, b in [
        ("member_a_manager", True, False),
        ("regulator_x", False, True),  # org_a is in Urumqi, org_b in region X
        ("regulator_province", True, True),
        ("staff", True, True),
    ]:
        table = client_for(client, world.users[role]).get(url).content.decode().split('id="company-figures"')[1]
        assert (world.org_a.name in table) is a, role
        assert (world.org_b.name in table) is b, role
    assert client_for(client, world.users["regulator_x"]).get(url + "?format=xlsx").status_code == 404
    xlsx = client_for(client, world.users["regulator_province"]).get(url + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    # issue 15, point 8: amounts in yuan with separators, ratios as percentages, numbers as numbers
    table = client_for(client, world.users["staff"]).get(url).content.decode().split('id="company-figures"')[1]
    assert ">12,000,000.00<" in table and "28.50%" in table and ">8,000<" in table
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == report_title(report) and "2026-02" in rows[1][0]  # the title row, then period and when
    first = rows[3]
    assert (first[1], first[2], first[3]) == (12000000, 8000, 7000000) and first[4] == pytest.approx(0.285)
    assert sheet["B4"].number_format == "#,##0.00" and sheet["E4"].number_format == "0.00%"
    assert rows[-1][1] == 24000000 and rows[-1][4] == pytest.approx(0.285)  # the industry's totals
