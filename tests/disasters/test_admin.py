import pytest

from disasters.choices import Grade
from disasters.services.responses import response_open
from tests.conftest import client_for
from tests.disasters.helpers import KNOWN, make_event

pytestmark = pytest.mark.django_db


def test_admin_pages_for_staff(world, client):
    event = make_event(world)
    response = response_open(event=event, actor=world.users["staff"], level=Grade.III, now=KNOWN)
    c = client_for(client, world.users["staff"])
    for url in [
        "/admin/disasters/event/",
        f"/admin/disasters/event/{event.pk}/change/",
        f"/admin/disasters/event/{event.pk}/import-loss-reports/",
        "/admin/disasters/event/add/",
        "/admin/disasters/gradingrule/",
        "/admin/disasters/response/",
        f"/admin/disasters/response/{response.pk}/change/",
        "/admin/disasters/levelchange/",
        "/admin/disasters/affectedcompany/",
        "/admin/disasters/lossreport/",
        "/admin/disasters/dailysummary/",
    ]:
        assert c.get(url).status_code == 200, url


def test_admin_level_change_goes_through_the_service(world, client):
    event = make_event(world)
    response = response_open(event=event, actor=world.users["staff"], level=Grade.III, now=KNOWN)
    c = client_for(client, world.users["staff"])
    r = c.post(f"/admin/disasters/response/{response.pk}/change/", {"new_level": "II", "reason": "灾情扩大"})
    assert r.status_code == 302
    response.refresh_from_db()
    assert response.level == Grade.II and response.changes.filter(to_value="II", reason="灾情扩大").exists()


def test_admin_add_event_grades_and_starts_clocks(world, client):
    from disasters.models import Event
    from disasters.services.clocks import event_obligations

    c = client_for(client, world.users["staff"])
    data = {
        "title": "霍城冰雹", "hazard": "hail", "occurred_at_0": "2026-07-01", "occurred_at_1": "08:00:00",
        "known_at_0": "2026-07-01", "known_at_1": "09:00:00", "regions": [world.region_x.pk], "description": "",
        "est_property_loss": "60000000", "est_casualty_payout": "0", "insured_deaths": "0", "injured": "0",
        "declare_grade": "", "declare_reason": "", "add_company": "",
        "affected-TOTAL_FORMS": "0", "affected-INITIAL_FORMS": "0", "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
    }  # fmt: skip
    r = c.post("/admin/disasters/event/add/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    event = Event.objects.get(title="霍城冰雹")
    assert event.computed_grade == Grade.II
    assert set(event.affected.values_list("organisation_id", flat=True)) == {world.org_a_branch.pk, world.org_b.pk}
    assert event_obligations(event).count() == 2
