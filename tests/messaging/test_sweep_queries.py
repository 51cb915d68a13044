"""The ladder sweep's queries do not grow with the number of messages climbing at once (nor of companies):
the recipients are read once per batch, the outbox rows and notifications written in one insert each."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.choices import ContactDuty, Role
from association.models import Notification
from messaging.choices import ChannelKind, LadderStep, Urgency, Via
from messaging.models import Channel, Delivery, UrgentMessage
from messaging.services.ladder import ladder_sweep
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

KIND = "disaster_urgent_clocks"  # critical, ladder 10,20,30 in the shipped table


def _company(i: int, parent=None):
    org = OrganisationFactory(parent=parent)
    ContactFactory(organisation=org, duty=ContactDuty.DISASTER, slot="A")
    ContactFactory(organisation=org, duty=ContactDuty.DISASTER, slot="B")
    manager = UserFactory(username=f"mgr{org.pk}", phone=f"1380000{org.pk:04d}", email=f"m{org.pk}@example.org")
    MembershipFactory(user=manager, organisation=org, role=Role.MEMBER_MANAGER)
    Channel.objects.create(user=manager, kind=ChannelKind.WECOM, label="经理的机器人", target=f"key{org.pk}")
    return org


def _messages(orgs, per_org: int, start):
    """Messages that all climb at ``start`` + 10 min: a third to B, a third to the manager, a third to staff."""
    made = []
    for org in orgs:
        for i in range(per_org):
            step = i % 3
            made.append(
                UrgentMessage(
                    organisation=org, kind=KIND, urgency=Urgency.CRITICAL, duty=ContactDuty.DISASTER,
                    title=f"{org.pk}-{i}", dedupe_key=f"q:{org.pk}:{i}", created_at=start, step=step,
                    next_step_at=start + dt.timedelta(minutes=10),
                )
            )  # fmt: skip
    return UrgentMessage.objects.bulk_create(made)


def _sweep_queries(now) -> int:
    with CaptureQueriesContext(connection) as ctx:
        ladder_sweep(now=now)
    return len(ctx.captured_queries)


@pytest.fixture
def duty_staff(world):
    officer = UserFactory(username="duty_officer", phone="13900000001", email="duty@example.org")
    MembershipFactory(user=officer, organisation=world.association, role=Role.STAFF)
    Channel.objects.create(user=officer, kind=ChannelKind.DINGTALK, label="值班钉钉", target="tok", secret="SECx")
    Channel.objects.create(kind=ChannelKind.SMS, label="短信网关", target="http://127.0.0.1:9/sms")
    return officer


def test_the_sweep_costs_the_same_queries_for_3_or_60_messages(world, duty_staff):
    start = timezone.now() - dt.timedelta(minutes=30)
    parent = OrganisationFactory()
    small = _messages([_company(0)], 3, start)
    counts = [_sweep_queries(start + dt.timedelta(minutes=10))]
    assert UrgentMessage.objects.filter(pk__in=[m.pk for m in small], step__gt=0).count() == 3

    start2 = start + dt.timedelta(minutes=1)
    orgs = [_company(i, parent=parent if i % 2 else None) for i in range(1, 6)]
    large = _messages(orgs, 12, start2)  # 60 messages of 5 companies (branches among them)
    counts.append(_sweep_queries(start2 + dt.timedelta(minutes=10)))
    assert counts[0] == counts[1], counts

    # and every message took its step, with its people's rows
    climbed = UrgentMessage.objects.filter(pk__in=[m.pk for m in large])
    assert sorted(climbed.values_list("step", flat=True)) == sorted([1, 2, 3] * 20)
    first = climbed.get(title=f"{orgs[0].pk}-0")  # step 0 → B
    assert first.step == LadderStep.CONTACT_B
    assert first.next_step_at == first.created_at + dt.timedelta(minutes=20)
    assert set(Delivery.objects.filter(message=first).values_list("via", flat=True)) == {Via.SMS, Via.EMAIL}
    to_manager = climbed.get(title=f"{orgs[0].pk}-1")  # step 1 → manager: SMS, e-mail, own robot, portal
    assert set(Delivery.objects.filter(message=to_manager).values_list("via", flat=True)) == {
        Via.SMS, Via.EMAIL, Via.WECOM, Via.PORTAL,
    }  # fmt: skip
    to_staff = climbed.get(title=f"{orgs[0].pk}-2")  # step 2 → staff: the officer's DingTalk too
    assert to_staff.next_step_at is None
    officer_rows = Delivery.objects.filter(message=to_staff, recipient_key__startswith=f"user:{duty_staff.pk}")
    vias = set(officer_rows.values_list("via", flat=True))
    assert vias == {Via.SMS, Via.EMAIL, Via.DINGTALK, Via.PORTAL}
    assert Notification.objects.filter(user=duty_staff).count() == 1 + 20  # one per message reaching staff

    # a second sweep at the same moment takes no step twice
    assert ladder_sweep(now=start2 + dt.timedelta(minutes=10))["steps"] == 0
