import pytest
from django.core.management import call_command

from disasters.models import Event, LossReport, Response

pytestmark = pytest.mark.django_db


def test_seed_demo_includes_a_graded_event_with_reports():
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    event = Event.objects.get()
    assert event.computed_grade == "II"
    assert Response.objects.filter(event=event, terminated_at__isnull=True, level="II").exists()
    assert LossReport.objects.filter(event=event).count() >= 4
