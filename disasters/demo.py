"""Demo data for `seed_demo`: a flood in Ili with a level II response and two days of loss reports."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from association.models import Region, User
from disasters.choices import Grade, Hazard
from disasters.models import AffectedCompany, Event, LossReport, Response
from disasters.services.events import event_create
from disasters.services.loss_reports import loss_report_submit
from disasters.services.responses import response_open

TITLE = "伊犁州特克斯县暴雨洪涝灾害"


def seed_demo() -> None:
    if Event.objects.filter(title=TITLE).exists():
        return
    staff = User.objects.get(username="staff")
    now = timezone.now()
    occurred = now - dt.timedelta(days=2, hours=6)
    event = event_create(
        actor=staff,
        title=TITLE,
        hazard=Hazard.FLOOD,
        occurred_at=occurred,
        known_at=occurred + dt.timedelta(minutes=40),
        regions=[Region.objects.get(code="654000")],
        description="持续强降雨引发山洪，农房、设施农业和车辆受损。",
        est_property_loss=Decimal("68000000"),
        est_casualty_payout=Decimal("1200000"),
        now=occurred + dt.timedelta(hours=1),
    )
    if not Response.objects.filter(event=event).exists():
        response_open(
            event=event, actor=staff, level=Grade.II, reason="预估赔付超过5000万元", now=now - dt.timedelta(days=2)
        )
    reporters = {"人保财险": "picc.manager", "平安财险": "pingan.manager", "中华联合": "cic.manager"}
    for affected in AffectedCompany.objects.filter(event=event).select_related("organisation__parent"):
        parent = affected.organisation.parent
        username = reporters.get(parent.short_name if parent else "")
        if not username:
            continue
        actor = User.objects.get(username=username)
        for day, scale in ((2, 1), (1, 2)):
            report_date = timezone.localdate(now - dt.timedelta(days=day))
            sent_at = dt.datetime.combine(report_date, dt.time(16, 0), tzinfo=timezone.get_current_timezone())
            if LossReport.objects.filter(
                event=event, organisation=affected.organisation, report_date=report_date
            ).exists():
                continue
            loss_report_submit(
                event=event,
                organisation=affected.organisation,
                actor=actor,
                report_date=report_date,
                now=max(sent_at, occurred + dt.timedelta(hours=1)),
                policies_affected=120 * scale,
                claims_reported=45 * scale,
                estimated_loss=Decimal("3500000") * scale,
                claims_paid=Decimal("400000") * (scale - 1),
                advance_payments=Decimal("200000") * scale,
                staff_deployed=18 * scale,
                problems="部分乡镇道路中断，查勘难度大。",
                measures="开通理赔绿色通道，预付赔款。",
            )
