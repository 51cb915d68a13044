"""Campaign workflow through the services: templates, deliverables as obligations, activities, news,
scores and their recomputation, public-opinion alerts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from association.models import Notification, Obligation, OutboundEmail
from association.services.obligations import obligation_submit
from campaigns.models import CampaignScore, CampaignTemplate, OpinionAlert, ScoringItem, ScoringRuleSet
from campaigns.selectors import alert_counts, annual_ranking, deliverable_obligations, ranking
from campaigns.services.activities import news_draft_publish, news_draft_submit
from campaigns.services.alerts import alert_acknowledge, alert_close, alerts_escalate
from campaigns.services.campaigns import campaign_close, campaign_create_from_template
from campaigns.services.scores import campaign_scores_recompute, scores_recompute_for_rules
from tests.association.test_attachments import make_pdf
from tests.campaigns.helpers import make_alert, make_campaign, png, record
from tests.factories import ContactFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _score(campaign, org):
    return CampaignScore.objects.get(campaign=campaign, organisation=org)


def test_template_creates_the_years_campaign_in_one_step(world):
    template = CampaignTemplate.objects.get(kind="consumer_rights_week")
    campaign = campaign_create_from_template(
        actor=world.users["staff"], template=template, year=2022, participants=[world.org_a_branch, world.org_b]
    )
    assert (campaign.starts_on, campaign.ends_on) == (dt.date(2022, 3, 14), dt.date(2022, 3, 20))
    assert campaign.slogan == "共促消费公平 共享数字金融"
    due = {d.kind: timezone.localtime(d.due_at) for d in campaign.deliverables.all()}
    # the summary by 22 March, end of the working day (20 March is a Sunday: 21 and 22 are working days)
    assert due["summary"].replace(tzinfo=None) == dt.datetime(2022, 3, 22, 17, 30)
    assert due["activity_plan"].date() == dt.date(2022, 3, 10)  # two working days before Monday 14 March
    obligations = deliverable_obligations(campaign)
    assert obligations.count() == 6  # 3 deliverables x 2 participants
    assert set(obligations.values_list("kind", flat=True)) == {"campaign_deliverable"}
    assert (
        Notification.objects.filter(user=world.users["member_a_manager"], url__contains=str(campaign.pk)).exists()
        is False
    )
    with pytest.raises(ValidationError):  # once per template and start
        campaign_create_from_template(actor=world.users["staff"], template=template, year=2022)


def test_only_staff_create_campaigns(world):
    template = CampaignTemplate.objects.get(kind="awareness_day")
    with pytest.raises(PermissionDenied):
        campaign_create_from_template(actor=world.users["member_a_manager"], template=template, year=2030)


def test_participants_users_are_told(world):
    campaign = make_campaign(world, participants=[world.org_a])
    assert Notification.objects.filter(user=world.users["member_a_manager"], url=f"/campaigns/{campaign.pk}/").exists()
    assert not Notification.objects.filter(user=world.users["member_b"]).exists()


def test_activity_is_recorded_and_scored(world):
    campaign = make_campaign(world)
    activity = record(world, campaign, kind="live_stream", views=25000, mainstream_media=True, photos=[png()])
    assert activity.photos.count() == 1
    score = _score(campaign, world.org_a_branch)
    # default rules: live stream 4 + mainstream 2 + views 2 (per 10,000, cap 3); the activity plan was due
    # yesterday and is missing: -2
    assert score.total == Decimal("6.0")
    assert {line["item"] for line in score.lines} == {
        "activity:live_stream",
        "bonus:mainstream",
        "bonus:views",
        "deliverable:activity_plan:missing",
    }


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"held_on": dt.date(2000, 1, 1)}, "held_on"),
        ({"coverage_links": "https://ok.example.org/a\nnot a link"}, "coverage_links"),
        ({"title": ""}, "title"),
        ({"kind": "parade"}, "kind"),
    ],
)
def test_bad_activity_input_is_refused_with_the_field(world, extra, field):
    campaign = make_campaign(world)
    with pytest.raises(ValidationError) as exc:
        record(world, campaign, **extra)
    assert field in exc.value.message_dict


def test_future_activity_refused(world):
    campaign = make_campaign(world)
    with pytest.raises(ValidationError) as exc:
        record(world, campaign, held_on=timezone.localdate() + dt.timedelta(days=1))
    assert "held_on" in exc.value.message_dict


def test_photos_are_validated_by_content(world):
    campaign = make_campaign(world)
    fake = SimpleUploadedFile("photo.png", make_pdf())
    with pytest.raises(ValidationError):
        record(world, campaign, photos=[fake])
    assert not campaign.activities.exists()  # nothing stored


def test_members_record_only_for_their_own_organisation(world):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b])
    with pytest.raises(PermissionDenied):
        record(world, campaign, user="member_b")  # for A's branch
    with pytest.raises(PermissionDenied):
        record(world, campaign, user="regulator_x")
    record(world, campaign, user="member_b", organisation=world.org_b)


def test_non_participant_and_closed_campaign_refused(world):
    campaign = make_campaign(world)
    with pytest.raises(ValidationError):
        record(world, campaign, organisation=world.org_a)  # A itself does not take part
    campaign_close(actor=world.users["staff"], campaign=campaign)
    with pytest.raises(ValidationError):
        record(world, campaign)


def test_news_draft_answers_the_news_deliverable_and_publishing_scores(world):
    campaign = make_campaign(world)
    draft = news_draft_submit(
        actor=world.users["member_a_reporter"],
        campaign=campaign,
        organisation=world.org_a_branch,
        title="标题",
        body="正文",
    )
    news_ob = deliverable_obligations(campaign).get(subject_id=campaign.deliverables.get(kind="news_drafts").pk)
    assert news_ob.status == "submitted"
    with pytest.raises(ValidationError):
        news_draft_publish(actor=world.users["staff"], draft=draft, outlet="association_site", link="")
    with pytest.raises(PermissionDenied):
        news_draft_publish(
            actor=world.users["member_a_manager"], draft=draft, outlet="association_site", link="https://x.org/1"
        )
    news_draft_publish(
        actor=world.users["staff"], draft=draft, outlet="named", outlet_name="新疆日报", link="https://x.org/1"
    )
    lines = {line["item"]: line for line in _score(campaign, world.org_a_branch).lines}
    assert lines["news:published"]["points"] == "2.0"
    assert lines["deliverable:news_drafts:on_time"]["points"] == "2.0"


def test_deliverables_on_time_late_missing(world):
    start = timezone.localdate() - dt.timedelta(days=20)
    campaign = make_campaign(world, starts_on=start, ends_on=start + dt.timedelta(days=6))
    obs = {o.subject_id: o for o in deliverable_obligations(campaign)}
    kinds = {d.kind: d.pk for d in campaign.deliverables.all()}
    plan = obs[kinds["activity_plan"]]
    obligation_submit(obligation=plan, actor=world.users["member_a_manager"], text="方案")
    Obligation.objects.filter(pk=plan.pk).update(submitted_at=plan.due_at - dt.timedelta(hours=1))
    summary = obs[kinds["summary"]]
    obligation_submit(obligation=summary, actor=world.users["member_a_manager"], text="总结")
    Obligation.objects.filter(pk=summary.pk).update(submitted_at=summary.due_at + dt.timedelta(days=1))
    campaign_scores_recompute(campaign=campaign)
    lines = {line["item"]: line["points"] for line in _score(campaign, world.org_a_branch).lines}
    assert lines == {
        "deliverable:activity_plan:on_time": "2.0",
        "deliverable:summary:late": "2.5",
        "deliverable:news_drafts:missing": "-2.0",
    }
    assert _score(campaign, world.org_a_branch).total == Decimal("2.5")


def test_changing_the_rules_recomputes(world):
    campaign = make_campaign(world)
    record(world, campaign, kind="community")
    assert _score(campaign, world.org_a_branch).total == Decimal("1.0")  # 3, and -2 for the missing plan
    rules = ScoringRuleSet.objects.get(valid_from_year=2020)
    ScoringItem.objects.filter(rule_set=rules, item="activity:community").update(points="7.5")
    scores_recompute_for_rules(rule_set_id=rules.pk)
    assert _score(campaign, world.org_a_branch).total == Decimal("5.5")
    # a newer rule set governs its years only
    newer = ScoringRuleSet.objects.create(name="2090", valid_from_year=2090)
    scores_recompute_for_rules(rule_set_id=newer.pk)
    assert _score(campaign, world.org_a_branch).total == Decimal("5.5")


def test_ranking_is_scoped_but_ranks_among_all(world):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b])
    record(world, campaign, user="member_b", organisation=world.org_b, kind="live_stream")  # 4
    record(world, campaign, kind="community")  # 3
    staff_rows = ranking(campaign, world.users["staff"])
    assert [(r["rank"], r["organisation"]) for r in staff_rows] == [(1, world.org_b), (2, world.org_a_branch)]
    assert [(r["rank"], r["organisation"]) for r in ranking(campaign, world.users["member_a_manager"])] == [
        (2, world.org_a_branch)
    ]
    assert [r["organisation"] for r in ranking(campaign, world.users["regulator_y"])] == []
    annual = annual_ranking(campaign.starts_on.year, world.users["member_b"])
    assert [(r["rank"], r["organisation_id"]) for r in annual] == [(1, world.org_b.pk)]


def test_alert_notifies_contact_a_then_b(world):
    ContactFactory(organisation=world.org_a_branch, duty="publicity", slot="A", email="a@example.org")
    ContactFactory(organisation=world.org_a_branch, duty="publicity", slot="B", email="b@example.org")
    alert = make_alert(world, severity="critical")
    assert OutboundEmail.objects.filter(to=["a@example.org"]).count() == 1
    assert Notification.objects.filter(
        user=world.users["member_a_manager"], url=f"/campaigns/alerts/{alert.pk}/"
    ).exists()
    assert alert.obligation.kind == "opinion_response" and alert.obligation.organisation == world.org_a_branch
    assert alert.response_due_at - alert.notified_a_at == dt.timedelta(hours=2)
    assert alerts_escalate(now=alert.acknowledge_by - dt.timedelta(minutes=1)) == 0
    later = alert.acknowledge_by + dt.timedelta(minutes=1)
    assert alerts_escalate(now=later) == 1
    assert alerts_escalate(now=later) == 0  # once only
    alert.refresh_from_db()
    assert alert.status == "escalated" and "b@example.org" in alert.contact_b
    assert OutboundEmail.objects.filter(to=["b@example.org"]).count() == 1


def test_acknowledged_alert_is_not_escalated(world):
    alert = make_alert(world)
    with pytest.raises(PermissionDenied):
        alert_acknowledge(actor=world.users["member_b"], alert=alert)
    alert_acknowledge(actor=world.users["member_a_reporter"], alert=alert)
    assert alerts_escalate(now=alert.acknowledge_by + dt.timedelta(hours=1)) == 0


def test_alert_without_publicity_contact_falls_back_to_parent(world):
    ContactFactory(organisation=world.org_a, duty="publicity", slot="A", email="hq@example.org")
    alert = make_alert(world)
    assert "hq@example.org" in alert.contact_a


def test_alert_close_needs_outcome_and_cancels_the_open_response(world):
    alert = make_alert(world)
    with pytest.raises(ValidationError):
        alert_close(actor=world.users["staff"], alert=alert, outcome=" ")
    with pytest.raises(PermissionDenied):
        alert_close(actor=world.users["member_a_manager"], alert=alert, outcome="x")
    alert = alert_close(actor=world.users["staff"], alert=alert, outcome="已澄清")
    alert.obligation.refresh_from_db()
    assert alert.status == "closed" and alert.obligation.status == "cancelled"


def test_alert_counts_by_company_and_severity(world):
    make_alert(world, severity="high")
    make_alert(world, severity="high")
    make_alert(world, organisation=world.org_b, severity="low")
    counts = {r["organisation_id"]: r for r in alert_counts(OpinionAlert.objects.all())}
    assert (counts[world.org_a_branch.pk]["high"], counts[world.org_a_branch.pk]["total"]) == (2, 2)
    assert counts[world.org_b.pk]["low"] == 1
    mine = alert_counts(OpinionAlert.objects.visible_to(world.users["member_b"]))
    assert [r["organisation_id"] for r in mine] == [world.org_b.pk]


def test_activity_delete_rescores(world):
    from campaigns.services.activities import activity_delete

    campaign = make_campaign(world)
    activity = record(world, campaign)
    with pytest.raises(PermissionDenied):
        activity_delete(actor=world.users["member_b"], activity=activity)
    with pytest.raises(PermissionDenied):  # the manager recorded it: a reporter deletes only their own (issue 14)
        activity_delete(actor=world.users["member_a_reporter"], activity=activity)
    activity_delete(actor=world.users["member_a_manager"], activity=activity)
    assert _score(campaign, world.org_a_branch).total == Decimal("-2.0")  # only the missing plan is left


def test_beat_schedules_exist_and_tasks_run(world):
    from django_celery_beat.models import PeriodicTask

    from campaigns.tasks import campaign_scores_refresh_task, opinion_alerts_escalate_task

    tasks = set(PeriodicTask.objects.filter(task__startswith="campaigns.").values_list("task", flat=True))
    assert tasks == {"campaigns.tasks.opinion_alerts_escalate_task", "campaigns.tasks.campaign_scores_refresh_task"}
    make_campaign(world)
    assert campaign_scores_refresh_task.apply().get() == 1
    assert opinion_alerts_escalate_task.apply().get() == 0


def test_added_participant_owes_the_deliverables(world):
    from campaigns.services.campaigns import campaign_add_participants

    campaign = make_campaign(world)
    with pytest.raises(PermissionDenied):
        campaign_add_participants(actor=world.users["member_b"], campaign=campaign, organisations=[world.org_b])
    assert campaign_add_participants(actor=world.users["staff"], campaign=campaign, organisations=[world.org_b]) == 1
    assert deliverable_obligations(campaign).filter(organisation=world.org_b).count() == 3
    assert CampaignScore.objects.filter(campaign=campaign, organisation=world.org_b).exists()
    with pytest.raises(ValidationError):  # already taking part
        campaign_add_participants(actor=world.users["staff"], campaign=campaign, organisations=[world.org_b])
    with pytest.raises(ValidationError):  # not a member company
        campaign_add_participants(actor=world.users["staff"], campaign=campaign, organisations=[world.bureau])
