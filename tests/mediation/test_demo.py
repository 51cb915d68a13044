import pytest
from django.core.management import call_command

from mediation.models import Case, PublishedStatistics, StatisticsBaseline

pytestmark = pytest.mark.django_db


def test_seed_demo_includes_cases_at_several_stages(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    assert Case.objects.count() == 4
    assert set(Case.objects.values_list("status", flat=True)) >= {"received", "succeeded"}
    # the published totals before the portal, and last month published once
    assert StatisticsBaseline.objects.count() == 4 and PublishedStatistics.objects.count() == 1
