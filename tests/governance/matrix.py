"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

Every object is about A's branch (region X): the meeting and the consultation are shared with regulators,
so staff, A's users, regulator X and the provincial bureau see them; member B, regulator Y and the mediator
get 404. Trainings are for members only (regulators 404). Regulators are read-only (403 on writes they can
see); staff-only actions give 403 to A's users, who see the object. The QR sign-in page and the calendar
feed have no sign-in: the key in the address is the door (a wrong key is 404)."""

import datetime as dt

from django.core import signing
from django.utils import timezone

from governance.models import Meeting, Training
from governance.services.calendar import calendar_feed_for
from governance.services.meetings import meeting_sign_in, resolution_record
from governance.services.trainings import TraineeSpec, trainees_register, training_sign_in
from tests.conftest import ROLES
from tests.governance.helpers import make_consultation, make_council, make_meeting, make_training
from tests.matrix_tables import api, page

SEES = {"staff", "member_a_manager", "member_a_reporter", "regulator_x", "regulator_province"}
MEMBERS_A = {"staff", "member_a_manager", "member_a_reporter"}
ACTS_FOR_A = {"staff", "member_a_manager", "member_a_reporter"}
MANAGES_A = {"staff", "member_a_manager"}
USERS = set(ROLES) - {"anonymous", "mediator"}
ALL = set(ROLES) - {"anonymous"}
EVERYONE = set(ROLES)


def _meeting(w, *, started=False):
    meeting = Meeting.objects.filter(title="矩阵会议").first()
    if meeting is None:
        body = make_council(w, orgs=[w.org_a_branch])
        meeting = make_meeting(w, body=body, title="矩阵会议")
    if started:
        shift = meeting.starts_at - timezone.now() + dt.timedelta(hours=1)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=meeting.starts_at - shift,
            ends_at=meeting.ends_at - shift,
            reply_due_at=meeting.reply_due_at - shift,
        )
        meeting.refresh_from_db()
    return meeting


def _m(w, suffix=""):
    return f"/governance/meetings/{_meeting(w).pk}/{suffix}"


def _started(w, suffix=""):
    return f"/governance/meetings/{_meeting(w, started=True).pk}/{suffix}"


def _resolution(w):
    meeting = _meeting(w, started=True)
    meeting_sign_in(actor=w.users["staff"], meeting=meeting, organisation=w.org_a_branch, name="张三")
    r = resolution_record(
        actor=w.users["staff"], meeting=meeting, title="决议", votes_for=1, votes_against=0, votes_abstain=0
    )
    return r


def _published_resolution_url(w):
    r = _resolution(w)
    from governance.services.meetings import meeting_minutes_save, meeting_publish

    meeting_minutes_save(actor=w.users["staff"], meeting=r.meeting, minutes="纪要")
    meeting_publish(actor=w.users["staff"], meeting=r.meeting)
    return f"/governance/resolutions/{r.pk}/follow-up/"


def _consultation(w):
    from governance.models import Consultation

    return Consultation.objects.first() or make_consultation(w)


def _c(w, suffix=""):
    return f"/governance/consultations/{_consultation(w).pk}/{suffix}"


def _comment(w):
    from governance.services.consultations import CommentSpec, consultation_feedback

    c = _consultation(w)
    consultation_feedback(
        actor=w.users["member_a_manager"],
        recipient=c.recipients.get(),
        comments=[CommentSpec("意见", c.clauses.first())],
    )
    return c.comments.get()


def _training(w):
    return Training.objects.first() or make_training(w)


def _t(w, suffix=""):
    return f"/governance/trainings/{_training(w).pk}/{suffix}"


def _trainee(w):
    t = _training(w)
    return trainees_register(
        actor=w.users["member_a_manager"], offer=t.offers.get(), trainees=[TraineeSpec("张三", "", "13900001234")]
    )[0]


def _certificate(w):
    trainee = _trainee(w)
    t = trainee.training
    Training.objects.filter(pk=t.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=10), registration_due_at=timezone.now() - dt.timedelta(hours=1)
    )
    t.refresh_from_db()
    training_sign_in(actor=w.users["staff"], training=t, trainee=trainee)
    from governance.services.trainings import training_close

    training_close(actor=w.users["staff"], training=t)
    return f"/governance/trainees/{trainee.pk}/certificate/"


def _material(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance.services.trainings import training_material_add
    from tests.association.test_attachments import make_pdf

    m = training_material_add(
        actor=w.users["staff"], training=_training(w), title="讲义", file=SimpleUploadedFile("讲义.pdf", make_pdf())
    )
    return f"/governance/materials/{m.pk}/"


def _survey(w):
    trainee = _trainee(w)
    training_sign_in(actor=w.users["staff"], training=trainee.training, trainee=trainee)
    signed = signing.dumps(trainee.pk, salt="governance.survey")
    return f"/governance/checkin/{trainee.training.checkin_token}/survey/{signed}/"


def _body(w):
    return f"/governance/bodies/{_meeting(w).body_id}/"


def _feed(w):
    return f"/governance/calendar/{calendar_feed_for(actor=w.users['member_a_manager']).token}.ics"


def _future(hours):
    return (timezone.localtime() + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _meeting_post(w):
    return {
        "title": "临时会议",
        "starts_at": _future(48),
        "ends_at": _future(50),
        "reply_due_at": _future(24),
        "place": "协会",
        "invitees": [w.org_a_branch.pk],
    }


def _training_post(w):
    return {
        "title": "培训",
        "mode": "on_site",
        "starts_at": _future(48),
        "ends_at": _future(50),
        "place": "协会",
        "hours": "2",
        "capacity": "10",
        "quota_per_organisation": "2",
        "registration_due_at": _future(24),
        "organisations": [w.org_a_branch.pk],
    }


def _consultation_post(w):
    return {
        "kind": "rule",
        "title": "办法",
        "draft_text": "第一条 总则。",
        "feedback_due_at": _future(48),
        "recipients": [w.org_a_branch.pk],
    }


def _api(kind, obj=None, suffix=""):
    return f"/api/v1/governance/{kind}/" + (f"{obj.pk}/{suffix}" if obj is not None else "")


ROWS: list = [
    ("governance-home", "get", lambda w: "/governance/", None, page(ALL)),
    ("governance-body-detail", "get", _body, None, page(SEES)),
    (
        "governance-body-reelect",
        "post",
        lambda w: _body(w) + "reelect/",
        lambda w: {"starts_on": "2030-01-01", "organisations": [w.org_a_branch.pk]},
        page(SEES, ok=302, acts={"staff"}),
    ),
    ("governance-calendar", "get", lambda w: "/governance/calendar/", None, page(ALL)),
    ("governance-calendar-reset", "post", lambda w: "/governance/calendar/reset/", None, page(ALL, ok=302)),
    ("governance-calendar-feed", "get", _feed, None, page(EVERYONE, anon=200)),
    ("governance-calendar-feed", "get", lambda w: "/governance/calendar/wrong-key.ics", None, page(set(), anon=404)),
    (
        "governance-checkin",
        "get",
        lambda w: f"/governance/checkin/{_meeting(w).checkin_token}/",
        None,
        page(EVERYONE, anon=200),
    ),
    ("governance-checkin", "get", lambda w: "/governance/checkin/wrong-key/", None, page(set(), anon=404)),
    (
        "governance-checkin",
        "post",
        lambda w: f"/governance/checkin/{_meeting(w, started=True).checkin_token}/",
        lambda w: {"organisation": w.org_a_branch.pk, "name": "张三"},
        page(EVERYONE, anon=200),
    ),
    ("governance-survey", "get", _survey, None, page(EVERYONE, anon=200)),
    ("governance-meeting-list", "get", lambda w: "/governance/meetings/", None, page(ALL)),
    ("governance-meeting-create", "get", lambda w: "/governance/meetings/new/", None, page({"staff"})),
    (
        "governance-meeting-create",
        "post",
        lambda w: "/governance/meetings/new/",
        _meeting_post,
        page({"staff"}, ok=302),
    ),
    ("governance-attendance", "get", lambda w: "/governance/meetings/attendance/", None, page(ALL)),
    ("governance-attendance", "get", lambda w: "/governance/meetings/attendance/?format=xlsx", None, page(ALL)),
    ("governance-meeting-detail", "get", lambda w: _m(w), None, page(SEES)),
    (
        "governance-meeting-reply",
        "post",
        lambda w: _m(w, "reply/"),
        lambda w: {"invitation": _meeting(w).invitations.get().pk, "attend": "1", "attendees": "张三"},
        page(SEES, ok=302, acts=ACTS_FOR_A),
    ),
    (
        "governance-meeting-sign-in",
        "post",
        lambda w: _m(w, "sign-in/"),
        lambda w: {"organisation": w.org_a_branch.pk, "name": "张三"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    ("governance-meeting-qr", "get", lambda w: _m(w, "qr/"), None, page(SEES, acts={"staff"})),
    (
        "governance-meeting-minutes",
        "post",
        lambda w: _m(w, "minutes/"),
        lambda w: {"minutes": "纪要"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    (
        "governance-meeting-resolution",
        "post",
        lambda w: _m(w, "resolutions/"),
        lambda w: {"title": "决议", "votes_for": "0", "votes_against": "0", "votes_abstain": "0"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    ("governance-meeting-publish", "post", lambda w: _started(w, "publish/"), None, page(SEES, ok=302, acts={"staff"})),
    (
        "governance-meeting-cancel",
        "post",
        lambda w: _m(w, "cancel/"),
        lambda w: {"reason": "改期"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    (
        "governance-resolution-follow-up",
        "post",
        _published_resolution_url,
        lambda w: {"organisations": [w.org_a_branch.pk], "title": "整改", "due_at": _future(100)},
        page(SEES, ok=302, acts={"staff"}),
    ),
    (
        "governance-agenda-document",
        "get",
        lambda w: f"/governance/agenda/{_meeting(w).agenda.first().pk}/document/",
        None,
        page(SEES, ok=404),  # the agenda item has no document: 404 for everyone who sees the meeting too
    ),
    ("governance-consultation-list", "get", lambda w: "/governance/consultations/", None, page(ALL)),
    ("governance-consultation-create", "get", lambda w: "/governance/consultations/new/", None, page({"staff"})),
    (
        "governance-consultation-create",
        "post",
        lambda w: "/governance/consultations/new/",
        _consultation_post,
        page({"staff"}, ok=302),
    ),
    ("governance-consultation-detail", "get", lambda w: _c(w), None, page(SEES)),
    (
        "governance-consultation-feedback",
        "post",
        lambda w: _c(w, "feedback/"),
        lambda w: {"recipient": _consultation(w).recipients.get().pk, "no_comments": "1"},
        page(SEES, ok=302, acts=ACTS_FOR_A),
    ),
    ("governance-consultation-table", "get", lambda w: _c(w, "table/"), None, page(SEES)),
    ("governance-consultation-table", "get", lambda w: _c(w, "table/?format=xlsx"), None, page(SEES)),
    ("governance-consultation-close", "post", lambda w: _c(w, "close/"), None, page(SEES, ok=302, acts={"staff"})),
    (
        "governance-consultation-publish",
        "post",
        lambda w: _c(w, "publish/"),
        lambda w: {"final_text": "终稿"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    (
        "governance-consultation-document",
        "get",
        lambda w: _c(w, "document/draft/"),
        None,
        page(SEES, ok=404),  # no draft file attached: 404 for all
    ),
    (
        "governance-comment-handle",
        "post",
        lambda w: f"/governance/comments/{_comment(w).pk}/handle/",
        lambda w: {"handling": "adopted"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    ("governance-training-list", "get", lambda w: "/governance/trainings/", None, page(ALL)),
    ("governance-training-create", "get", lambda w: "/governance/trainings/new/", None, page({"staff"})),
    (
        "governance-training-create",
        "post",
        lambda w: "/governance/trainings/new/",
        _training_post,
        page({"staff"}, ok=302),
    ),
    ("governance-training-hours", "get", lambda w: "/governance/trainings/hours/", None, page(ALL)),
    ("governance-training-hours", "get", lambda w: "/governance/trainings/hours/?format=xlsx", None, page(ALL)),
    ("governance-training-detail", "get", lambda w: _t(w), None, page(MEMBERS_A)),
    (
        "governance-training-register",
        "post",
        lambda w: _t(w, "register/"),
        lambda w: {"offer": _training(w).offers.get().pk, "trainees": "张三, 经理, 13900001234"},
        page(MEMBERS_A, ok=302, acts=MANAGES_A),
    ),
    (
        "governance-training-attendance",
        "post",
        lambda w: _t(w, "attendance/"),
        lambda w: {"trainee": _trainee(w).pk},
        page(MEMBERS_A, ok=302, acts={"staff"}),
    ),
    ("governance-training-qr", "get", lambda w: _t(w, "qr/"), None, page(MEMBERS_A, acts={"staff"})),
    (
        "governance-training-material",
        "post",
        lambda w: _t(w, "materials/"),
        lambda w: {"title": "讲义"},
        page(MEMBERS_A, ok=302, acts={"staff"}),
    ),
    ("governance-training-close", "post", lambda w: _t(w, "close/"), None, page(MEMBERS_A, ok=302, acts={"staff"})),
    (
        "governance-training-cancel",
        "post",
        lambda w: _t(w, "cancel/"),
        lambda w: {"reason": "改期"},
        page(MEMBERS_A, ok=302, acts={"staff"}),
    ),
    (
        "governance-trainee-withdraw",
        "post",
        lambda w: f"/governance/trainees/{_trainee(w).pk}/withdraw/",
        None,
        page(MEMBERS_A, ok=302, acts=MANAGES_A),
    ),
    ("governance-certificate", "get", _certificate, None, page(MEMBERS_A)),
    ("governance-material", "get", _material, None, page(MEMBERS_A)),
    # API: lists scoped like the pages; each answer by those who act (regulators 403 on what they see)
    ("api-governance:body-list", "get", lambda w: _api("bodies"), None, api(ALL)),
    ("api-governance:body-detail", "get", lambda w: _api("bodies", _meeting(w).body), None, api(SEES)),
    ("api-governance:meeting-list", "get", lambda w: _api("meetings"), None, api(ALL)),
    ("api-governance:meeting-detail", "get", lambda w: _api("meetings", _meeting(w)), None, api(SEES)),
    (
        "api-governance:meeting-reply",
        "post",
        lambda w: _api("meetings", _meeting(w), "reply/"),
        lambda w: {"organisation": w.org_a_branch.pk, "attend": True, "attendees": "张三"},
        api(SEES, acts=ACTS_FOR_A),
    ),
    ("api-governance:consultation-list", "get", lambda w: _api("consultations"), None, api(ALL)),
    ("api-governance:consultation-detail", "get", lambda w: _api("consultations", _consultation(w)), None, api(SEES)),
    (
        "api-governance:consultation-feedback",
        "post",
        lambda w: _api("consultations", _consultation(w), "feedback/"),
        lambda w: {"organisation": w.org_a_branch.pk, "comments": [{"text": "意见"}]},
        api(SEES, ok=201, acts=ACTS_FOR_A),
    ),
    ("api-governance:training-list", "get", lambda w: _api("trainings"), None, api(ALL)),
    ("api-governance:training-detail", "get", lambda w: _api("trainings", _training(w)), None, api(MEMBERS_A)),
    (
        "api-governance:training-registration",
        "post",
        lambda w: _api("trainings", _training(w), "registration/"),
        lambda w: {"organisation": w.org_a_branch.pk, "trainees": [{"name": "张三"}]},
        api(MEMBERS_A, ok=201, acts=MANAGES_A),
    ),
]
