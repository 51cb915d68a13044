import datetime as dt
import io

import openpyxl
import pytest

from association.importing import run_import
from association.models import GeneratedReport, OutboundEmail
from mediation.models import Case, CaseDataAccessLog
from mediation.resources import CaseResource
from mediation.tasks import monthly_mediation_statistics_task
from tests.conftest import client_for
from tests.mediation.helpers import ID_A, assigned_case, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_list_and_detail_are_masked(world, client):
    case = assigned_case(world)
    for role in ["staff", "mediator", "member_a_manager", "regulator_x"]:
        c = client_for(client, world.users[role])
        for url in ["/mediation/cases/", f"/mediation/cases/{case.pk}/"]:
            html = c.get(url).content.decode()
            assert case.number in html and "张*" in html
            assert "12,000.00" in html  # the amount in dispute, yuan with separators
            assert ID_A not in html and "13812341234" not in html
            assert ("6501**********1239" in html) is (role != "member_a_manager")
    assert not CaseDataAccessLog.objects.exists()


def test_show_personal_data_logs(world, client):
    case = assigned_case(world)
    c = client_for(client, world.users["staff"])
    assert "reveal" in c.get(f"/mediation/cases/{case.pk}/").content.decode()
    html = c.post(f"/mediation/cases/{case.pk}/personal-data/", HTTP_HX_REQUEST="true").content.decode()
    assert ID_A in html and "13812341234" in html and "张三" in html
    assert CaseDataAccessLog.objects.filter(case=case, user=world.users["staff"], via="portal").count() == 1
    regulator = client_for(client, world.users["regulator_x"])
    assert "reveal" not in regulator.get(f"/mediation/cases/{case.pk}/").content.decode()


