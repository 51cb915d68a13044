import pytest
from django.core.management import call_command

from campaigns.models import Activity, Campaign, CampaignScore, NewsDraft, OpinionAlert

pytestmark = pytest.mark.django_db


def test_seed_demo_shows_campaigns_working(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    counts = (Campaign.objects.count(), Activity.objects.count(), OpinionAlert.objects.count())
    call_command("seed_demo")  # idempotent
    assert (Campaign.objects.count(), Activity.objects.count(), OpinionAlert.objects.count()) == counts
    assert Campaign.objects.filter(status="active").exists()
    assert Activity.objects.exists() and NewsDraft.objects.filter(status="published").exists()
    assert OpinionAlert.objects.filter(status="closed").exists()
    totals = set(CampaignScore.objects.values_list("total", flat=True))
    assert len(totals) > 3  # members score differently
