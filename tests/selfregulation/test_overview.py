"""This app's panel on the overview pages: open rectifications, on-time rate, findings by company."""

import pytest

from tests.conftest import client_for
from tests.selfregulation.helpers import make_finding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_findings_and_rectifications_by_role(world, client):
    make_finding(world)  # against A's branch (region X), rectification demanded
    period = "period=custom&date_from=2026-03-01&date_to=2026-03-31"
    pages = {
        role: client_for(client, world.users[role]).get(f"/overview/?{period}").content.decode()
        for role in ("member_a_manager", "member_b", "regulator_x", "regulator_y")
    }
    for role in ("member_a_manager", "regulator_x"):
        assert 'id="panel-selfregulation"' in pages[role]
        assert 'id="table-findings-by-company"' in pages[role] and world.org_a_branch.name in pages[role]
    assert 'id="table-findings-by-company"' not in pages["member_b"]
    assert 'id="table-findings-by-company"' not in pages["regulator_y"]
    assert 'href="/selfregulation/rectifications/?state=open"' in pages["member_a_manager"]
    staff = client_for(client, world.users["staff"]).get(f"/staff/?{period}").content.decode()
    assert 'href="/selfregulation/rectifications/?state=review"' in staff
