"""Obligations end with what they are about: ``obligations_cancel_for`` and what a cancelled obligation no
longer gets (reminders, escalation, reminder e-mails not yet sent)."""

import datetime as dt

import pghistory.models
import pytest

from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation, OutboundEmail, ReminderLog
from association.services.obligations import obligation_create, obligation_submit, obligations_cancel_for
from association.services.reminders import reminders_sweep

BEIJING = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 8, 3, 9, 0, tzinfo=BEIJING)
END = T0 + dt.timedelta(days=2)  # when the subject ends


def _owed(world, *, subject, due, org=None, status=ObligationStatus.OPEN):
    ob = obligation_create(
        organisation=org or world.org_a, kind=ObligationKind.NOTICE_REPLY, title="书面报告", due_at=due, subject=subject
    )
    Obligation.objects.filter(pk=ob.pk).update(created_at=T0, status=status)
    ob.refresh_from_db()
    return ob


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "due", "overdue", "expected"),
    [
        (ObligationStatus.OPEN, END + dt.timedelta(minutes=1), False, ObligationStatus.CANCELLED),
        (ObligationStatus.RETURNED, END + dt.timedelta(days=5), False, ObligationStatus.CANCELLED),
        # due exactly at the end: already due, the breach stands (the company may still report late)
        (ObligationStatus.OPEN, END, False, ObligationStatus.OPEN),
        (ObligationStatus.OPEN, END - dt.timedelta(minutes=1), False, ObligationStatus.OPEN),
        # a subject withdrawn as if never issued: past due too
        (ObligationStatus.OPEN, END - dt.timedelta(days=1), True, ObligationStatus.CANCELLED),
        (ObligationStatus.RETURNED, END - dt.timedelta(days=1), True, ObligationStatus.CANCELLED),
        # the member has done its part: its submission is still reviewed
        (ObligationStatus.SUBMITTED, END + dt.timedelta(days=1), True, ObligationStatus.SUBMITTED),
        (ObligationStatus.RESUBMITTED, END + dt.timedelta(days=1), True, ObligationStatus.RESUBMITTED),
        (ObligationStatus.ACCEPTED, END + dt.timedelta(days=1), True, ObligationStatus.ACCEPTED),
    ],
)
def test_cancel_for_cancels_what_is_still_owed(world, status, due, overdue, expected):
    subject, other = world.contact_a, world.contact_b
    ob = _owed(world, subject=subject, due=due, status=status)
    untouched = _owed(world, subject=other, due=END + dt.timedelta(days=1), org=world.org_b)
    n = obligations_cancel_for(subject, actor=world.users["staff"], reason="事件终止", now=END, overdue=overdue)
    ob.refresh_from_db()
    assert ob.status == expected
    assert n == (1 if expected == ObligationStatus.CANCELLED else 0)
    if expected == ObligationStatus.CANCELLED:
        assert ob.description.endswith("事件终止")
        event = pghistory.models.Events.objects.tracks(ob).get(pgh_label="update", pgh_data__status="cancelled")
        assert event.pgh_context["user"] == world.users["staff"].pk
    untouched.refresh_from_db()
    assert untouched.status == ObligationStatus.OPEN  # another subject's obligation


@pytest.mark.django_db
@pytest.mark.parametrize("hours_after_end", [-1, 22, 46, 48, 49, 72, 24 * 30])
def test_the_sweep_skips_a_cancelled_obligation(world, hours_after_end):
    """Neither the reminders before due, nor the one at due, nor the overdue escalation."""
    later = _owed(world, subject=world.contact_a, due=END + dt.timedelta(days=2))
    past_due = _owed(world, subject=world.contact_a, due=END - dt.timedelta(minutes=30))
    obligations_cancel_for(world.contact_a, actor=world.users["staff"], reason="撤回", now=END, overdue=True)
    reminders_sweep(now=END + dt.timedelta(hours=hours_after_end))
    assert not ReminderLog.objects.filter(obligation__in=[later, past_due]).exists()


@pytest.mark.django_db
def test_reminder_emails_not_yet_sent_are_dropped(world):
    world.users["member_a_manager"].email = "a@example.org"
    world.users["member_a_manager"].save()
    sent = _owed(world, subject=world.contact_a, due=END + dt.timedelta(hours=1))
    waiting = _owed(world, subject=world.contact_a, due=END + dt.timedelta(hours=1, minutes=30))
    reminders_sweep(now=END)  # the 2-hour reminders of both, into the outbox
    OutboundEmail.objects.filter(reminder__obligation=sent).update(sent_at=END)
    obligations_cancel_for(world.contact_a, actor=world.users["staff"], reason="活动结束", now=END)
    assert OutboundEmail.objects.filter(reminder__obligation=sent).count() == 1  # what was sent stays on record
    assert not OutboundEmail.objects.filter(reminder__obligation=waiting).exists()


@pytest.mark.django_db
def test_a_cancelled_obligation_takes_no_submission(world):
    from django.core.exceptions import ValidationError

    ob = _owed(world, subject=world.contact_a, due=END + dt.timedelta(days=1))
    obligations_cancel_for(world.contact_a, actor=world.users["staff"], reason="撤回", now=END)
    with pytest.raises(ValidationError):
        obligation_submit(obligation=ob, actor=world.users["member_a_reporter"], text="报告")
