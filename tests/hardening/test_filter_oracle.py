"""Point 11: id filters do not reveal existence: another company's id and a missing id answer the same
(status and body), for every id filter of the API (organisation, respondent, mediator, event, ...)."""

import pytest

from tests.mediation.helpers import make_case

pytestmark = pytest.mark.django_db

MISSING = 987654321


def _same(api_client, url, name, foreign):
    seen = api_client.get(url, {name: foreign})
    missing = api_client.get(url, {name: MISSING})
    assert seen.status_code == missing.status_code, (url, name, seen.status_code, missing.status_code)
    body = seen.content.decode().replace(str(foreign), "<id>")
    assert body == missing.content.decode().replace(str(MISSING), "<id>"), (url, name)
    return seen


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/contacts/", "organisation"),
        ("/api/v1/obligations/", "organisation"),
        ("/api/v1/mediation/cases/", "respondent"),
        ("/api/v1/selfregulation/monitoring/returns/", "organisation"),
        ("/api/v1/selfregulation/inspections/", "organisation"),
        ("/api/v1/campaigns/alerts/", "organisation"),
    ],
)
def test_a_foreign_organisation_reads_like_a_missing_one(api_client, world, url, name):
    api_client.force_authenticate(world.users["member_a_manager"])
    response = _same(api_client, url, name, world.org_b.pk)
    assert response.status_code in (400, 404) or response.json().get("count") == 0
    own = api_client.get(url, {name: world.org_a.pk})
    assert own.status_code in (200, 404), own.content  # the caller's own organisation is a valid choice


def test_a_mediator_filter_reads_the_same_for_any_other_user(api_client, world):
    make_case(world)
    api_client.force_authenticate(world.users["member_a_manager"])
    _same(api_client, "/api/v1/mediation/cases/", "mediator", world.users["mediator"].pk)
    api_client.force_authenticate(world.users["staff"])
    assert api_client.get("/api/v1/mediation/cases/", {"mediator": world.users["mediator"].pk}).status_code == 200


def test_an_event_filter_reads_the_same(api_client, world):
    from tests.disasters.helpers import make_event

    event = make_event(world, organisations=[world.org_b])
    api_client.force_authenticate(world.users["member_a_manager"])
    _same(api_client, "/api/v1/disasters/events/", "region", world.region_y.pk)
    assert api_client.get(f"/api/v1/disasters/events/{event.pk}/").status_code == 404
