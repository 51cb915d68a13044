"""Staff change an obligation's due time and cancel it in the portal (no admin needed for the weekly task).

Pages: /obligations/<pk>/due/ and /obligations/<pk>/cancel/. Members and regulators who can see the
obligation are refused (403), others get the 404 of a missing obligation; bad input is a form error.
"""

import datetime as dt

import pghistory.models
import pytest
from django.urls import reverse
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation
from association.services.obligations import obligation_create, obligation_submit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def owed(org, days=3):
    return obligation_create(
        organisation=org,
        kind=ObligationKind.DATA_RETURN,
        title="月度数据报送",
        due_at=timezone.now() + dt.timedelta(days=days),
    )


def local_input(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_staff_see_the_manage_links_on_an_open_obligation(client, world):
    ob = owed(world.org_a)
    page = client_for(client, world.users["staff"]).get(reverse("obligation-detail", args=[ob.pk]), **EN)
    body = page.content.decode()
    assert reverse("obligation-due-change", args=[ob.pk]) in body
    assert reverse("obligation-cancel", args=[ob.pk]) in body
    member_page = client_for(client, world.users["member_a_manager"]).get(reverse("obligation-detail", args=[ob.pk]))
    assert reverse("obligation-due-change", args=[ob.pk]) not in member_page.content.decode()


def test_staff_give_a_new_due_time_and_the_history_names_them(client, world):
    ob = owed(world.org_a)
    new_due = (timezone.now() + dt.timedelta(days=10)).replace(second=0, microsecond=0)
    c = client_for(client, world.users["staff"])
    response = c.post(reverse("obligation-due-change", args=[ob.pk]), {"due_at": local_input(new_due)}, **EN)
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.due_at == new_due
    assert ob.original_due_at == new_due  # an extension before the deadline moves the original too
    events = pghistory.models.Events.objects.tracks(ob).exclude(pgh_context=None)
    assert events.exists()
    event = events.get()
    assert event.pgh_context["user"] == world.users["staff"].pk


@pytest.mark.parametrize("value", ["", "not a time", "2020-01-01T10:00", "9999-99-99T99:99"])
def test_a_bad_due_time_is_a_form_error(client, world, value):
    ob = owed(world.org_a)
    before = ob.due_at
    response = client_for(client, world.users["staff"]).post(
        reverse("obligation-due-change", args=[ob.pk]), {"due_at": value}, **EN
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    ob.refresh_from_db()
    assert ob.due_at == before


def test_a_submitted_obligation_is_returned_not_rescheduled(client, world):
    ob = owed(world.org_a)
    obligation_submit(obligation=ob, actor=world.users["member_a_manager"], text="数据")
    c = client_for(client, world.users["staff"])
    response = c.get(reverse("obligation-due-change", args=[ob.pk]), **EN)
    assert response.status_code == 302
    detail = c.get(reverse("obligation-detail", args=[ob.pk]), **EN).content.decode()
    assert reverse("obligation-due-change", args=[ob.pk]) not in detail
    assert reverse("obligation-cancel", args=[ob.pk]) in detail  # waiting for review can still be cancelled


def test_staff_cancel_with_a_reason(client, world):
    ob = owed(world.org_a)
    c = client_for(client, world.users["staff"])
    assert c.post(reverse("obligation-cancel", args=[ob.pk]), {"reason": "  "}, **EN).status_code == 200
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.OPEN
    response = c.post(reverse("obligation-cancel", args=[ob.pk]), {"reason": "该公司已于本月撤销"}, **EN)
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.CANCELLED
    assert "该公司已于本月撤销" in ob.description
    # nothing left to cancel: back to the obligation with a message, never an error page
    again = c.get(reverse("obligation-cancel", args=[ob.pk]), **EN)
    assert again.status_code == 302


@pytest.mark.parametrize(
    "who,expected",
    [
        ("member_a_manager", 403),
        ("member_a_reporter", 403),
        ("member_b", 404),
        ("regulator_y", 404),
        ("mediator", 404),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("name", ["obligation-due-change", "obligation-cancel"])
def test_only_staff_manage(client, world, who, expected, name):
    ob = owed(world.org_a)
    c = client_for(client, world.users[who])
    assert c.get(reverse(name, args=[ob.pk])).status_code == expected
    assert c.post(reverse(name, args=[ob.pk]), {"reason": "x", "due_at": "2030-01-01T10:00"}).status_code == expected
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.OPEN


def test_a_missing_obligation_is_404_for_staff(client, world):
    c = client_for(client, world.users["staff"])
    missing = (Obligation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    assert c.get(reverse("obligation-due-change", args=[missing])).status_code == 404
    assert c.get(reverse("obligation-cancel", args=[missing])).status_code == 404
