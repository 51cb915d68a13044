"""Urgent channels: grade I to the last first-step message for 200 companies; the sweep over 10,000 open
urgent messages.

1. 200 property-insurer branches in Ili, each with a WeCom and a DingTalk robot (signed) and its disaster
   contacts A and B; the association's SMS gateway. The robots and the gateway are a loopback HTTP server
   (the services' own hosts are pointed at it). Measured: from the regulator recording grade I
   (``event_declare_grade``, committed) to the last first-step message handed to a channel (its answer
   recorded), delivered by one deliverer in this process (a worker does the same). Target: under 60 s.
2. 10,000 open critical messages (50 per company): a sweep with nothing due (every minute's usual case) and
   a sweep where all 10,000 climb one step at once (the worst case: B's text and e-mail for each). The sweep
   reads each batch's recipients once, so its queries grow with the batches (500 messages), not the messages.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.choices import ContactDuty, MembershipStatus, OrganisationKind
from association.models import ContactPerson, Organisation, Region
from bench import generate
from disasters.choices import Grade
from disasters.services.events import event_create, event_declare_grade
from messaging.choices import ChannelKind, DeliveryStatus, Urgency
from messaging.models import Channel, Delivery, UrgencyRule, UrgentMessage
from messaging.services.delivery import deliver_due
from messaging.services.ladder import ladder_sweep
from tests.messaging.loopback import Loopback

COMPANIES = 200
OPEN_MESSAGES = 10_000


def _companies() -> list[Organisation]:
    ili = Region.objects.get(code="654000")
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{generate.PREFIX}渠道财险{i:03d}伊犁中心支公司",
                kind=OrganisationKind.PROPERTY_INSURER,
                tier="prefecture",
                region=ili,
                credit_code=generate._credit_code(800_000 + i, "654000"),
                membership_status=MembershipStatus.MEMBER,
            )
            for i in range(COMPANIES)
        ]
    )
    ContactPerson.objects.bulk_create(
        [
            ContactPerson(organisation=o, duty=ContactDuty.DISASTER, slot=slot, name=f"联系人{o.pk}{slot}",
                          phone=f"139{o.pk % 10**8:08d}", email=f"c{o.pk}{slot}@bench.example.org")
            for o in orgs
            for slot in ("A", "B")
        ]
    )  # fmt: skip
    channels = []
    for o in orgs:
        channels.append(Channel(organisation=o, kind=ChannelKind.WECOM, label="应急群", target=f"key{o.pk}"))
        channels.append(
            Channel(organisation=o, kind=ChannelKind.DINGTALK, label="钉钉群", target=f"tok{o.pk}", secret="SECabc123")
        )
    Channel.objects.bulk_create(channels)
    return orgs


def _rules() -> None:
    UrgencyRule.objects.update_or_create(
        kind="disaster_urgent_clocks",
        defaults={"description": "巨灾", "urgency": Urgency.CRITICAL, "ladder_minutes": "10,20,25"},
    )


def run(*, log=print) -> dict:
    world = generate.base()
    _rules()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = {"companies": COMPANIES}
    with Loopback() as loopback:
        settings.MESSAGING_ENDPOINTS = {
            "wecom": f"{loopback.url}/wecom/send?key={{token}}",
            "dingtalk": f"{loopback.url}/dingtalk/send?access_token={{token}}",
        }
        Channel.objects.create(kind=ChannelKind.SMS, label="短信网关", target=f"{loopback.url}/sms/send")
        orgs = _companies()
        now = timezone.now()
        event = event_create(
            actor=world.staff, title="基准巨灾", hazard="flood", occurred_at=now - dt.timedelta(hours=1), known_at=now,
            regions=[Region.objects.get(code="654000")], organisations=orgs, est_property_loss=Decimal("20000000"),
            now=now,
        )  # fmt: skip
        started = time.perf_counter()
        t0 = timezone.now()
        event_declare_grade(event=event, actor=world.regulator, grade=Grade.I, reason="基准", now=t0)
        recorded = time.perf_counter() - started
        totals = deliver_due()
        elapsed = time.perf_counter() - started
        first_step = Delivery.objects.filter(message__kind="disaster_urgent_clocks", step=0).exclude(via="portal")
        last = max(first_step.values_list("sent_at", flat=True))
        result["grade_one"] = {
            "record_seconds": round(recorded, 2),
            "seconds_to_last_first_step": round((last - t0).total_seconds(), 2),
            "wall_seconds": round(elapsed, 2),
            "messages": UrgentMessage.objects.filter(kind="disaster_urgent_clocks").count(),
            "deliveries": first_step.count(),
            "http_requests": len(loopback.requests),
            "not_sent": first_step.exclude(status=DeliveryStatus.SENT).count(),
            **totals,
        }
        log(f"[bench] grade I → last first-step message: {result['grade_one']}")

    # 10,000 open urgent messages over the same companies
    base = timezone.now()
    UrgentMessage.objects.bulk_create(
        [
            UrgentMessage(
                organisation=orgs[i % COMPANIES], kind="disaster_urgent_clocks", urgency=Urgency.CRITICAL,
                duty=ContactDuty.DISASTER, title=f"基准消息{i}", dedupe_key=f"bench:{i}", created_at=base,
                next_step_at=base + dt.timedelta(minutes=10),
            )
            for i in range(OPEN_MESSAGES)
        ]
    )  # fmt: skip
    connection.cursor().execute("ANALYZE messaging_urgentmessage")
    sweeps = []
    for label, at in (
        ("nothing due", base + dt.timedelta(minutes=1)),
        ("all climb to B", base + dt.timedelta(minutes=10)),
    ):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            totals = ladder_sweep(now=at)
            seconds = time.perf_counter() - t
        sweeps.append({"label": label, "seconds": round(seconds, 2), "queries": len(ctx.captured_queries), **totals})
        log(f"[bench] sweep ({label}): {seconds:.2f}s, {len(ctx.captured_queries)} queries, {totals}")
    result["sweeps"] = sweeps
    result["open_messages"] = UrgentMessage.objects.filter(acknowledged_at__isnull=True).count()
    result["under_60s"] = result["grade_one"]["seconds_to_last_first_step"] < 60
    return result


def table(result: dict) -> str:
    g = result["grade_one"]
    lines = [
        f"urgent channels: grade I recorded → last first-step message, {result['companies']} companies",
        f"  {g['messages']} messages, {g['deliveries']} deliveries ({g['http_requests']} HTTP requests), "
        f"recorded in {g['record_seconds']} s, last handed over after {g['seconds_to_last_first_step']} s "
        f"(target < 60 s: {'yes' if result['under_60s'] else 'NO'}); not sent: {g['not_sent']}",
        f"ladder sweep over {result['open_messages']:,} open urgent messages",
        f"{'sweep':<20}{'seconds':>9}{'queries':>9}{'steps':>8}{'deliveries':>12}",
    ]
    for s in result["sweeps"]:
        lines.append(f"{s['label']:<20}{s['seconds']:>9}{s['queries']:>9}{s['steps']:>8,}{s['deliveries']:>12,}")
    return "\n".join(lines)


def ok(result: dict) -> bool:
    return result["under_60s"] and result["grade_one"]["not_sent"] == 0
