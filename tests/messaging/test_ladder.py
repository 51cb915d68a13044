"""Grade I sends the phone clock to every affected company's channels in one sweep; the ladder climbs at
its minutes until someone acknowledges through the link; the pages show the timeline."""

import datetime as dt

import pytest
from django.core import signing
from django.core.management import call_command
from django.utils import timezone

from association.choices import ContactDuty, Role
from disasters.choices import Grade
from disasters.services.events import event_declare_grade
from messaging.choices import DeliveryStatus, LadderStep, Via
from messaging.models import Delivery, UrgentMessage
from messaging.services.delivery import ACK_SALT, ack_token, deliver_due
from messaging.services.ladder import ladder_sweep
from tests.conftest import client_for
from tests.disasters.helpers import KNOWN, make_event
from tests.factories import ContactFactory, MembershipFactory, UserFactory
from tests.messaging import helpers
from tests.messaging.loopback import Loopback

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def loopback(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MESSAGING_RETRY_SECONDS = 0
    with Loopback() as server:
        helpers.endpoints(settings, server)
        yield server


@pytest.fixture
def grade_one(world, loopback):
    """A flood affecting A's branch and B, raised to grade I by the regulator at KNOWN + 5 min."""
    for org in (world.org_a_branch, world.org_b):
        helpers.robots(org)
        ContactFactory(organisation=org, duty=ContactDuty.DISASTER, slot="B")
    helpers.sms_gateway(loopback)
    event = make_event(world, organisations=[world.org_a_branch, world.org_b])
    assert not UrgentMessage.objects.exists()  # grade III: no urgent clock
    event_declare_grade(
        event=event, actor=world.users["regulator_province"], grade=Grade.I, reason="社会影响大", now=KNOWN
    )
    return event


def test_grade_one_reaches_every_affected_company_in_one_sweep(world, loopback, grade_one):
    messages = UrgentMessage.objects.filter(kind="disaster_urgent_clocks")
    assert {m.organisation_id for m in messages} == {world.org_a_branch.pk, world.org_b.pk}
    assert ladder_sweep(now=KNOWN)["steps"] == 0  # nothing to climb yet
    deliver_due()  # one sweep's delivery
    assert len(loopback.at("/wecom/")) == 2 and len(loopback.at("/dingtalk/")) == 2
    assert len(loopback.at("/feishu/")) == 2
    texts = [r.json["phone"] for r in loopback.at("/sms/")]
    assert sorted(texts) == sorted([world.contact_a_branch.phone, world.contact_b.phone])  # contact A of each
    assert "电话" in loopback.at("/sms/")[0].json["message"] or "phone" in loopback.at("/sms/")[0].json["message"]
    assert not Delivery.objects.filter(status=DeliveryStatus.PENDING).exclude(via=Via.PORTAL).exists()


def test_the_ladder_climbs_at_its_minutes_until_acknowledged(world, loopback, grade_one, client):
    staff2 = UserFactory(username="duty_officer", phone="13900000001", email="duty@example.org")
    MembershipFactory(user=staff2, organisation=world.association, role=Role.STAFF)
    a_msg = UrgentMessage.objects.get(organisation=world.org_a_branch)
    b_msg = UrgentMessage.objects.get(organisation=world.org_b)
    start = a_msg.created_at
    assert a_msg.next_step_at == start + dt.timedelta(minutes=10)
    ladder_sweep(now=start + dt.timedelta(minutes=9))
    assert UrgentMessage.objects.filter(step=0).count() == 2

    # A's branch acknowledges through the link in its WeCom-bot message (no sign-in)
    row = Delivery.objects.get(message=a_msg, via=Via.SMS, step=0)
    token = ack_token(row)
    client_for(client, None)
    page = client.get(f"/messages/ack/{token}/")
    assert page.status_code == 200 and "ack-button" in page.content.decode()
    assert UrgentMessage.objects.get(pk=a_msg.pk).acknowledged_at is None  # opening the link is not enough
    done = client.post(f"/messages/ack/{token}/")
    assert done.status_code == 200 and "ack-done" in done.content.decode()
    a_msg.refresh_from_db()
    assert a_msg.acknowledged_at is not None and a_msg.acknowledged_via == Via.SMS
    assert a_msg.acknowledged_by.startswith(world.contact_a_branch.name) and a_msg.next_step_at is None
    first_time = a_msg.acknowledged_at
    again = client.post(f"/messages/ack/{token}/")  # single use: the second use changes nothing
    assert "ack-done" in again.content.decode()
    a_msg.refresh_from_db()
    assert a_msg.acknowledged_at == first_time

    ladder_sweep(now=start + dt.timedelta(minutes=10))
    b_msg.refresh_from_db()
    assert b_msg.step == LadderStep.CONTACT_B
    b_contact = world.org_b.contacts.get(duty=ContactDuty.DISASTER, slot="B")
    assert Delivery.objects.filter(message=b_msg, step=1, via=Via.SMS, to_display__endswith=b_contact.phone[-4:])
    ladder_sweep(now=start + dt.timedelta(minutes=10))  # twice: nothing more
    assert Delivery.objects.filter(message=b_msg, step=1).count() == 2  # B's text and e-mail
    ladder_sweep(now=start + dt.timedelta(minutes=20))
    b_msg.refresh_from_db()
    assert b_msg.step == LadderStep.MANAGER
    assert Delivery.objects.filter(message=b_msg, step=2, user=world.users["member_b"], via=Via.PORTAL).exists()
    ladder_sweep(now=start + dt.timedelta(minutes=25))
    b_msg.refresh_from_db()
    assert b_msg.step == LadderStep.STAFF and b_msg.next_step_at is None
    assert Delivery.objects.filter(message=b_msg, step=3, user=staff2, via=Via.SMS).exists()
    ladder_sweep(now=start + dt.timedelta(hours=2))
    assert UrgentMessage.objects.get(pk=a_msg.pk).step == 0  # acknowledged: never climbed
    assert Delivery.objects.filter(message=b_msg, step=3).count() >= 2

    # the event page shows the timeline per recipient
    client_for(client, world.users["staff"])
    html = client.get(f"/disasters/{grade_one.pk}/").content.decode()
    assert "delivery-timeline" in html and world.contact_a_branch.name in html and "ack-badge" in html


def test_expired_or_forged_links_acknowledge_nothing(world, loopback, grade_one, client, settings):
    row = Delivery.objects.filter(via=Via.SMS).first()
    forged = signing.dumps(row.pk, salt="another")
    assert client.post(f"/messages/ack/{forged}/").status_code == 404
    assert client.get("/messages/ack/garbage/").status_code == 404
    settings.MESSAGING_ACK_MAX_AGE_HOURS = 0
    old = signing.dumps(row.pk, salt=ACK_SALT, compress=True)
    import time

    time.sleep(1.1)
    assert client.post(f"/messages/ack/{old}/").status_code == 410
    assert not UrgentMessage.objects.filter(acknowledged_at__isnull=False).exists()


def test_send_test_notification_command_and_button(world, loopback, client, capsys):
    helpers.robots(world.org_a)
    helpers.sms_gateway(loopback)
    call_command("send_test_notification", "--organisation", world.org_a.credit_code)
    out = capsys.readouterr().out
    assert out.count("OK") == 5  # three robots, contact A's text and e-mail
    assert len(loopback.requests) == 4
    # the button: staff and the company's manager; a reporter and another company do not see it
    page = client_for(client, world.users["member_a_manager"]).get(f"/organisations/{world.org_a.pk}/")
    assert 'id="channels-test"' in page.content.decode()
    loopback.answers["/dingtalk/"] = (200, {"errcode": 310000, "errmsg": "sign not match"})
    result = client.post(f"/messaging/organisations/{world.org_a.pk}/test/".replace("/messaging/", "/messages/"))
    html = result.content.decode()
    assert result.status_code == 200 and "test-row-failed" in html and "310000" in html
    page = client_for(client, world.users["member_a_reporter"]).get(f"/organisations/{world.org_a.pk}/")
    assert 'id="channels-test"' not in page.content.decode()
    assert client.post(f"/messages/organisations/{world.org_a.pk}/test/").status_code == 404
    client_for(client, world.users["member_b"])
    assert client.post(f"/messages/organisations/{world.org_a.pk}/test/").status_code == 404
    # staff home warns of the failing DingTalk robot
    html = client_for(client, world.users["staff"]).get("/staff/").content.decode()
    assert 'id="app-warnings"' in html and timezone.localtime().strftime("%H:") in html
