"""A withdrawn notice is void: the replies its recipients still owe are cancelled (past due or not) and get no
reminder or escalation; a reply already submitted stays on record; the recipients are told; staff withdraw
it, with a reason, in the admin."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from association.choices import ObligationStatus
from association.models import Notice, Notification, Obligation, OutboundEmail, ReminderLog
from association.services.notices import notice_create, notice_issue, notice_reply_create, notice_withdraw
from association.services.obligations import obligation_submit
from association.services.reminders import reminders_sweep
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

OPEN, RETURNED, SUBMITTED, ACCEPTED, CANCELLED = (
    ObligationStatus.OPEN,
    ObligationStatus.RETURNED,
    ObligationStatus.SUBMITTED,
    ObligationStatus.ACCEPTED,
    ObligationStatus.CANCELLED,
)


def _issued(world, *, due_in=dt.timedelta(days=5)):
    staff = world.users["staff"]
    notice = notice_create(
        actor=staff, title="关于报送消保工作总结的通知", body="请按时报送。", recipients=[world.org_a, world.org_b]
    )
    notice_reply_create(notice=notice, actor=staff, title="工作总结", due_at=timezone.now() + due_in)
    notice_issue(notice=notice, actor=staff)
    notice.refresh_from_db()
    return notice


def _reply(notice, org):
    return Obligation.objects.get(subject_id=notice.pk, kind="notice_reply", organisation=org)


@pytest.mark.parametrize(
    ("due_in", "status", "expected"),
    [
        (dt.timedelta(days=5), OPEN, CANCELLED),
        (dt.timedelta(minutes=1), OPEN, CANCELLED),
        # void as if never issued: a reply already past due is owed no more either
        (-dt.timedelta(minutes=1), OPEN, CANCELLED),
        (-dt.timedelta(days=3), OPEN, CANCELLED),
        (dt.timedelta(days=5), RETURNED, CANCELLED),
        # what was submitted stays on record (and may still be reviewed)
        (dt.timedelta(days=5), SUBMITTED, SUBMITTED),
        (-dt.timedelta(days=3), ACCEPTED, ACCEPTED),
    ],
)
def test_withdrawing_cancels_the_replies_still_owed(world, due_in, status, expected):
    notice = _issued(world, due_in=due_in)
    reply_a, reply_b = _reply(notice, world.org_a), _reply(notice, world.org_b)
    Obligation.objects.filter(pk=reply_a.pk).update(status=status)
    notice_withdraw(notice=notice, actor=world.users["staff"], reason="内容有误，另行发文")
    reply_a.refresh_from_db()
    reply_b.refresh_from_db()
    assert (reply_a.status, reply_b.status) == (expected, CANCELLED)
    notice.refresh_from_db()
    assert notice.is_withdrawn and notice.withdrawn_by == world.users["staff"]
    for hours in (-2, 0, 2, 24 * 10):  # no reminder, at due or overdue, for what was cancelled
        reminders_sweep(now=reply_b.due_at + dt.timedelta(hours=hours))
    assert not ReminderLog.objects.filter(obligation__status=CANCELLED).exists()


def test_the_recipients_are_told(world):
    world.users["member_b"].email = "b@example.org"
    world.users["member_b"].save(update_fields=["email"])
    notice = _issued(world)
    notice_withdraw(notice=notice, actor=world.users["staff"], reason="内容有误")
    told = Notification.objects.filter(user=world.users["member_b"]).order_by("pk")
    assert told.count() == 2 and notice.title in told.last().title and "内容有误" in told.last().body
    assert OutboundEmail.objects.filter(to=["b@example.org"]).count() == 2  # issued, then withdrawn


def test_only_staff_withdraw_an_issued_notice_once_with_a_reason(world):
    notice = _issued(world)
    with pytest.raises(PermissionDenied):
        notice_withdraw(notice=notice, actor=world.users["member_a_manager"], reason="x")
    with pytest.raises(ValidationError):
        notice_withdraw(notice=notice, actor=world.users["staff"], reason=" ")
    notice_withdraw(notice=notice, actor=world.users["staff"], reason="内容有误")
    with pytest.raises(ValidationError):
        notice_withdraw(notice=notice, actor=world.users["staff"], reason="内容有误")
    draft = notice_create(actor=world.users["staff"], title="草稿", body="…", recipients=[world.org_a])
    with pytest.raises(ValidationError):  # a draft is deleted, not withdrawn
        notice_withdraw(notice=draft, actor=world.users["staff"], reason="x")


def test_staff_withdraw_in_the_admin_and_members_see_it(world, client):
    notice = _issued(world)
    staff = client_for(client, world.users["staff"])
    changelist = "/admin/association/notice/"
    assert staff.post(changelist, {"action": "withdraw", "_selected_action": [notice.pk]}).status_code == 200
    staff.post(changelist, {"action": "withdraw", "_selected_action": [notice.pk], "apply": "1", "reason": "内容有误"})
    notice = Notice.objects.get(pk=notice.pk)
    assert notice.withdrawal_reason == "内容有误"
    assert _reply(notice, world.org_a).status == CANCELLED
    member = client_for(client, world.users["member_a_manager"])
    page = member.get(f"/notices/{notice.pk}/").content.decode()
    assert 'id="notice-withdrawn"' in page and "内容有误" in page
    with pytest.raises(ValidationError):  # a reply to a withdrawn notice is not taken
        obligation_submit(obligation=_reply(notice, world.org_a), actor=world.users["member_a_manager"], text="总结")
