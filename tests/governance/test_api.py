"""The governance API: lists as each role sees them, and the three answers a member owes (attendance reply,
consultation feedback, trainee registration) through the services, which close the inbox obligation."""

import pytest

from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation
from governance.choices import Reply
from governance.models import Comment, Trainee
from governance.services.meetings import meeting_minutes_save, meeting_publish, meeting_sign_in, resolution_record
from tests.conftest import client_for
from tests.governance.helpers import make_consultation, make_council, make_meeting, make_training
from tests.governance.test_services import _travel

pytestmark = pytest.mark.django_db

API = "/api/v1/governance/"


def _post(c, url, data):
    return c.post(url, data, content_type="application/json")


def _results(c, path):
    response = c.get(API + path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_lists_follow_scope(world, client):
    make_meeting(world, invitees=[world.org_a_branch], shared=False)
    make_consultation(world, shared=True)
    make_training(world)
    member_a = client_for(client, world.users["member_a_manager"])
    assert [m["title"] for m in _results(member_a, "meetings/")] == ["七届四次理事会"]
    assert len(_results(member_a, "consultations/")) == 1
    assert len(_results(member_a, "trainings/")) == 1
    assert [b["name"] for b in _results(member_a, "bodies/")] == ["理事会"]

    member_b = client_for(client, world.users["member_b"])
    assert _results(member_b, "meetings/") == []  # not invited (though it sits on the council)
    assert _results(member_b, "consultations/") == [] and _results(member_b, "trainings/") == []

    regulator = client_for(client, world.users["regulator_x"])
    assert _results(regulator, "meetings/") == []  # not shared with regulators
    assert len(_results(regulator, "consultations/")) == 1  # shared, sent to a company in its region
    assert _results(regulator, "trainings/") == []

    mediator = client_for(client, world.users["mediator"])
    for path in ["bodies/", "meetings/", "consultations/", "trainings/"]:
        assert _results(mediator, path) == []


def test_meeting_reply_answers_the_obligation(world, client):
    meeting = make_meeting(world)
    c = client_for(client, world.users["member_a_reporter"])
    url = f"{API}meetings/{meeting.pk}/reply/"

    r = _post(c, url, {"organisation": world.org_a_branch.pk, "attend": True})
    assert r.status_code == 400 and "attendees" in r.json()
    r = _post(c, url, {"organisation": world.org_b.pk, "attend": False, "leave_reason": "出差"})
    assert r.status_code == 400 and "organisation" in r.json()  # another company reads like a missing one

    r = _post(c, url, {"organisation": world.org_a_branch.pk, "attend": True, "attendees": "张三 总经理"})
    assert r.status_code == 200, r.content
    assert r.json()["reply"] == Reply.ATTEND and r.json()["attendees"] == "张三 总经理"
    owed = Obligation.objects.get(kind=ObligationKind.MEETING_REPLY, organisation=world.org_a_branch)
    assert owed.status == ObligationStatus.SUBMITTED
    assert Obligation.objects.get(kind=ObligationKind.MEETING_REPLY, organisation=world.org_b).status == "open"

    detail = c.get(f"{API}meetings/{meeting.pk}/").json()
    assert [i["organisation"] for i in detail["invitations"]] == [world.org_a_branch.pk]
    assert [a["title"] for a in detail["agenda"]] == ["审议2025年工作报告", "审议财务报告"]
    assert detail["replied"] == 1 and detail["invited"] == 2


def test_regulator_reads_a_shared_meeting_and_its_resolutions_once_published(world, client):
    meeting = make_meeting(world, body=make_council(world, orgs=[world.org_a_branch]))
    regulator = client_for(client, world.users["regulator_x"])
    r = _post(regulator, f"{API}meetings/{meeting.pk}/reply/", {"organisation": world.org_a_branch.pk, "attend": False})
    assert r.status_code == 403
    _travel(meeting, -1)
    staff = world.users["staff"]
    meeting_sign_in(actor=staff, meeting=meeting, organisation=world.org_a_branch, name="张三")
    resolution_record(actor=staff, meeting=meeting, title="通过工作报告", votes_for=1, votes_against=0, votes_abstain=0)
    meeting_minutes_save(actor=staff, meeting=meeting, minutes="会议纪要")
    before = regulator.get(f"{API}meetings/{meeting.pk}/").json()
    assert before["minutes"] is None and before["resolutions"] == []
    meeting_publish(actor=staff, meeting=meeting)
    after = regulator.get(f"{API}meetings/{meeting.pk}/").json()
    assert after["minutes"] == "会议纪要"
    assert [(x["title"], x["votes_for"], x["quorate"]) for x in after["resolutions"]] == [("通过工作报告", 1, True)]


def test_consultation_feedback_by_clause(world, client):
    consultation = make_consultation(world)
    clause = consultation.clauses.get(number="第二条")
    c = client_for(client, world.users["member_a_manager"])
    url = f"{API}consultations/{consultation.pk}/feedback/"
    org = world.org_a_branch.pk

    r = _post(c, url, {"organisation": org, "comments": [{"clause": 999999, "text": "不对"}]})
    assert r.status_code == 400 and r.json()["comments"][0]["clause"], r.content
    r = _post(c, url, {"organisation": org})
    assert r.status_code == 400  # neither comments nor "no comments"
    assert not Comment.objects.exists()

    r = _post(
        c,
        url,
        {
            "organisation": org,
            "comments": [{"clause": clause.pk, "text": "建议细化", "suggestion": "……"}, {"text": "总体同意"}],
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert [(x["clause_number"], x["text"]) for x in body["comments"]] == [("第二条", "建议细化"), (None, "总体同意")]
    assert body["replied_at"] and body["no_comments"] is False
    owed = Obligation.objects.get(kind=ObligationKind.CONSULTATION_FEEDBACK)
    assert owed.status == ObligationStatus.SUBMITTED

    detail = c.get(f"{API}consultations/{consultation.pk}/").json()
    assert [x["number"] for x in detail["clauses"]][:3] == ["第一条", "第二条", "第三条"]
    assert len(detail["feedback"]) == 2 and detail["replied"] == 1


def test_trainee_registration_within_quota(world, client):
    training = make_training(world, quota=2)
    url = f"{API}trainings/{training.pk}/registration/"
    org = world.org_a_branch.pk

    reporter = client_for(client, world.users["member_a_reporter"])
    assert _post(reporter, url, {"organisation": org, "trainees": [{"name": "张三"}]}).status_code == 403

    manager = client_for(client, world.users["member_a_manager"])
    r = _post(manager, url, {"organisation": org, "trainees": []})
    assert r.status_code == 400 and "trainees" in r.json()
    r = _post(manager, url, {"organisation": org, "trainees": [{"name": "甲"}, {"name": "乙"}, {"name": "丙"}]})
    assert r.status_code == 400 and "trainees" in r.json()  # over the quota of 2
    assert not Trainee.objects.exists()

    r = _post(manager, url, {"organisation": org, "trainees": [{"name": "张三", "position": "合规部经理"}]})
    assert r.status_code == 201, r.content
    assert [(t["name"], t["position"]) for t in r.json()] == [("张三", "合规部经理")]
    assert "phone" not in r.json()[0]
    owed = Obligation.objects.get(kind=ObligationKind.TRAINING_REGISTRATION)
    assert owed.status == ObligationStatus.SUBMITTED
    detail = manager.get(f"{API}trainings/{training.pk}/").json()
    assert detail["open_to"] == [org] and detail["registered"] == 1 and len(detail["trainees"]) == 1


def test_filters(world, client):
    make_meeting(world)
    c = client_for(client, world.users["staff"])
    assert len(_results(c, "meetings/?status=scheduled")) == 1
    assert _results(c, "meetings/?status=held") == []
    assert c.get(f"{API}meetings/?status=nonsense").status_code == 400
    assert c.get(f"{API}meetings/?starts_after=yesterday").status_code == 400
    assert len(_results(c, "bodies/?kind=council")) == 1
