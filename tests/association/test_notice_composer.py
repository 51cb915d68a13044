"""The notice composer in the portal (issue 15, point 2): who a selection reaches, compose → preview → issue with a
generated document number, the reply status of every recipient, "remind those who have not replied", scope,
bad input, query counts."""

import datetime as dt
import re

import pghistory.models
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.choices import ObligationStatus, OrganisationKind, OrganisationTier
from association.models import Notice, Notification, Obligation, OutboundEmail, RecipientGroup, ReminderLog
from association.selectors.notices import resolve_recipients
from association.services.notice_composer import notice_compose, notice_remind, recipient_group_create
from association.services.notices import notice_issue, notice_withdraw
from association.services.obligations import obligation_submit
from tests.association.test_obligation_pages import PDF
from tests.conftest import client_for
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def more(world):
    """A head office, a life insurer in 喀什, a suspended broker and an inactive property insurer."""
    return {
        "head_office": OrganisationFactory(name="甲财险总公司", tier=OrganisationTier.HEAD_OFFICE),
        "life_y": OrganisationFactory(
            name="丙人寿喀什中心支公司", kind=OrganisationKind.LIFE_INSURER, region=world.region_y
        ),
        "suspended": OrganisationFactory(
            name="丁经纪新疆分公司", kind=OrganisationKind.BROKER, membership_status="suspended"
        ),
        "inactive": OrganisationFactory(name="戊财险新疆分公司", is_active=False, region=world.region_x),
    }


def _names(qs):
    return {o.name for o in qs}


MEMBERS = {"甲财险新疆分公司", "甲财险伊犁中心支公司", "乙财险新疆分公司", "丙人寿喀什中心支公司"}
PROPERTY = {"甲财险新疆分公司", "甲财险伊犁中心支公司", "乙财险新疆分公司"}
IN_X = {"甲财险伊犁中心支公司", "乙财险新疆分公司"}


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        # all members: branches in membership; never a head office, a regulator, the association, a suspended
        # or an inactive one
        ({"all_members": True}, MEMBERS),
        ({"kinds": ["property_insurer"]}, PROPERTY),
        ({"kinds": ["life_insurer"]}, {"丙人寿喀什中心支公司"}),
        ({"kinds": ["regulator"]}, set()),  # a kind sweeps up members only
        ({"regions": ["region_x"]}, IN_X),
        ({"regions": ["province"]}, MEMBERS),  # a province holds its prefectures
        ({"kinds": ["property_insurer"], "regions": ["region_x"]}, IN_X),
        ({"kinds": ["life_insurer"], "regions": ["region_x"]}, set()),
        ({"groups": True}, {"甲财险总公司", "测试监管局"}),  # a saved group is taken as it is
        ({"organisations": ["association", "org_b"]}, {"测试保险行业协会", "乙财险新疆分公司"}),
        (
            {"all_members": True, "organisations": ["head_office", "sub_bureau_x"]},
            MEMBERS | {"甲财险总公司", "伊犁监管分局"},
        ),
        ({}, set()),
    ],
)
def test_recipient_resolution(world, more, selection, expected):
    def obj(key):
        return more.get(key) or getattr(world, key)

    kwargs = {
        "all_members": selection.get("all_members", False),
        "kinds": selection.get("kinds", ()),
        "regions": [obj(k) for k in selection.get("regions", ())],
        "organisations": [obj(k) for k in selection.get("organisations", ())],
    }
    if selection.get("groups"):
        group = recipient_group_create(
            actor=world.users["staff"], name="总公司与监管", organisations=[more["head_office"], world.bureau]
        )
        kwargs["groups"] = [group]
    assert _names(resolve_recipients(**kwargs)) == expected


def _post(world, client, data, url="/notices/new/", files=None):
    c = client_for(client, world.users["staff"])
    return c.post(url, {**data, **(files or {})})


