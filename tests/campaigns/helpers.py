"""Campaigns, activities and alerts for the campaigns tests."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.choices import DeliverableKind
from campaigns.services.activities import activity_record
from campaigns.services.alerts import alert_record
from campaigns.services.campaigns import DeliverableSpec, campaign_create
from tests.association.test_attachments import make_pdf, make_png


def png(name="现场.png"):
    return SimpleUploadedFile(name, make_png(), content_type="image/png")


def at(d: dt.date, hour=17, minute=30) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def make_campaign(world, *, participants=None, starts_on=None, ends_on=None, plan=False, title="消保宣传周"):
    """A running campaign (started 3 days ago, ends in 4) with a plan, news drafts and a summary."""
    today = timezone.localdate()
    starts_on = starts_on or today - dt.timedelta(days=3)
    ends_on = ends_on or today + dt.timedelta(days=4)
    return campaign_create(
        actor=world.users["staff"],
        kind="consumer_rights_week",
        title=title,
        slogan="共促消费公平",
        starts_on=starts_on,
        ends_on=ends_on,
        participants=participants if participants is not None else [world.org_a_branch],
        plan_document=SimpleUploadedFile("方案.pdf", make_pdf()) if plan else None,
        deliverables=[
            DeliverableSpec(DeliverableKind.ACTIVITY_PLAN, "活动方案", at(starts_on - dt.timedelta(days=1))),
            DeliverableSpec(DeliverableKind.NEWS_DRAFTS, "新闻稿", at(ends_on)),
            DeliverableSpec(DeliverableKind.SUMMARY, "活动总结", at(ends_on + dt.timedelta(days=2))),
        ],
    )


def record(world, campaign, *, organisation=None, kind="community", photos=(), user="member_a_manager", **extra):
    fields = {
        "kind": kind,
        "title": "保险知识进社区",
        "held_on": timezone.localdate(),
        "place": "伊宁市",
        "audience": 120,
    } | extra
    return activity_record(
        actor=world.users[user],
        campaign=campaign,
        organisation=organisation or world.org_a_branch,
        photos=photos,
        **fields,
    )


def make_alert(world, *, organisation=None, severity="high"):
    return alert_record(
        actor=world.users["staff"],
        organisation=organisation or world.org_a_branch,
        source="微博",
        link="https://weibo.com/1",
        summary="理赔纠纷帖子",
        severity=severity,
    )


def matrix_campaign(world):
    """A's branch takes part (region X); it has a plan document, one activity with a photo."""
    campaign = make_campaign(world, plan=True)
    record(world, campaign, photos=[png()])
    return campaign
