"""Every change is kept with who, when and before/after — including bulk updates."""

import pghistory.models
import pytest

from association.models import ContactPerson, Organisation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_api_change_records_user_and_diff(world, client):
    c = client_for(client, world.users["member_a_manager"])
    body = {"name": "新联系人", "effective_from": "2026-11-02"}  # a new person comes with the date they took over
    response = c.patch(f"/api/v1/contacts/{world.contact_a.pk}/", body, content_type="application/json")
    assert response.status_code == 200
    event = pghistory.models.Events.objects.tracks(world.contact_a).filter(pgh_label="update").get()
    assert event.pgh_label == "update"
    assert event.pgh_diff["name"][1] == "新联系人"
    assert event.pgh_context["user"] == world.users["member_a_manager"].pk
    assert event.pgh_context["url"] == f"/api/v1/contacts/{world.contact_a.pk}/"
    assert event.pgh_context["request_id"]


def test_token_api_change_records_user(world, api_client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.users["staff"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    api_client.patch(f"/api/v1/organisations/{world.org_b.pk}/", {"phone": "0999-8123456"}, format="json")
    event = pghistory.models.Events.objects.tracks(world.org_b).filter(pgh_label="update").get()
    assert event.pgh_context["user"] == world.users["staff"].pk
    assert event.pgh_diff["phone"] == ["", "0999-8123456"]


def test_bulk_update_is_tracked(world):
    ContactPerson.objects.filter(organisation=world.org_a).update(position="总经理")
    events = pghistory.models.Events.objects.references(world.contact_a).filter(pgh_label="update")
    assert events.count() == 1


def test_delete_is_tracked(world):
    pk = world.contact_b.pk
    world.contact_b.delete()
    from association.models import ContactPersonEvent

    assert ContactPersonEvent.objects.filter(pgh_obj_id=pk, pgh_label="delete").exists()


def test_user_password_is_not_copied_into_history(world):
    from association.models import UserEvent

    assert "password" not in {f.name for f in UserEvent._meta.fields}


def test_organisation_events_visible_in_admin(world, client):
    c = client_for(client, world.users["staff"])
    Organisation.objects.filter(pk=world.org_b.pk).update(phone="0999-1111111")
    response = c.get("/admin/pghistory/events/", {"obj": f"association.Organisation:{world.org_b.pk}"})
    assert response.status_code == 200
