"""Demo data for `seed_demo`: this year's 3.15 week and 7.8 day (closed, scored), a running initiative,
activities with audiences and coverage, news drafts, and public-opinion alerts. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from association.choices import Role
from association.demo.clock import (
    at,
    due_in_working_days,
    end_of_working_day,
    real_now,
    real_today,
    story_at,
    working_days_before,
)
from association.models import Membership, User
from association.services.obligations import obligation_accept, obligation_submit
from association.workdays import add_working_days
from campaigns.choices import ActivityKind, CampaignKind, DeliverableKind, Outlet
from campaigns.models import Campaign, CampaignTemplate
from campaigns.selectors import deliverable_obligations
from campaigns.services.activities import activity_record, news_draft_publish, news_draft_submit
from campaigns.services.alerts import alert_acknowledge, alert_close, alert_record
from campaigns.services.campaigns import (
    DeliverableSpec,
    campaign_close,
    campaign_create,
    campaign_create_from_template,
    default_participants,
)
from campaigns.services.scores import campaign_scores_recompute

ACTIVITIES = [
    (ActivityKind.COMMUNITY, "保险知识进社区", "乌鲁木齐市天山区", 320, 0),
    (ActivityKind.SCHOOL, "金融知识进校园", "新疆大学", 450, 0),
    (ActivityKind.SENIOR_UNIVERSITY, "防范非法集资进老年大学", "自治区老年大学", 180, 0),
    (ActivityKind.CARE_HOME, "保险服务进养老院", "沙依巴克区养老院", 90, 0),
    (ActivityKind.GM_RECEPTION, "总经理接待日", "公司营业大厅", 60, 0),
    (ActivityKind.LIVE_STREAM, "消保知识线上直播", "抖音直播间", 0, 52000),
    (ActivityKind.SHORT_VIDEO, "识别保险诈骗短视频", "视频号", 0, 18000),
    (ActivityKind.MEDIA_ARTICLE, "理赔服务案例报道", "新疆日报", 0, 9000),
]


def _manager(org) -> User | None:
    m = (
        Membership.objects.filter(organisation=org, role=Role.MEMBER_MANAGER, is_active=True)
        .select_related("user")
        .first()
    )
    return m.user if m else None


def _fill(campaign: Campaign, staff, *, activities_per_member: int, today: dt.date) -> None:
    orgs = list(campaign.participants.order_by("name"))
    for i, org in enumerate(orgs):
        manager = _manager(org)
        if manager is None:
            continue
        for j in range((activities_per_member + i) % (activities_per_member + 1)):
            kind, title, place, audience, views = ACTIVITIES[(i + j) % len(ACTIVITIES)]
            held_on = min(
                campaign.starts_on + dt.timedelta(days=j % max(1, (campaign.ends_on - campaign.starts_on).days + 1)),
                today,
            )
            with story_at(at(held_on, 18, 30)):  # recorded the evening of the activity
                activity_record(
                    actor=manager,
                    campaign=campaign,
                    organisation=org,
                    kind=kind,
                    title=title,
                    held_on=held_on,
                    place=place,
                    audience=audience + 13 * i,
                    views=views,
                    coverage_links="https://www.xjbx.org.cn/news/" + str(1000 + i * 10 + j) if views else "",
                    mainstream_media=kind == ActivityKind.MEDIA_ARTICLE,
                    original_content=kind in (ActivityKind.SHORT_VIDEO, ActivityKind.LIVE_STREAM),
                )
        if i % 3 != 2:
            written = min(campaign.ends_on, today)
            with story_at(at(written, 11, 0)):
                draft = news_draft_submit(
                    actor=manager,
                    campaign=campaign,
                    organisation=org,
                    title=f"{org.short_name or org.name}开展{campaign.get_kind_display()}活动",
                    body="活动期间，公司组织员工深入社区、学校，普及保险知识，提示风险，受到群众欢迎。",
                )
            if i % 2 == 0:
                with story_at(at(add_working_days(written, 1), 15, 0)):
                    news_draft_publish(
                        actor=staff,
                        draft=draft,
                        outlet=Outlet.ASSOCIATION_SITE,
                        link=f"https://www.xjbx.org.cn/news/{campaign.pk}-{org.pk}",
                    )


def _answer_deliverables(campaign: Campaign, staff, *, skip_every: int) -> None:
    """Most members submit their plan and summary, each at the time its story gives (most a few hours
    before the deadline, every fifth the next morning, some never): the scores differ. Staff accept half
    of them the next working day."""
    obligations = deliverable_obligations(campaign).filter(status="open").select_related("organisation")
    for n, ob in enumerate(obligations.order_by("organisation__name", "due_at")):
        if n % skip_every == skip_every - 1:
            continue  # missing
        manager = _manager(ob.organisation)
        if manager is None:
            continue
        late = n % 5 == 0
        sent = ob.due_at + (dt.timedelta(hours=16) if late else -dt.timedelta(hours=2 + n % 30))
        with story_at(sent):
            obligation_submit(obligation=ob, actor=manager, text="见附件活动方案/总结。")
        if n % 2 == 0:
            with story_at(at(add_working_days(timezone.localtime(sent).date(), 1), 10, 0)):
                obligation_accept(obligation=ob, actor=staff)


def seed_demo() -> None:
    if Campaign.objects.exists():
        return
    staff = User.objects.get(username="staff")
    today = real_today()
    year = today.year
    participants = list(default_participants())
    if not participants:
        return
    templates = {t.kind: t for t in CampaignTemplate.objects.all()}
    for kind in (CampaignKind.CONSUMER_RIGHTS_WEEK, CampaignKind.AWARENESS_DAY):
        template = templates.get(kind)
        if template is None or dt.date(year, template.start_month, template.start_day) > today - dt.timedelta(days=20):
            continue
        starts_on = dt.date(year, template.start_month, template.start_day)
        with story_at(at(working_days_before(10, starts_on), 10, 0)):  # planned two weeks before
            campaign = campaign_create_from_template(
                actor=staff, template=template, year=year, participants=participants
            )
        _fill(campaign, staff, activities_per_member=4, today=today)
        _answer_deliverables(campaign, staff, skip_every=7)
        last_due = max(o.due_at for o in deliverable_obligations(campaign))
        with story_at(at(add_working_days(timezone.localtime(last_due).date(), 5), 10, 0)) as closed_at:
            campaign_close(actor=staff, campaign=campaign, now=closed_at)
            campaign_scores_recompute(campaign=campaign)
    start = today - dt.timedelta(days=5)
    end = today + dt.timedelta(days=9)
    with story_at(at(working_days_before(5, start), 10, 0)):
        running = campaign_create(
            actor=staff,
            kind=CampaignKind.INITIATIVE,
            title=f"{year}年“守护消费者权益”冬季防灾减灾保险服务倡议",
            theme="响应行业协会倡议书，做好冬季雪灾、冰冻等灾害的保险服务与知识普及。",
            slogan="防灾减灾 保险同行",
            starts_on=start,
            ends_on=end,
            participants=participants,
            deliverables=[
                DeliverableSpec(DeliverableKind.NEWS_DRAFTS, "活动期间新闻稿", end_of_working_day(end)),
                DeliverableSpec(DeliverableKind.SUMMARY, "倡议落实情况总结", due_in_working_days(3, end)),
            ],
        )
    _fill(running, staff, activities_per_member=2, today=today)
    campaign_scores_recompute(campaign=running)
    _alerts(staff, participants)


def _alerts(staff, participants) -> None:
    """Public-opinion alerts of the last two days: one acknowledged within the hour, one closed, one new."""
    first, second = participants[0], participants[min(1, len(participants) - 1)]
    noticed = real_now() - dt.timedelta(hours=26)
    with story_at(noticed):
        alert = alert_record(
            actor=staff,
            organisation=first,
            source="微博",
            link="https://weibo.com/",
            summary="网民反映车险理赔周期过长，转发量较高，需核实情况并回应。",
            severity="high",
        )
    manager = _manager(first)
    if manager is not None:
        with story_at(noticed + dt.timedelta(minutes=35)):
            alert_acknowledge(actor=manager, alert=alert)
    with story_at(noticed + dt.timedelta(hours=3)):
        closed = alert_record(
            actor=staff, organisation=second, source="抖音", summary="短视频称某营业网点拒绝受理退保。",
            severity="medium",
        )  # fmt: skip
    with story_at(noticed + dt.timedelta(hours=21)):
        alert_close(actor=staff, alert=closed, outcome="公司已核实并联系当事人，退保已办理，视频发布者已更新说明。")
    with story_at(real_now() - dt.timedelta(hours=1)):
        alert_record(
            actor=staff, organisation=second, source="本地论坛", summary="帖子质疑健康险续保条件。", severity="low"
        )
