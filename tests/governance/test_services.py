"""The services: meetings from invitation to resolution, consultations from draft to handled feedback,
trainings from registration to certificate; the rules, the obligations and the history's actor."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation
from governance.choices import Handling, MeetingStatus, Reply, SignInMethod, TermStatus
from governance.models import Invitation, Meeting, Trainee
from governance.services.bodies import SeatSpec, term_reelect
from governance.services.consultations import (
    CommentSpec,
    comment_handle,
    consultation_close,
    consultation_feedback,
    consultation_publish,
)
from governance.services.meetings import (
    attendance_counts,
    meeting_cancel,
    meeting_minutes_save,
    meeting_publish,
    meeting_reply,
    meeting_sign_in,
    resolution_follow_up,
    resolution_record,
)
from governance.services.trainings import TraineeSpec, trainees_register, training_close, training_sign_in
from tests.governance.helpers import make_consultation, make_council, make_meeting, make_training

pytestmark = pytest.mark.django_db


def _travel(meeting, hours_before_start):
    """Move a meeting so that it starts ``hours_before_start`` hours from now (negative: it started)."""
    delta = meeting.starts_at - timezone.now() - dt.timedelta(hours=hours_before_start)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - delta, ends_at=meeting.ends_at - delta, reply_due_at=meeting.reply_due_at - delta
    )
    meeting.refresh_from_db()
    return meeting


def test_meeting_invites_the_body_and_each_owes_a_reply(world):
    meeting = make_meeting(world)
    assert meeting.number_label == "七届四次"
    invited = set(meeting.invitations.values_list("organisation_id", flat=True))
    assert invited == {world.org_a_branch.pk, world.org_b.pk}
    obligations = Obligation.objects.filter(kind=ObligationKind.MEETING_REPLY)
    assert obligations.count() == 2
    assert {o.due_at for o in obligations} == {meeting.reply_due_at}
    # the history names the actor
    event = meeting.events.first() if hasattr(meeting, "events") else None
    assert event is None or event.pgh_context.metadata.get("user") == world.users["staff"].pk


def test_reply_answers_the_obligation_and_needs_a_reason_for_leave(world):
    meeting = make_meeting(world)
    inv = Invitation.objects.get(meeting=meeting, organisation=world.org_a_branch)
    with pytest.raises(ValidationError):
        meeting_reply(actor=world.users["member_a_manager"], invitation=inv, attend=False)
    with pytest.raises(PermissionDenied):
        meeting_reply(actor=world.users["member_b"], invitation=inv, attend=True, attendees="张三")
    meeting_reply(actor=world.users["member_a_reporter"], invitation=inv, attend=True, attendees="张三 总经理")
    inv.refresh_from_db()
    assert inv.reply == Reply.ATTEND
    ob = Obligation.objects.get(kind=ObligationKind.MEETING_REPLY, organisation=world.org_a_branch)
    assert ob.status == ObligationStatus.SUBMITTED


def test_quorum_votes_and_publication(world):
    meeting = _travel(make_meeting(world), -1)  # started an hour ago
    with pytest.raises(ValidationError):  # 1 of 2 voting members present: 3 votes are too many
        meeting_sign_in(actor=world.users["staff"], meeting=meeting, organisation=world.org_a_branch, name="张三")
        resolution_record(
            actor=world.users["staff"], meeting=meeting, title="x", votes_for=3, votes_against=0, votes_abstain=0
        )
    counts = attendance_counts(meeting)
    assert counts["voting_present"] == 1 and counts["quorate"] is False  # 1 of 2 < 2/3
    r = resolution_record(
        actor=world.users["staff"], meeting=meeting, title="工作报告", votes_for=1, votes_against=0, votes_abstain=0
    )
    assert r.quorate is False and r.passed is False
    meeting_sign_in(meeting=meeting, organisation=world.org_b, name="李四", method=SignInMethod.QR)
    r2 = resolution_record(
        actor=world.users["staff"], meeting=meeting, title="财务报告", votes_for=2, votes_against=0, votes_abstain=0
    )
    assert r2.quorate and r2.passed
    with pytest.raises(ValidationError):
        meeting_publish(actor=world.users["staff"], meeting=meeting)  # no minutes yet
    meeting_minutes_save(actor=world.users["staff"], meeting=meeting, minutes="会议审议通过了财务报告。")
    meeting_publish(actor=world.users["staff"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    n = resolution_follow_up(
        actor=world.users["staff"],
        resolution=r2,
        organisations=[world.org_b],
        title="报送整改情况",
        due_at=timezone.now() + dt.timedelta(days=7),
    )
    assert n == 1
    assert Obligation.objects.filter(kind=ObligationKind.RESOLUTION_FOLLOW_UP, organisation=world.org_b).exists()


def test_qr_sign_in_only_around_the_meeting(world):
    meeting = make_meeting(world)  # starts in two days
    with pytest.raises(ValidationError):
        meeting_sign_in(meeting=meeting, organisation=world.org_b, name="李四", method=SignInMethod.QR)
    with pytest.raises(ValidationError):  # not invited
        meeting_sign_in(actor=world.users["staff"], meeting=meeting, organisation=world.org_a, name="王五")


def test_cancel_ends_what_is_owed(world):
    meeting = make_meeting(world)
    meeting_cancel(actor=world.users["staff"], meeting=meeting, reason="改期")
    assert set(Obligation.objects.filter(kind=ObligationKind.MEETING_REPLY).values_list("status", flat=True)) == {
        ObligationStatus.CANCELLED
    }


def test_reelection_closes_the_term_and_keeps_history(world):
    body = make_council(world)
    term = term_reelect(
        actor=world.users["staff"], body=body, starts_on=dt.date(2027, 6, 1), seats=[SeatSpec(world.org_b, "chair")]
    )
    assert term.number == 8
    old = body.terms.get(number=7)
    assert old.status == TermStatus.CLOSED and old.ends_on == dt.date(2027, 5, 31)
    assert old.seats.count() == 2


def test_consultation_feedback_handling_and_publication(world):
    c = make_consultation(world, recipients=[world.org_a_branch, world.org_b])
    clauses = list(c.clauses.all())
    assert [cl.number for cl in clauses] == ["第一条", "第二条", "第三条"]
    assert "不得以任何形式" in clauses[1].text
    ra = c.recipients.get(organisation=world.org_a_branch)
    rb = c.recipients.get(organisation=world.org_b)
    consultation_feedback(
        actor=world.users["member_a_manager"],
        recipient=ra,
        comments=[
            CommentSpec("建议明确“利益”的范围", clauses[1], "不得给予保险合同约定以外的利益"),
            CommentSpec("总体同意"),
        ],
    )
    consultation_feedback(actor=world.users["member_b"], recipient=rb, no_comments=True)
    assert (
        Obligation.objects.filter(kind=ObligationKind.CONSULTATION_FEEDBACK, status=ObligationStatus.SUBMITTED).count()
        == 2
    )
    consultation_close(actor=world.users["staff"], consultation=c)
    with pytest.raises(ValidationError):
        consultation_publish(actor=world.users["staff"], consultation=c, final_text="终稿")
    for comment in c.comments.all():
        with pytest.raises(ValidationError):
            comment_handle(actor=world.users["staff"], comment=comment, handling=Handling.NOT_ADOPTED)
        comment_handle(actor=world.users["staff"], comment=comment, handling=Handling.ADOPTED)
    consultation_publish(
        actor=world.users["staff"], consultation=c, final_text="终稿", convention_link="/selfregulation/"
    )
    c.refresh_from_db()
    assert c.status == "published"


def test_training_quota_capacity_sign_in_and_certificates(world):
    t = make_training(world, organisations=[world.org_a_branch, world.org_b], capacity=3, quota=2)
    offer_a = t.offers.get(organisation=world.org_a_branch)
    offer_b = t.offers.get(organisation=world.org_b)
    with pytest.raises(PermissionDenied):  # reporters do not register
        trainees_register(actor=world.users["member_a_reporter"], offer=offer_a, trainees=[TraineeSpec("张三")])
    with pytest.raises(ValidationError):  # over the quota
        trainees_register(
            actor=world.users["member_a_manager"], offer=offer_a, trainees=[TraineeSpec(n) for n in ("甲", "乙", "丙")]
        )
    trainees_register(
        actor=world.users["member_a_manager"],
        offer=offer_a,
        trainees=[TraineeSpec("张三", "合规部经理", "13900001234"), TraineeSpec("李四")],
    )
    with pytest.raises(ValidationError):  # capacity 3: one place left
        trainees_register(
            actor=world.users["member_b"], offer=offer_b, trainees=[TraineeSpec("王五"), TraineeSpec("赵六")]
        )
    assert Obligation.objects.get(
        kind=ObligationKind.TRAINING_REGISTRATION, organisation=world.org_a_branch
    ).status == (ObligationStatus.SUBMITTED)
    from governance.models import Training

    Training.objects.filter(pk=t.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        registration_due_at=timezone.now() - dt.timedelta(hours=1),
    )
    t.refresh_from_db()
    with pytest.raises(ValidationError):
        training_sign_in(training=t, name="张三", phone_last4="0000", method=SignInMethod.QR)
    training_sign_in(training=t, name="张三", phone_last4="1234", method=SignInMethod.QR)
    training_close(actor=world.users["staff"], training=t)
    zhang = Trainee.objects.get(name="张三")
    assert zhang.certificate_number.endswith("-001")
    assert not Trainee.objects.get(name="李四").certificate_number


def test_certificate_pdf_embeds_a_chinese_font(world):
    from governance.certificates import certificate_pdf, font_path

    t = make_training(world)
    trainee = Trainee(training=t, organisation=world.org_a_branch, name="张三", certificate_number="2026-001-001")
    data = certificate_pdf(trainee=trainee, training=t, issuer="新疆维吾尔自治区保险行业协会")
    assert data.startswith(b"%PDF")
    if font_path() is not None:
        assert b"/FontFile2" in data  # the TrueType subset is in the file


def test_certificate_text_in_chinese_and_english(world):
    from django.utils import translation

    from governance.certificates import certificate_text

    t = make_training(world)
    trainee = Trainee(training=t, organisation=world.org_a_branch, name="张三", certificate_number="2026-001-001")
    with translation.override("zh-hans"):
        zh = certificate_text(trainee=trainee, training=t, issuer="新疆维吾尔自治区保险行业协会")
    assert zh["heading"] == "培训证明" and zh["number"] == "证书编号：2026-001-001"
    assert zh["lines"][0] == f"张三（{world.org_a_branch.name}）："
    assert zh["lines"][2] == f"《{t.title}》" and "特此证明" in zh["lines"][3]
    assert "年" in zh["issued_on"] and "参加新疆维吾尔自治区保险行业协会举办的" in zh["lines"][1]
    with translation.override("en"):
        en = certificate_text(trainee=trainee, training=t, issuer="Xinjiang Insurance Association")
    assert en["heading"] == "Certificate of training" and "年" not in en["issued_on"]