def test_create_form_and_workflow_buttons(world, client):
    c = client_for(client, world.users["staff"])
    response = c.post(
        "/mediation/cases/new/",
        {
            "source": "complaint",
            "channel": "walk_in",
            "consumer_name": "李四",
            "consumer_id_number": "11010519491231002X",
            "consumer_phone": "13900001111",
            "respondent": world.org_b.pk,
            "line": "health",
            "amount_in_dispute": "5000",
            "received_on": "2026-03-02",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.number == "TJ-2026-00001"
    c.post(f"/mediation/cases/{case.pk}/action/", {"action": "accept"})
    response = c.post(f"/mediation/cases/{case.pk}/action/", {"action": "confirm", "ruling_number": "x"}, follow=True)
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == "accepted"
    bad = c.post("/mediation/cases/new/", {"source": "complaint", "consumer_name": "x"})
    assert bad.status_code == 200 and Case.objects.count() == 1


def test_statistics_page_and_xlsx(world, client):
    make_case(world, received_on=dt.date(2026, 3, 2))
    c = client_for(client, world.users["staff"])
    html = c.get("/mediation/statistics/?date_from=2026-01-01&date_to=2026-12-31").content.decode()
    assert "by-source" in html and world.org_a_branch.name in html
    assert ">1.20<" in html  # 12,000 yuan in 10,000 yuan, two decimals
    response = c.get("/mediation/statistics/?date_from=2026-01-01&date_to=2026-12-31&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 1 in values and 1.2 in values  # one case, 1.2 (10,000 yuan), a number


def test_case_list_query_count(world, client, django_assert_max_num_queries):
    assigned_case(world)
    c = client_for(client, world.users["staff"])
    c.get("/mediation/cases/")
    with django_assert_max_num_queries(12) as few:
        c.get("/mediation/cases/")
    for _ in range(5):
        assigned_case(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get("/mediation/cases/")


def test_monthly_report_is_stored_and_emailed_once(world):
    world.users["staff"].email = "staff@example.org"
    world.users["staff"].save()
    make_case(world, received_on=dt.date(2026, 2, 10))
    ids = monthly_mediation_statistics_task(2026, 2)
    again = monthly_mediation_statistics_task(2026, 2)
    assert ids == again and len(ids) == 1
    report = GeneratedReport.objects.get(pk=ids[0])
    assert report.kind == "mediation_monthly" and report.file_format == "xlsx"
    assert (report.period_start, report.period_end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [["staff@example.org"]]


def _csv(rows, encoding="utf-8", extra=""):
    header = (
        "source,court,referral_number,referral_date,channel,consumer_name,consumer_id_number,"
        "respondent_credit_code,line,amount_in_dispute,received_on,status"
    ) + extra
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def test_import_gbk_all_or_nothing(world):
    code = world.org_a.credit_code
    # a success brings the date it succeeded, a confirmation the date of the ruling (the statistics need them)
    good = f"complaint,,,,hotline,张三,{ID_A},{code},auto,1000,2023-05-01,succeeded,2023-05-20,"
    court = (
        f"pre_litigation,乌鲁木齐铁路运输法院,R1,2023-04-01,,李四,,{code},life,2000,2023-04-02,confirmed,"
        "2023-04-20,2023-05-08"
    )
    bad = f"complaint,,,,hotline,王五,110105194912310021,{code},auto,1000,2023-05-01,received,,"
    dates = ",closed_on,ruling_date"
    report = run_import(CaseResource(), _csv([good, bad, court], "gbk", dates), "cases.csv")
    assert not report.committed and Case.objects.count() == 0
    assert [(p.line, p.column) for p in report.problems] == [(3, "consumer_id_number")], [
        str(p) for p in report.problems
    ]
    report = run_import(CaseResource(), _csv([good, court], "gbk", dates), "cases.csv")
    assert report.committed and report.new == 2, [str(p) for p in report.problems]
    assert sorted(Case.objects.values_list("number", "status")) == [
        ("TJ-2023-00001", "succeeded"),
        ("TJ-2023-00002", "confirmed"),
    ]


def test_import_numbers_reserved_in_blocks_around_historic_numbers(world):
    """Rows without a number take the year's next numbers, passing over the historic numbers the file
    brings; a stored number updates that case; rows are bulk-written and still audited."""
    from mediation.models import CaseNumberCounter

    code = world.org_a.credit_code
    header = (
        "number,source,channel,consumer_name,respondent_credit_code,line,amount_in_dispute,received_on,status,closed_on"
    )

    def file(rows):
        return ("\n".join([header, *rows]) + "\n").encode("gb18030")

    rows = [
        f",complaint,hotline,张三,{code},auto,100,2023-05-01,failed,",
        f"TJ-2023-00002,complaint,online,李四,{code},auto,200,2023-01-01,succeeded,2023-02-01",
        f",complaint,hotline,王五,{code},life,300,2023-06-01,failed,",
        f",complaint,walk_in,赵六,{code},health,400,2024-02-01,received,",
    ]
    report = run_import(CaseResource(), file(rows), "cases.csv")
    assert report.committed and report.new == 4, [str(p) for p in report.problems]
    assert sorted(Case.objects.values_list("number", "consumer_name")) == [
        ("TJ-2023-00001", "张三"),
        ("TJ-2023-00002", "李四"),
        ("TJ-2023-00003", "王五"),
        ("TJ-2024-00001", "赵六"),
    ]
    assert dict(CaseNumberCounter.objects.values_list("year", "last")) == {2023: 3, 2024: 1}
    assert all(c.events.filter(pgh_label="insert").count() == 1 for c in Case.objects.all())  # audited

    # a stored number updates its case; a number repeated in the file is an error on the later line,
    # and the failed file leaves the counter where it was
    again = [
        f"TJ-2023-00002,complaint,online,李四,{code},auto,250,2023-01-01,succeeded,2023-02-01",
        rows[0],
        f"TJ-2023-00002,complaint,online,李四,{code},auto,999,2023-01-01,succeeded,2023-02-01",
    ]
    report = run_import(CaseResource(), file(again), "cases.csv")
    assert not report.committed and [(p.line, p.column) for p in report.problems] == [(4, "number")]
    assert dict(CaseNumberCounter.objects.values_list("year", "last")) == {2023: 3, 2024: 1}
    report = run_import(CaseResource(), file(again[:2]), "cases.csv")
    assert report.committed and (report.new, report.updated) == (1, 1), [str(p) for p in report.problems]
    assert Case.objects.get(number="TJ-2023-00002").amount_in_dispute == 250
    assert Case.objects.get(number="TJ-2023-00004").consumer_name == "张三"  # encrypted: compared in Python


def test_background_import_with_progress(world, client, django_capture_on_commit_callbacks, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mediation import tasks
    from mediation.models import CaseImportJob
    from mediation.services.imports import case_import_run, job_progress

    monkeypatch.setattr(tasks.case_import_task, "delay_on_commit", lambda job_id: case_import_run(job_id=job_id))
    code = world.org_a.credit_code
    rows = [f"complaint,,,,online,张三,{ID_A},{code},auto,{n},2023-05-01,failed" for n in range(1, 6)]
    upload = SimpleUploadedFile("历史案件.csv", _csv(rows, "gbk"), content_type="text/csv")
    c = client_for(client, world.users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/admin/mediation/caseimportjob/add/", {"file": upload})
    assert response.status_code == 302
    job = CaseImportJob.objects.get()
    assert (job.status, job.total, job.imported, job_progress(job)) == ("done", 5, 5, 100)
    assert Case.objects.filter(status="failed").count() == 5
    page = c.get(f"/admin/mediation/caseimportjob/{job.pk}/change/").content.decode()
    assert "<progress" in page
    bad = CaseImportJob.objects.create(file=SimpleUploadedFile("x.csv", _csv([rows[0] + ",extra"])))
    bad = case_import_run(job_id=bad.pk)
    assert bad.status == "failed" and bad.problems and Case.objects.count() == 5


def test_admin_pages_and_the_logged_change_view(world, client):
    case = assigned_case(world)
    c = client_for(client, world.users["staff"])
    for url in [
        "/admin/mediation/case/",
        "/admin/mediation/case/add/",
        "/admin/mediation/case/import/",
        "/admin/mediation/casedataaccesslog/",
        "/admin/mediation/caseimportjob/add/",
        "/admin/mediation/casenumbercounter/",
    ]:
        assert c.get(url).status_code == 200, url
    listing = c.get("/admin/mediation/case/").content.decode()
    assert "张*" in listing and ID_A not in listing
    assert c.get(f"/admin/mediation/case/{case.pk}/change/").status_code == 200
    assert CaseDataAccessLog.objects.filter(case=case, via="admin").count() == 1
    response = c.post(
        "/admin/mediation/case/add/",
        {
            "source": "complaint",
            "channel": "online",
            "consumer_name": "李四",
            "respondent": world.org_b.pk,
            "line": "life",
            "amount_in_dispute": "10",
            "received_on": "2026-03-05",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get(number="TJ-2026-00002").consumer_name == "李四"  # encrypted: compared in Python
