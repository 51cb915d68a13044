"""Point 6: a sub-bureau sees the disaster figures (totals, timeliness, roll call, API summary, totals over
time) of its own region's companies only, also on an event spanning several prefectures; the provincial
bureau and staff see every affected company."""

import pytest

from disasters.services.loss_reports import loss_report_submit
from tests.conftest import client_for
from tests.disasters.helpers import FIGURES, KNOWN, make_event
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanning(world, shipped_data):
    kashgar = OrganisationFactory(name="丙财险喀什中心支公司", region=world.region_y)
    event = make_event(world, regions=[world.region_x, world.region_y], organisations=[world.org_a_branch, kashgar])
    staff = world.users["staff"]
    loss_report_submit(event=event, organisation=world.org_a_branch, actor=staff, now=KNOWN, **FIGURES)
    loss_report_submit(event=event, organisation=kashgar, actor=staff, now=KNOWN, **FIGURES)
    return event, kashgar


def test_a_sub_bureau_sees_its_regions_companies_only(client, api_client, world, spanning):
    event, kashgar = spanning
    for role, sees_kashgar in [("regulator_x", False), ("regulator_province", True), ("staff", True)]:
        c = client_for(client, world.users[role])
        page = c.get(f"/disasters/{event.pk}/")
        assert page.status_code == 200
        timeliness = {row["organisation"].pk for row in page.context["timeliness"]["rows"]}
        roll_call = {row["organisation"].pk for row in page.context["roll_call"]["rows"]}
        assert (kashgar.pk in timeliness) is sees_kashgar and world.org_a_branch.pk in timeliness, role
        assert (kashgar.pk in roll_call) is sees_kashgar, role
        expected = FIGURES["estimated_loss"] * (2 if sees_kashgar else 1)
        assert page.context["totals"]["estimated_loss"] == expected, role
        listing = c.get("/disasters/").context
        api_client.force_authenticate(world.users[role])
        summary = api_client.get(f"/api/v1/disasters/events/{event.pk}/summary/", {"date": "2026-07-01"}).json()
        names = {row["name"] for row in summary["companies"]}
        assert (str(kashgar) in names) is sees_kashgar and str(world.org_a_branch) in names, role
        detail = api_client.get(f"/api/v1/disasters/events/{event.pk}/").json()
        assert detail["totals"]["companies"] == (2 if sees_kashgar else 1), role
        assert listing is not None
