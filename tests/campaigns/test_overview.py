"""This app's panel on the overview pages: participation, alerts, scope per role."""

import pytest

from tests.campaigns.helpers import make_alert, make_campaign, record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_participation_and_alerts_by_role(world, client):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b], title="七八保险公众宣传日")
    record(world, campaign, audience=300)
    make_alert(world, organisation=world.org_b, severity="critical")
    pages = {
        role: client_for(client, world.users[role]).get("/overview/").content.decode()
        for role in ("member_a_manager", "member_b", "regulator_x", "regulator_y")
    }
    staff = client_for(client, world.users["staff"]).get("/staff/").content.decode()
    for page in (pages["member_a_manager"], pages["regulator_x"], staff):
        assert 'id="panel-campaigns"' in page and "七八保险公众宣传日" in page
    assert "七八保险公众宣传日" not in pages["regulator_y"]
    # member B sees its own alert; member A does not; staff see it in the "not acknowledged" queue
    assert 'id="table-open-alerts"' in pages["member_b"] and world.org_b.name in pages["member_b"]
    assert 'id="table-open-alerts"' not in pages["member_a_manager"]
    assert 'id="table-unacknowledged-alerts"' in staff


def test_participation_table_counts_members_with_activities(world, client):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b])
    record(world, campaign, audience=300)
    c = client_for(client, world.users["staff"])
    response = c.get("/overview/export/campaign-participation.xlsx?period=month")
    assert response.status_code == 200
    import io

    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    row = next(r for r in rows if r and r[0] == campaign.title)
    assert row[2:4] == (2, 1) and row[6] == 300
