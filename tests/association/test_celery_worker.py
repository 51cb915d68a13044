"""A real Celery worker, consuming from the real Redis broker, runs the gap-report task."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from association.choices import Role
from association.tasks import contact_gap_report_task, ping
from config.celery_app import app
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_worker_runs_a_task_through_redis(worker):
    assert ping.delay().get(timeout=30) == "pong"


def test_worker_sends_the_gap_report(worker):
    association = OrganisationFactory(kind="association", membership_status="not_member")
    staff = UserFactory(username="gapstaff", email="staff@example.org")
    MembershipFactory(user=staff, organisation=association, role=Role.STAFF)
    OrganisationFactory(name="缺联系人财险新疆分公司")
    result = contact_gap_report_task.delay()
    assert result.get(timeout=30) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["staff@example.org"]
    assert "缺联系人财险新疆分公司" in mail.outbox[0].body


def test_beat_schedule_is_editable_data(db):
    """The migration's schedule rows (re-created here: transactional tests above flush the tables)."""
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("association.migrations.0002_beat_schedules")
    migration.create(apps, None)
    migration.create(apps, None)  # idempotent
    task = PeriodicTask.objects.get(task="association.tasks.contact_gap_report_task")
    assert task.enabled and str(task.crontab.timezone) == "Asia/Shanghai"
    from config.celery_app import app as celery_app

    assert "association.tasks.contact_gap_report_task" in celery_app.tasks
