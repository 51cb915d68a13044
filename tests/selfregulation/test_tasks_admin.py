import datetime as dt

import pytest
from django_celery_beat.models import PeriodicTask

from association.models import Obligation
from selfregulation.models import MonitoringReport
from selfregulation.services.monitoring import return_submit
from selfregulation.tasks import monthly_analysis_task, monthly_returns_open_task
from tests.conftest import client_for
from tests.selfregulation.helpers import FIGURES, make_finding

pytestmark = pytest.mark.django_db


def test_schedules_are_in_the_beat_table():
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"selfregulation.tasks.monthly_returns_open_task", "selfregulation.tasks.monthly_analysis_task"} <= tasks


def test_tasks_are_idempotent(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = world.users["staff"]
    staff.email = "staff@example.org"
    staff.save(update_fields=["email"])
    assert monthly_returns_open_task(2026, 5) == 2
    monthly_returns_open_task(2026, 5)
    assert Obligation.objects.filter(kind="data_return").count() == 2
    return_submit(organisation=world.org_a, period=dt.date(2026, 5, 1), figures=FIGURES, actor=world.users["staff"])
    [first] = monthly_analysis_task(2026, 5)  # the ids of the analyses' current versions
    assert monthly_analysis_task(2026, 5) == [first]
    assert MonitoringReport.objects.get(pk=first).data["summary"]["companies"] == "1"
    from association.models import GeneratedReport, OutboundEmail

    reports = GeneratedReport.objects.filter(kind="selfregulation_market_monthly")
    assert sorted(reports.values_list("file_format", flat=True)) == ["pdf", "xlsx"]
    assert reports.get(file_format="pdf").file.read().startswith(b"%PDF")
    emails = OutboundEmail.objects.filter(to__contains=["staff@example.org"]).count()
    assert emails == 2  # one per format, once
    monthly_analysis_task(2026, 5)
    assert OutboundEmail.objects.filter(to__contains=["staff@example.org"]).count() == emails


def test_admin_pages_open_for_staff(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_finding(world)
    c = client_for(client, world.users["staff"])
    for model in [
        "convention",
        "checklisttemplate",
        "checklistsection",
        "inspection",
        "finding",
        "rectification",
        "disciplinarymeasure",
        "circular",
        "monthlyreturn",
        "anomalyrule",
        "monitoringreport",
    ]:
        assert c.get(f"/admin/selfregulation/{model}/").status_code == 200, model
    from selfregulation.models import ChecklistTemplate, Inspection

    used = ChecklistTemplate.objects.get(code="consumer-protection")
    assert c.get(f"/admin/selfregulation/checklisttemplate/{used.pk}/change/").status_code == 200
    assert c.get(f"/admin/selfregulation/inspection/{Inspection.objects.get().pk}/change/").status_code == 200
    c.post(
        "/admin/selfregulation/checklisttemplate/",
        {"action": "new_version", "_selected_action": [used.pk]},
    )
    assert ChecklistTemplate.objects.get(code="consumer-protection", is_current=True).version == 2
    assert Inspection.objects.get().checklist == used  # the inspection keeps its version


def test_convention_document_is_checked_by_content(world, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from selfregulation.models import Convention

    settings.MEDIA_ROOT = tmp_path
    c = client_for(client, world.users["staff"])
    data = {
        "title": "车险自律约定",
        "line": "auto",
        "version": "2026版",
        "adopted_on": "2026-03-01",
        "summary": "",
        "signatures-TOTAL_FORMS": "0",
        "signatures-INITIAL_FORMS": "0",
    }
    fake = SimpleUploadedFile("约定.pdf", b"MZ not a pdf at all")
    response = c.post("/admin/selfregulation/convention/add/", {**data, "document": fake})
    assert response.status_code == 200 and not Convention.objects.exists()
    real = SimpleUploadedFile("约定.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = c.post("/admin/selfregulation/convention/add/", {**data, "document": real})
    assert response.status_code == 302 and Convention.objects.get().document.name.endswith(".pdf")
