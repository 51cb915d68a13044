"""Staff change the publicity evaluation rules in the admin; the scores are recomputed after the commit."""

from decimal import Decimal

import pytest

from campaigns.models import CampaignScore, ScoringRuleSet
from campaigns.tasks import scores_recompute_for_rules_task
from tests.campaigns.helpers import make_campaign, record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FIELDS = [
    "name",
    "valid_from_year",
    "mainstream_bonus",
    "original_bonus",
    "views_step",
    "views_points",
    "views_cap",
    "late_factor",
    "missing_penalty",
]


def test_changing_the_rules_in_the_admin_recomputes(world, client, monkeypatch, django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr(
        scores_recompute_for_rules_task, "delay", lambda pk: calls.append(pk) or scores_recompute_for_rules_task(pk)
    )
    campaign = make_campaign(world)
    record(world, campaign, kind="community")
    rules = ScoringRuleSet.objects.get(valid_from_year=2020)
    data = {f: str(getattr(rules, f)) for f in FIELDS} | {"campaign_cap": ""}
    items = list(rules.items.order_by("pk"))
    data |= {
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        points = "10.0" if item.item == "activity:community" else str(item.points)
        data |= {
            f"items-{i}-id": str(item.pk),
            f"items-{i}-rule_set": str(rules.pk),
            f"items-{i}-item": item.item,
            f"items-{i}-points": points,
            f"items-{i}-max_count": "" if item.max_count is None else str(item.max_count),
        }
    c = client_for(client, world.users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/admin/campaigns/scoringruleset/{rules.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert calls == [rules.pk]
    # community 10, and -2 for the plan that was due yesterday
    assert CampaignScore.objects.get(campaign=campaign, organisation=world.org_a_branch).total == Decimal("8.0")
