"""The generated reports are linked from the navigation for those who may see them, the mediation
statistics from the navigation and the mediation pages (issue 15, point 5)."""

import pytest

from association.reports.selectors import may_see_reports
from tests.conftest import client_for
from tests.mediation.helpers import make_case

pytestmark = pytest.mark.django_db

STATISTICS_READERS = {"staff", "regulator_x", "regulator_y", "regulator_province"}


def test_navigation_links_reports_and_statistics_to_those_who_may_see_them(world, client):
    for role, user in world.users.items():
        page = client_for(client, user).get("/inbox/").content.decode()
        assert ('id="nav-reports" href="/reports/">报表<' in page) == may_see_reports(user), role
        assert ('id="nav-mediation-statistics" href="/mediation/statistics/"' in page) == (role in STATISTICS_READERS)
        if may_see_reports(user):
            assert client_for(client, user).get("/reports/").status_code == 200
    assert may_see_reports(world.users["staff"]) and not may_see_reports(world.users["member_a_manager"])


def test_mediation_pages_link_the_statistics(world, client):
    case = make_case(world)
    staff = client_for(client, world.users["staff"])
    assert 'href="/mediation/statistics/"' in staff.get("/mediation/cases/").content.decode()
    assert (
        'id="case-statistics" href="/mediation/statistics/"'
        in staff.get(f"/mediation/cases/{case.pk}/").content.decode()
    )
    mediator = client_for(client, world.users["mediator"]).get("/mediation/cases/").content.decode()
    assert "/mediation/statistics/" not in mediator  # mediators do not see the statistics
