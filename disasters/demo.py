"""Demo data for `seed_demo`: a weather disaster in Ili two days ago, recorded by staff as a level III event
(the Ili sub-bureau opens a level III response), re-estimated in the morning and raised to level II by the
provincial bureau, each affected company's initial report within its two hours (its branches serving online only
that first day) and its daily reports before the daily time.

The hazard follows the season, as Xinjiang's do: a snowstorm (雪灾) from November to March, a rainstorm
flood (暴雨洪涝) the rest of the year."""

import datetime as dt
from decimal import Decimal

from association.demo.clock import at, real_now, real_today, story_at
from association.models import Region, User
from disasters.choices import BusinessStatus, Grade, Hazard
from disasters.models import AffectedCompany, Event, LossReport, Response
from disasters.services.events import event_create, event_update_estimates
from disasters.services.loss_reports import loss_report_submit
from disasters.services.responses import response_change_level, response_open
from disasters.tasks import daily_obligations_task

WINTER = {11, 12, 1, 2, 3}
STORIES = {
    Hazard.SNOWSTORM: (
        "伊犁州特克斯县暴雪灾害",
        "持续强降雪并伴有大风降温，农房、设施农业大棚和牲畜棚圈受损，多条乡村道路中断。",
        "积雪封路，部分乡镇查勘难度大。",
        "开通理赔绿色通道，先行预付赔款，协调除雪车辆开展查勘。",
    ),
    Hazard.FLOOD: (
        "伊犁州特克斯县暴雨洪涝灾害",
        "持续强降雨引发山洪，农房、设施农业和车辆受损。",
        "部分乡镇道路中断，查勘难度大。",
        "开通理赔绿色通道，预付赔款。",
    ),
}
REPORTERS = {"人保财险": "picc.manager", "平安财险": "pingan.manager", "中华联合": "cic.manager"}


def seed_demo() -> None:
    if Event.objects.filter(title__in=[story[0] for story in STORIES.values()]).exists():
        return
    staff = User.objects.get(username="staff")
    today = real_today()
    hazard = Hazard.SNOWSTORM if today.month in WINTER else Hazard.FLOOD
    title, description, problems, measures = STORIES[hazard]
    first_day = today - dt.timedelta(days=2)
    occurred = at(first_day, 5, 20)  # in the night's storm
    known = occurred + dt.timedelta(minutes=40)
    with story_at(known + dt.timedelta(minutes=15)) as recorded:
        event = event_create(
            actor=staff,
            title=title,
            hazard=hazard,
            occurred_at=occurred,
            known_at=known,
            regions=[Region.objects.get(code="654000")],
            description=description,
            est_property_loss=Decimal("32000000"),
            est_casualty_payout=Decimal("1200000"),
            now=recorded,
        )
    bureau, sub_bureau = User.objects.get(username="regulator"), User.objects.get(username="regulator.yili")
    if not Response.objects.filter(event=event).exists():
        with story_at(known + dt.timedelta(minutes=50)) as opened:
            response = response_open(
                event=event, actor=sub_bureau, level=Grade.III, reason="预估财产损失赔付超过1000万元", now=opened
            )
        with story_at(at(first_day, 10, 30)) as estimated:
            event = event_update_estimates(
                event=event, actor=bureau, est_property_loss=Decimal("68000000"), now=estimated
            )
        with story_at(at(first_day, 11, 0)) as raised:
            response_change_level(
                response=response,
                actor=bureau,
                level=Grade.II,
                reason="预估赔付超过5000万元,提升为II级响应",
                now=raised,
            )
    for day in (first_day + dt.timedelta(days=1), today):  # the hourly sweep makes each day's reports owed
        with story_at(at(day, 8, 0)):
            daily_obligations_task()
    affected = AffectedCompany.objects.filter(event=event).select_related("organisation__parent")
    for n, company in enumerate(affected.order_by("organisation__name")):
        parent = company.organisation.parent
        username = REPORTERS.get(parent.short_name if parent else "")
        if not username:
            continue
        actor = User.objects.get(username=username)
        # the initial report within the two hours, then each day's report before the daily time (17:00)
        sent = [known + dt.timedelta(minutes=70 + 10 * n), at(first_day + dt.timedelta(days=1), 15, 30 + 5 * n)]
        if real_now() > at(today, 16, 0):
            sent.append(at(today, 16, 5 * n))
        for scale, when in enumerate(sent, start=1):
            report_date = when.date()
            if LossReport.objects.filter(event=event, organisation=company.organisation, report_date=report_date):
                continue
            with story_at(when) as now:
                loss_report_submit(
                    event=event,
                    organisation=company.organisation,
                    actor=actor,
                    report_date=report_date,
                    now=now,
                    policies_affected=120 * scale,
                    claims_reported=45 * scale,
                    estimated_loss=Decimal("3500000") * scale,
                    claims_paid=Decimal("400000") * (scale - 1),
                    advance_payments=Decimal("200000") * scale,
                    business_status=BusinessStatus.ONLINE_ONLY if scale == 1 else BusinessStatus.OPEN,
                    staff_deployed=18 * scale,
                    problems=problems,
                    measures=measures,
                )
