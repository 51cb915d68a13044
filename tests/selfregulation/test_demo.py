import pytest
from django.core.management import call_command

from association.models import User
from selfregulation.models import Circular, Finding, Inspection, MonitoringWarning, MonthlyReturn
from selfregulation.selectors import finding_list

pytestmark = pytest.mark.django_db


def test_seed_demo_shows_the_app_working(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    assert set(Inspection.objects.values_list("status", flat=True)) >= {
        "closed",
        "report_issued",
        "in_progress",
        "planned",
    }
    assert Inspection.objects.filter(kind="recheck").count() == 1
    assert Circular.objects.filter(notice__isnull=False).count() == 1
    assert MonthlyReturn.objects.count() == 24
    assert MonitoringWarning.objects.exists()
    repeats = [f for f in finding_list(user=User.objects.get(username="staff")) if f.repeat_count]
    assert len(repeats) == 1 and Finding.objects.count() == 4
