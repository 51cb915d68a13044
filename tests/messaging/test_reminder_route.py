"""The spine's reminder sweep follows the urgency table (asked through association/app_hooks.py, the spine
imports no other app): routine reminders written in the quiet hours keep their e-mails until the hours end;
the portal notification is there at once; a kind staff make urgent is not held."""

import datetime as dt

import pytest
from django.core import mail

from association.app_hooks import notification_route
from association.models import Notification, OutboundEmail, User
from association.services.outbox import outbox_deliver
from association.services.reminders import reminders_sweep
from messaging.models import UrgencyRule
from tests.association.test_reminders import BEIJING, _obligation

pytestmark = pytest.mark.django_db

NIGHT = dt.datetime(2026, 8, 3, 23, 30, tzinfo=BEIJING)
MORNING = dt.datetime(2026, 8, 4, 7, 0, tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MESSAGING_QUIET_HOURS = ("22:00", "07:00")


@pytest.fixture
def world(world):
    for key in ("member_a_manager", "staff"):
        User.objects.filter(pk=world.users[key].pk).update(email=f"{key}@example.org")
    return world


def test_the_route_comes_from_the_urgency_table():
    assert notification_route(kind="obligation_reminder", now=NIGHT) == {"urgency": "routine", "hold_until": MORNING}
    assert notification_route(kind="obligation_reminder", now=MORNING)["hold_until"] is None
    assert notification_route(kind="disaster_urgent_clocks", now=NIGHT) == {"urgency": "critical", "hold_until": None}


def test_a_routine_reminder_in_the_quiet_hours_waits_for_the_morning(world):
    ob = _obligation(world, created=NIGHT - dt.timedelta(days=3), due=NIGHT + dt.timedelta(hours=1))
    assert reminders_sweep(now=NIGHT)["emails"] == 1  # the 2-hour reminder
    email = OutboundEmail.objects.get(reminder__obligation=ob)
    assert email.not_before == MORNING
    assert Notification.objects.filter(reminder__obligation=ob).exists()  # in the portal at once

    assert outbox_deliver(now=NIGHT + dt.timedelta(minutes=5)) == 0
    assert outbox_deliver(now=MORNING - dt.timedelta(minutes=1)) == 0 and not mail.outbox
    assert outbox_deliver(now=MORNING) == 1
    assert "安责险整改报告" in mail.outbox[0].subject


def test_in_the_day_nothing_is_held(world):
    noon = NIGHT.replace(hour=12)
    ob = _obligation(world, created=noon - dt.timedelta(days=3), due=noon + dt.timedelta(hours=1))
    reminders_sweep(now=noon)
    assert OutboundEmail.objects.get(reminder__obligation=ob).not_before is None
    assert outbox_deliver(now=noon) == 1


def test_the_escalation_made_urgent_by_staff_goes_at_night(world):
    UrgencyRule.objects.filter(kind="obligation_overdue").update(urgency="urgent")
    late = _obligation(world, created=NIGHT - dt.timedelta(days=3), due=NIGHT - dt.timedelta(hours=2))
    soon = _obligation(world, created=NIGHT - dt.timedelta(days=3), due=NIGHT + dt.timedelta(hours=1))
    reminders_sweep(now=NIGHT)
    assert OutboundEmail.objects.get(reminder__obligation=late, reminder__step="overdue").not_before is None
    assert OutboundEmail.objects.get(reminder__obligation=soon).not_before == MORNING  # still routine
    assert outbox_deliver(now=NIGHT) == 1
