"""Real HTTP to a loopback server: the exact bodies each service expects, answers, retries, fallback."""

import base64
import datetime as dt
import hashlib
import hmac

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from association.choices import ContactDuty
from messaging.choices import DeliveryStatus, Via
from messaging.models import Channel, Delivery
from messaging.selectors import failing_channel_warnings
from messaging.services.delivery import deliver_due
from messaging.services.dispatch import urgent_notify
from tests.messaging import helpers
from tests.messaging.loopback import Loopback

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "巨灾预警：伊犁洪涝，30分钟内电话报告"
BODY = "请于 09:30 前电话报告协会，10:00 前书面报告。"


@pytest.fixture
def loopback(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MESSAGING_RETRY_SECONDS = 0
    with Loopback() as server:
        helpers.endpoints(settings, server)
        yield server


def _notify(world, kind="channel_test", key="t1"):
    return urgent_notify(
        organisation=world.org_a, kind=kind, title=TITLE, body=BODY, dedupe_key=key, duty=ContactDuty.DISASTER
    )


def test_each_service_gets_the_body_it_expects(world, loopback):
    helpers.robots(world.org_a)
    helpers.sms_gateway(loopback)
    helpers.webhook(loopback, world.org_a)
    message = _notify(world)
    totals = deliver_due()
    assert totals["failed"] == 0 and totals["retry"] == 0

    (wecom,) = loopback.at("/wecom/")
    assert wecom.query["key"] == [helpers.WECOM_KEY]
    assert wecom.json["msgtype"] == "text"
    assert wecom.json["text"]["content"].startswith(TITLE) or TITLE in wecom.json["text"]["content"]
    assert BODY in wecom.json["text"]["content"]

    (ding,) = loopback.at("/dingtalk/")
    assert ding.query["access_token"] == [helpers.DINGTALK_TOKEN]
    timestamp, sign = ding.query["timestamp"][0], ding.query["sign"][0]
    # DingTalk's documented signature: base64(HMAC-SHA256(secret, f"{timestamp}\n{secret}")), URL-encoded
    expected = base64.b64encode(
        hmac.new(
            helpers.DINGTALK_SECRET.encode(), f"{timestamp}\n{helpers.DINGTALK_SECRET}".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert sign == expected  # parse_qs has URL-decoded it once
    assert abs(int(timestamp) / 1000 - timezone.now().timestamp()) < 120
    assert ding.json["msgtype"] == "text" and ding.json["text"]["content"].startswith(TITLE)
    assert ding.json["at"] == {"atMobiles": [], "isAtAll": False}

    (feishu,) = loopback.at("/feishu/")
    assert feishu.path == f"/feishu/hook/{helpers.FEISHU_TOKEN}"
    assert feishu.json["msg_type"] == "text" and BODY in feishu.json["content"]["text"]
    assert "巨灾预警" in feishu.body.decode("utf-8")  # the Chinese text is sent as UTF-8, not escaped

    (sms,) = loopback.at("/sms/")
    assert sms.json["phone"] == world.contact_a.phone
    assert BODY in sms.json["message"]
    assert sms.headers["Authorization"] == "Bearer gw-token-123"
    sms_row = Delivery.objects.get(message=message, via=Via.SMS)
    assert sms.json["id"] == str(sms_row.pk)  # the gateway can drop a repeat

    (hook,) = loopback.at("/hook/")
    assert hook.json["title"] == TITLE and BODY in hook.json["message"]

    # every message carries its own acknowledgement link
    for request in (wecom, ding, sms):
        assert "/messages/ack/" in request.body.decode("unicode_escape") or "/messages/ack/" in str(request.json)
    # and the provider's answer is stored with the row
    robots = Delivery.objects.filter(message=message, via__in=[Via.WECOM, Via.DINGTALK, Via.FEISHU])
    assert robots.count() == 3
    assert all(r.status == DeliveryStatus.SENT and '"errcode": 0' in r.answer for r in robots)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.contact_a.email]


def test_delivery_happens_once_however_often_the_deliverer_runs(world, loopback):
    helpers.robots(world.org_a)
    _notify(world)
    _notify(world)  # the same key: the same message
    deliver_due()
    deliver_due()
    assert len(loopback.requests) == 3
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 0


def test_a_robot_refusing_with_http_200_fails_falls_back_and_warns_staff(world, loopback, settings):
    settings.MESSAGING_MAX_ATTEMPTS = 2
    loopback.answers["/wecom/"] = (200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    channels = helpers.robots(world.org_a)
    helpers.sms_gateway(loopback)
    message = _notify(world)
    deliver_due()  # no wait between tries in this test: both tries in one run
    row = Delivery.objects.get(message=message, via=Via.WECOM)
    assert "93000" in row.answer
    assert row.status == DeliveryStatus.FAILED and row.attempts == 2
    assert len(loopback.at("/wecom/")) == 2
    # fallback: the next channel (SMS) to the step's person, contact A
    fallback = Delivery.objects.get(fallback_of=row)
    assert fallback.via == Via.SMS and fallback.status == DeliveryStatus.SENT
    assert len(loopback.at("/sms/")) == 2  # A's own text, and the fallback
    channel = Channel.objects.get(pk=channels["wecom"].pk)
    assert channel.failing_since is not None and "93000" in channel.last_error
    warnings = failing_channel_warnings(user=world.users["staff"])
    since = timezone.localtime(channel.failing_since).strftime("%H:%M")
    assert warnings == [f"1 企业微信群机器人 failing since {since}"] or any(since in w for w in warnings)
    assert failing_channel_warnings(user=world.users["member_a_manager"]) == []
    # the robot answers again: the mark is cleared by the next success
    loopback.answers.clear()
    _notify(world, key="t2")
    deliver_due()
    channel.refresh_from_db()
    assert channel.failing_since is None


def test_unreachable_gateway_retries_with_backoff(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MESSAGING_RETRY_SECONDS = 30
    helpers.sms_gateway(type("X", (), {"url": "http://127.0.0.1:9"})())  # nothing listens on port 9
    message = _notify(world)
    deliver_due()
    row = Delivery.objects.get(message=message, via=Via.SMS)
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1 and row.last_error
    assert row.next_attempt_at >= timezone.now() + dt.timedelta(seconds=25)


def test_secrets_are_encrypted_at_rest_and_never_shown_in_full(world, loopback):
    channels = helpers.robots(world.org_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT target, secret FROM messaging_channel WHERE id = %s", [channels["dingtalk"].pk])
        target, secret = cursor.fetchone()
    assert helpers.DINGTALK_TOKEN not in target and helpers.DINGTALK_SECRET not in secret
    channel = Channel.objects.get(pk=channels["dingtalk"].pk)
    assert channel.secret == helpers.DINGTALK_SECRET  # read back through the field
    assert helpers.DINGTALK_SECRET not in channel.secret_masked and channel.secret_masked.startswith("SEC8")
    assert helpers.DINGTALK_TOKEN not in channel.target_masked
    # nor in the history tables
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM messaging_channelevent")
        rows = cursor.fetchall()
    assert rows and not any(helpers.DINGTALK_SECRET in str(r) or helpers.DINGTALK_TOKEN in str(r) for r in rows)


def test_routine_waits_for_the_end_of_quiet_hours(world, settings):
    from association.deadlines import BEIJING
    from messaging.models import UrgencyRule

    UrgencyRule.objects.update_or_create(kind="weekly_digest", defaults={"description": "x", "urgency": "routine"})
    night = dt.datetime(2026, 7, 1, 23, 30, tzinfo=BEIJING)
    message = urgent_notify(
        organisation=world.org_a, kind="weekly_digest", title="周报", dedupe_key="d", now=night, duty="disaster"
    )
    rows = Delivery.objects.filter(message=message).exclude(via=Via.PORTAL)
    assert {r.via for r in rows} == {Via.EMAIL}
    assert all(r.next_attempt_at == dt.datetime(2026, 7, 2, 7, 0, tzinfo=BEIJING) for r in rows)
