import pytest
from django.core.management import call_command

from association.models import User
from selfregulation.models import Circular, Finding, Inspection, MonitoringWarning, MonthlyReturn
from selfregulation.selectors import finding_list
from selfregulation.services.monitoring import reporting_companies

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
    # three months from every reporting company, but for one missed in the latest month
    assert MonthlyReturn.objects.count() == 3 * reporting_companies().count() - 1
    assert MonitoringWarning.objects.exists()
    repeats = [f for f in finding_list(user=User.objects.get(username="staff")) if f.repeat_count]
    assert len(repeats) == 1 and Finding.objects.count() == 4


def test_demo_pages_open_for_every_kind_of_user(settings, tmp_path, client):
    from tests.conftest import client_for

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    report = __import__("selfregulation.models", fromlist=["MonitoringReport"]).MonitoringReport.objects.first()
    pages = [
        "/selfregulation/",
        "/selfregulation/findings/",
        "/selfregulation/rectifications/",
        "/selfregulation/circulars/",
        "/selfregulation/conventions/",
        "/selfregulation/monitoring/",
        f"/selfregulation/monitoring/reports/{report.pk}/",
    ]
    pages += [f"/selfregulation/inspections/{pk}/" for pk in Inspection.objects.values_list("pk", flat=True)]
    for username in ("staff", "picc.manager", "regulator"):
        c = client_for(client, User.objects.get(username=username))
        for url in pages:
            assert c.get(url).status_code in (200, 404), (username, url)
        assert "中国人民财产保险" in c.get("/selfregulation/findings/").content.decode()
    c = client_for(client, User.objects.get(username="staff"))
    assert c.get("/selfregulation/statistics/").status_code == 200