def _form(**over):
    due = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "kind": "notice",
        "title": "关于报送2026年防灾减灾工作总结的通知",
        "body": "各财产保险公司：请于规定时间内报送工作总结。",
        "kinds": ["property_insurer"],
        "reply_title_1": "防灾减灾工作总结",
        "reply_due_1": due,
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_compose_preview_issue_with_a_generated_number(world, client, more, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _post(world, client, _form(), files={"document": SimpleUploadedFile("通知.pdf", PDF)})
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/notices/{notice.pk}/preview/"
    assert notice.issued_at is None and notice.reference == "" and notice.document
    assert _names(notice.recipients.all()) == PROPERTY
    assert [r.title for r in notice.replies.all()] == ["防灾减灾工作总结"]
    html = client.get(f"/notices/{notice.pk}/preview/").content.decode()
    assert 'data-count="3"' in html and "甲财险伊犁中心支公司" in html and "甲财险总公司" not in html
    assert Obligation.objects.count() == 0 and Notification.objects.count() == 0  # nothing sent yet
    response = client.post(f"/notices/{notice.pk}/issue/")
    notice.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/notices/{notice.pk}/replies/"
    year = timezone.localtime(notice.issued_at).year
    assert re.fullmatch(rf"新保协发〔{year}〕\d+号", notice.reference)
    assert Obligation.objects.filter(subject_id=notice.pk, kind="notice_reply").count() == 3
    # issued: no second issue, no edit, no delete (the draft-only pages are 404 now)
    assert client.post(f"/notices/{notice.pk}/issue/").status_code == 404
    assert client.get(f"/notices/{notice.pk}/edit/").status_code == 404
    assert client.post(f"/notices/{notice.pk}/delete/").status_code == 404
    # the next one gets the next number
    _post(world, client, _form(title="第二份通知"))
    second = Notice.objects.get(title="第二份通知")
    client.post(f"/notices/{second.pk}/issue/")
    second.refresh_from_db()
    assert int(re.search(r"〕(\d+)号", second.reference)[1]) == int(re.search(r"〕(\d+)号", notice.reference)[1]) + 1


def test_a_draft_is_edited_and_deleted(world, client):
    _post(world, client, _form())
    notice = Notice.objects.get()
    response = client.get(f"/notices/{notice.pk}/edit/")
    assert response.status_code == 200 and "防灾减灾工作总结" in response.content.decode()
    response = _post(
        world,
        client,
        _form(title="改过的标题", kinds=None, organisations=[world.bureau.pk], reply_title_1="", reply_due_1=""),
        url=f"/notices/{notice.pk}/edit/",
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "改过的标题" and _names(notice.recipients.all()) == {"测试监管局"}
    assert not notice.replies.exists()
    assert client.post(f"/notices/{notice.pk}/delete/").status_code == 302
    assert not Notice.objects.exists()


def test_the_selection_is_saved_as_a_group_once(world, client):
    assert _post(world, client, _form(save_group_as="财产险公司")).status_code == 302
    group = RecipientGroup.objects.get()
    assert _names(group.organisations.all()) == PROPERTY and group.created_by == world.users["staff"]
    response = _post(world, client, _form(save_group_as="财产险公司"))
    assert response.status_code == 200 and "已有同名" in response.content.decode()
    assert Notice.objects.count() == 1
    # chosen again by the next notice; staff can delete it
    assert _post(world, client, _form(kinds=None, groups=[group.pk], title="再发")).status_code == 302
    assert _names(Notice.objects.get(title="再发").recipients.all()) == PROPERTY
    assert client.get("/notices/groups/").status_code == 200
    assert client.post(f"/notices/groups/{group.pk}/delete/").status_code == 302
    assert not RecipientGroup.objects.exists()


@pytest.mark.parametrize(
    "over",
    [
        {"title": ""},
        {"body": ""},
        {"kind": "memo"},
        {"kinds": None},  # nobody chosen
        {"kinds": ["nonsense"]},
        {"organisations": ["999999"]},
        {"regions": ["abc"]},
        {"groups": ["-1"]},
        {"reply_due_1": "2026-13-45T99:99"},
        {"reply_due_1": "99999-01-01T00:00"},
        {"reply_due_1": "2020-01-01T08:00"},  # in the past
        {"reply_due_1": ""},  # a reply with no due time
        {"reply_title_1": ""},  # a due time with nothing asked
        {"title": "x" * 301},
        {"save_group_as": "y" * 101},
    ],
)
def test_bad_input_is_a_form_error(world, client, over):
    response = _post(world, client, _form(**over))
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode() or "notice-compose-errors" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_bad_attachment_is_refused(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exe = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = _post(world, client, _form(), files={"document": exe})
    assert response.status_code == 200 and not Notice.objects.exists()


# --- reply status and reminders --------------------------------------------------------------------


def _issued(world, recipients, *, due_in=dt.timedelta(days=3)):
    staff = world.users["staff"]
    notice = notice_compose(
        actor=staff,
        title="关于报送消保工作总结的通知",
        body="请按时报送。",
        kind="notice",
        recipients=recipients,
        replies=[("工作总结", timezone.now() + due_in)],
    )
    notice_issue(notice=notice, actor=staff)
    notice.refresh_from_db()
    return notice


def _owed(notice, org):
    return Obligation.objects.get(subject_id=notice.pk, kind="notice_reply", organisation=org)


def test_remind_reaches_only_those_who_have_not_replied(world, client):
    from association.models import User

    User.objects.filter(username__in=["member_a_manager", "member_b"]).update(email="a@example.cn")
    notice = _issued(world, [world.org_a, world.org_a_branch, world.org_b])
    obligation_submit(obligation=_owed(notice, world.org_b), actor=world.users["member_b"], text="已报送。")
    Notification.objects.all().delete()
    staff = world.users["staff"]
    assert notice_remind(notice=notice, actor=staff) == 2
    logs = ReminderLog.objects.filter(step__startswith="remind:")
    assert {log.obligation.organisation for log in logs} == {world.org_a, world.org_a_branch}
    told = set(Notification.objects.values_list("user__username", flat=True))
    # A's users for A and for its branch (a head of a branch is told); B replied and is not
    assert told == {"member_a_manager", "member_a_reporter"}
    assert Notification.objects.count() == 4
    assert all("催报" in n.title or "逾期" in n.title or "reply" in n.title.lower() for n in Notification.objects.all())
    assert OutboundEmail.objects.filter(reminder__in=logs).count() == 2
    # the history names the actor
    events = pghistory.models.Events.objects.filter(pgh_model="association.ReminderLogEvent", pgh_label="insert")
    assert events.count() == 2 and all(e.pgh_context["user"] == staff.pk for e in events)
    # the status page shows who replied, who has not, and when they were last reminded
    html = client_for(client, staff).get(f"/notices/{notice.pk}/replies/").content.decode()
    assert 'id="count-replied" data-count="1"' not in html  # attribute order: data-count first
    assert 'data-count="1" id="count-replied"' in html and 'data-count="2" id="count-not-yet"' in html
    reminded = timezone.localtime(logs[0].created_at).strftime("%Y-%m-%d %H:%M")
    assert html.count(reminded) >= 2
    # each press reminds again, once per recipient
    assert notice_remind(notice=notice, actor=staff) == 2
    assert ReminderLog.objects.filter(step__startswith="remind:").count() == 4


def test_remind_through_the_page_and_the_late_ones(world, client):
    notice = _issued(world, [world.org_a, world.org_b], due_in=dt.timedelta(days=3))
    Obligation.objects.filter(organisation=world.org_a).update(due_at=timezone.now() - dt.timedelta(hours=2))
    c = client_for(client, world.users["staff"])
    html = c.get(f"/notices/{notice.pk}/replies/").content.decode()
    assert 'data-count="1" id="count-late"' in html and 'data-state="late"' in html
    response = c.post(f"/notices/{notice.pk}/remind/", follow=True)
    assert "已催报2家尚未回复的单位。" in response.content.decode()
    assert Notification.objects.filter(title__startswith="逾期未回复").count() == 2  # A's two users, late


def test_nobody_to_remind_and_a_withdrawn_notice(world, client):
    notice = _issued(world, [world.org_b])
    obligation_submit(obligation=_owed(notice, world.org_b), actor=world.users["member_b"], text="已报送。")
    c = client_for(client, world.users["staff"])
    assert "都已回复" in c.post(f"/notices/{notice.pk}/remind/", follow=True).content.decode()
    other = _issued(world, [world.org_a])
    notice_withdraw(notice=other, actor=world.users["staff"], reason="内容有误")
    response = c.post(f"/notices/{other.pk}/remind/", follow=True)
    assert response.status_code == 200 and not ReminderLog.objects.filter(step__startswith="remind:").exists()
    assert Obligation.objects.get(subject_id=other.pk).status == ObligationStatus.CANCELLED


@pytest.mark.parametrize("role", ["member_a_manager", "member_a_reporter", "member_b", "regulator_x", "mediator"])
def test_only_staff_compose_and_remind(world, client, role):
    notice = _issued(world, [world.org_b])
    draft = notice_compose(
        actor=world.users["staff"], kind="notice", title="草稿", body="x", recipients=[world.org_a], replies=[]
    )
    c = client_for(client, world.users[role])
    for url in ["/notices/new/", f"/notices/{draft.pk}/preview/", f"/notices/{notice.pk}/replies/", "/notices/groups/"]:
        assert c.get(url).status_code == 404, url
    assert c.post(f"/notices/{notice.pk}/remind/").status_code == 404
    assert c.post(f"/notices/{draft.pk}/issue/").status_code == 404
    assert "notice-compose" not in c.get("/notices/").content.decode()
    # members read only what was addressed to them: B's notice is 404 for A
    expected = 200 if role in ("member_b",) else 404
    if role == "regulator_x":
        expected = 200  # the sub-bureau reads its region's member B
    assert c.get(f"/notices/{notice.pk}/").status_code == expected
    assert not ReminderLog.objects.exists()


def test_staff_see_the_compose_button(world, client):
    html = client_for(client, world.users["staff"]).get("/notices/").content.decode()
    assert 'id="notice-compose" href="/notices/new/"' in html


def _status_queries(client, world, n):
    orgs = [OrganisationFactory(name=f"测试财险{n}-{i}", region=world.region_x) for i in range(n)]
    notice = _issued(world, orgs)
    for org in orgs[: n // 2]:
        Obligation.objects.filter(subject_id=notice.pk, organisation=org).update(
            status=ObligationStatus.SUBMITTED, submitted_at=timezone.now(), first_submitted_at=timezone.now()
        )
    notice_remind(notice=notice, actor=world.users["staff"])
    c = client_for(client, world.users["staff"])
    c.get(f"/notices/{notice.pk}/replies/")  # warm the session and content types
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(f"/notices/{notice.pk}/replies/")
    assert response.status_code == 200 and response.content.decode().count('data-state="') == n
    return len(ctx.captured_queries)


def test_the_status_page_costs_the_same_for_1_or_100_recipients(world, client, django_assert_max_num_queries):
    one = _status_queries(client, world, 1)
    hundred = _status_queries(client, world, 100)
    assert one == hundred
    notice = Notice.objects.order_by("-pk").first()
    with django_assert_max_num_queries(one):
        client.get(f"/notices/{notice.pk}/replies/")
