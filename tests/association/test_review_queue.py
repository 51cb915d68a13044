"""The review queue for staff: filters (kind, organisation, waiting since), "accept selected" (all or
none, through the service), the next submission after each review and the count left; staff who
submit for a member say so (代为报送) and the history records it."""

import datetime as dt

import pghistory.models
import pytest
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus, ReviewOutcome
from association.models import Submission
from association.services.obligations import obligation_accept, obligation_create, obligation_submit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def waiting(world, org, title, *, kind=ObligationKind.DATA_RETURN, days_ago=0):
    ob = obligation_create(organisation=org, kind=kind, title=title, due_at=timezone.now() + dt.timedelta(days=5))
    obligation_submit(
        obligation=ob,
        actor=world.users["member_a_manager"] if org != world.org_b else world.users["member_b"],
        text="报送",
    )
    if days_ago:  # a submission that has waited: its time set as if it came in days ago
        Submission.objects.filter(obligation=ob).update(submitted_at=timezone.now() - dt.timedelta(days=days_ago))
        type(ob).objects.filter(pk=ob.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days_ago))
    return ob


def rows(page: str) -> list[str]:
    return [line.split('"')[0] for line in page.split('<tr id="obligation-')[1:]]


def test_queue_filters_by_kind_organisation_and_waiting_since(world, client):
    old = waiting(world, world.org_a, "甲公司月报", days_ago=4)
    recent = waiting(world, world.org_b, "乙公司月报")
    reply = waiting(world, world.org_b, "乙公司书面回复", kind=ObligationKind.NOTICE_REPLY, days_ago=2)
    c = client_for(client, world.users["staff"])
    page = c.get("/inbox/", {"status": "review"}).content.decode()
    assert set(rows(page)) == {str(old.pk), str(recent.pk), str(reply.pk)}
    assert 'data-count="3"' in page and "3份报送待审核" in page
    assert rows(c.get("/inbox/", {"status": "review", "waiting": "3"}).content.decode()) == [str(old.pk)]
    assert set(rows(c.get("/inbox/", {"status": "review", "waiting": "1"}).content.decode())) == {
        str(old.pk),
        str(reply.pk),
    }
    page = c.get("/inbox/", {"status": "review", "organisation": world.org_b.pk, "kind": "notice_reply"}).content
    assert rows(page.decode()) == [str(reply.pk)]
    # a bad value is ignored, not an error
    assert c.get("/inbox/", {"status": "review", "waiting": "x"}).status_code == 200


def test_accept_selected_accepts_each_and_says_how_many(world, client):
    obs = [waiting(world, world.org_a, f"月报{i}") for i in range(3)]
    left = waiting(world, world.org_b, "乙公司月报")
    c = client_for(client, world.users["staff"])
    page = c.get("/inbox/", {"status": "review"}).content.decode()
    assert 'id="accept-selected-form"' in page and 'name="obligation"' in page
    response = c.post(
        "/inbox/accept-selected/",
        {"obligation": [str(ob.pk) for ob in obs], "next": "/inbox/?status=review"},
        follow=True,
    )
    page = response.content.decode()
    assert "已通过3份报送。" in page and "还有1份报送待审核。" in page
    for ob in obs:
        ob.refresh_from_db()
        assert ob.status == ObligationStatus.ACCEPTED
        assert ob.submissions.get().outcome == ReviewOutcome.ACCEPTED
        assert ob.submissions.get().reviewed_by == world.users["staff"]
    assert rows(page) == [str(left.pk)]


def test_accept_selected_is_all_or_nothing(world, client):
    first, second = waiting(world, world.org_a, "月报一"), waiting(world, world.org_a, "月报二")
    obligation_accept(obligation=second, actor=world.users["staff"])  # someone else was quicker
    c = client_for(client, world.users["staff"])
    page = c.post("/inbox/accept-selected/", {"obligation": [first.pk, second.pk]}, follow=True).content.decode()
    assert "月报二" in page and "所选报送均未通过" in page
    first.refresh_from_db()
    assert first.status == ObligationStatus.SUBMITTED  # rolled back with the other
    # nothing selected, a bad id, an unknown id: a clear message, nothing changes
    for data in ({}, {"obligation": "abc"}, {"obligation": "999999"}):
        page = c.post("/inbox/accept-selected/", data, follow=True).content.decode()
        assert "请勾选要通过的报送。" in page or "所选事项中有的已不存在" in page
    first.refresh_from_db()
    assert first.status == ObligationStatus.SUBMITTED


def test_members_and_regulators_cannot_accept_selected(world, client):
    ob = waiting(world, world.org_a, "月报")
    for role in ("member_a_manager", "regulator_province"):
        c = client_for(client, world.users[role])
        assert c.post("/inbox/accept-selected/", {"obligation": ob.pk}).status_code == 403
        assert 'id="accept-selected-form"' not in c.get("/inbox/").content.decode()
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.SUBMITTED


def test_after_a_review_the_next_one_opens_with_the_count_left(world, client):
    oldest = waiting(world, world.org_a, "月报一", days_ago=3)
    middle = waiting(world, world.org_a, "月报二", days_ago=2)
    c = client_for(client, world.users["staff"])
    page = c.get(f"/obligations/{oldest.pk}/").content.decode()
    assert "还有1份待审核" in page and f'href="/obligations/{middle.pk}/#review">下一份' in page
    response = c.post(f"/obligations/{oldest.pk}/", {"action": "accept"})
    assert response.status_code == 302 and response.url == f"/obligations/{middle.pk}/#review"
    page = c.get(response.url).content.decode()
    assert "还有1份报送待审核。" in page and "还有0份待审核" in page  # the one open now is the last
    response = c.post(f"/obligations/{middle.pk}/", {"action": "return", "return-comment": "缺少盖章页"})
    assert response.url == "/inbox/?status=review"  # the queue is empty


def test_staff_submitting_for_a_member_say_so_and_the_history_records_it(world, client):
    ob = obligation_create(
        organisation=world.org_a,
        kind=ObligationKind.DATA_RETURN,
        title="月报",
        due_at=timezone.now() + dt.timedelta(days=2),
    )
    c = client_for(client, world.users["staff"])
    page = c.get(f"/obligations/{ob.pk}/").content.decode()
    assert 'id="on-behalf"' in page and "代为报送" in page
    assert c.post(f"/obligations/{ob.pk}/", {"action": "submit", "text": "电话报告内容"}).status_code == 302
    submission = ob.submissions.get()
    assert submission.on_behalf and submission.submitted_by == world.users["staff"]
    event = Submission.pgh_event_model.objects.get(pgh_obj_id=submission.pk, pgh_label="insert")
    assert event.on_behalf and event.submitted_by_id == world.users["staff"].pk
    assert (
        pghistory.models.Events.objects.get(pgh_id=event.pgh_id, pgh_model="association.SubmissionEvent").pgh_context[
            "user"
        ]
        == world.users["staff"].pk
    )
    page = c.get(f"/obligations/{ob.pk}/").content.decode()
    assert 'class="badge bg-warning text-dark on-behalf">代为报送' in page
    # a member's own submission is not "on behalf"
    other = obligation_create(
        organisation=world.org_a,
        kind=ObligationKind.DATA_RETURN,
        title="月报二",
        due_at=timezone.now() + dt.timedelta(days=2),
    )
    member = client_for(client, world.users["member_a_manager"])
    assert 'id="on-behalf"' not in member.get(f"/obligations/{other.pk}/").content.decode()
    obligation_submit(obligation=other, actor=world.users["member_a_manager"], text="报送")
    assert not other.submissions.get().on_behalf
