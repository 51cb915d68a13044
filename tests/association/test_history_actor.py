"""Every history row names its actor: a person for requests and for tasks a person started, the
task's name for scheduled work (association.audit)."""

import datetime as dt

import pghistory.models
import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from association.choices import ObligationKind
from association.models import ContactPerson, ReminderLog
from association.services.contacts import contact_update
from association.services.obligations import obligation_create
from association.tasks import reminders_sweep_task
from config.celery_app import app
from tests.conftest import client_for


def _events(model, **filters):
    return pghistory.models.Events.objects.filter(pgh_model=f"{model._meta.app_label}.{model.__name__}Event", **filters)


@pytest.mark.django_db
def test_portal_write_names_the_person(world, client):
    manager = world.users["member_a_manager"]
    c = client_for(client, manager)
    url = f"/organisations/{world.org_a.pk}/contacts/{world.contact_a.duty}/{world.contact_a.slot}/"
    response = c.post(
        url,
        {"name": "新联系人", "position": "经理", "phone": "13900001111", "office_phone": "", "email": "n@example.org",
         "effective_from": "2026-11-02"},
    )  # fmt: skip
    assert response.status_code == 302
    event = pghistory.models.Events.objects.tracks(world.contact_a).filter(pgh_label="update").get()
    assert event.pgh_context["user"] == manager.pk
    assert event.pgh_context["url"] == url


@pytest.mark.django_db
def test_api_write_names_the_person(world, client):
    manager = world.users["member_a_manager"]
    c = client_for(client, manager)
    response = c.patch(
        f"/api/v1/contacts/{world.contact_a.pk}/", {"position": "副经理"}, content_type="application/json"
    )
    assert response.status_code == 200
    event = pghistory.models.Events.objects.tracks(world.contact_a).filter(pgh_label="update").get()
    assert event.pgh_context["user"] == manager.pk


@pytest.mark.django_db
def test_service_called_outside_a_request_names_its_actor(world):
    """A shell, a test or a task calling a service with ``actor=`` is recorded under that person."""
    staff = world.users["staff"]
    contact_update(actor=staff, contact=ContactPerson.objects.get(pk=world.contact_b.pk), position="总经理")
    event = pghistory.models.Events.objects.tracks(world.contact_b).filter(pgh_label="update").get()
    assert event.pgh_context["user"] == staff.pk


@pytest.mark.django_db
def test_scheduled_reminder_sweep_names_the_task(world):
    now = timezone.now()
    obligation = obligation_create(
        organisation=world.org_a, kind=ObligationKind.NOTICE_REPLY, title="月报", due_at=now - dt.timedelta(minutes=1)
    )
    result = reminders_sweep_task.apply()  # as beat would start it: nobody's request
    assert result.successful(), result.traceback
    log = ReminderLog.objects.filter(obligation=obligation).first()
    assert log is not None
    event = _events(ReminderLog, pgh_obj_id=log.pk, pgh_label="insert").get()
    assert event.pgh_context["task"] == "association.tasks.reminders_sweep_task"
    assert "user" not in event.pgh_context


@pytest.fixture
def worker(settings):
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_import_in_a_worker_names_the_person_who_uploaded(world, worker):
    from mediation.models import Case, CaseImportJob
    from mediation.services.imports import case_import_job_create

    staff = world.users["staff"]
    header = "source,channel,consumer_name,respondent_credit_code,line,amount_in_dispute,received_on,status"
    body = f"{header}\ncomplaint,hotline,张三,{world.org_a.credit_code},auto,100,2023-05-01,failed\n"
    job = case_import_job_create(actor=staff, file=SimpleUploadedFile("cases.csv", body.encode()))
    deadline = timezone.now() + dt.timedelta(seconds=60)
    while timezone.now() < deadline:
        job.refresh_from_db()
        if job.status in (CaseImportJob.Status.DONE, CaseImportJob.Status.FAILED):
            break
    assert job.status == CaseImportJob.Status.DONE, job.problems
    case = Case.objects.get()
    event = pghistory.models.Events.objects.tracks(case).filter(pgh_label="insert").get()
    assert event.pgh_context["user"] == staff.pk
    assert event.pgh_context["task"] == "mediation.tasks.case_import_task"
