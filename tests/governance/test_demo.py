"""The demo: the seed's bodies, this year's meetings as they happened (replies before the deadline, one late,
sign-ins on the morning, resolutions published), upcoming ones with some replies in, a consultation with
feedback and a training with registrations, each at its story's time."""

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation
from governance.choices import MeetingStatus, Reply, TermStatus
from governance.models import Body, Invitation, Meeting, Recipient, Term, Trainee

pytestmark = pytest.mark.django_db


def test_seed_demo_runs_the_year_in_the_portal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  idempotent
    now = timezone.now()
    assert Body.objects.count() == 14
    assert Term.objects.filter(body__name="农业保险专业委员会").values_list("status", flat=True).count() == 2
    assert Term.objects.filter(status=TermStatus.OPEN).count() == 14

    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    assert held.count() == 4
    for meeting in held:
        assert meeting.created_at < meeting.reply_due_at < meeting.starts_at < meeting.minutes_published_at <= now
        replies = Invitation.objects.filter(meeting=meeting)
        assert not replies.filter(reply=Reply.PENDING).exists()
        assert not replies.filter(replied_at__gte=meeting.starts_at).exists()
        assert meeting.sign_ins.count() == replies.filter(reply=Reply.ATTEND).count()
    answered = Obligation.objects.filter(kind=ObligationKind.MEETING_REPLY, subject_id__in=Invitation.objects.filter(
        meeting__in=held).values("pk"))  # fmt: skip
    assert not answered.filter(status=ObligationStatus.CANCELLED).exists()
    late = answered.filter(first_submitted_at__gt=F("original_due_at")).count()
    assert 0 < late < answered.count() / 8

    upcoming = Meeting.objects.get(title__startswith="七届七次理事会")
    invitations = upcoming.invitations.all()
    assert 0 < invitations.exclude(reply=Reply.PENDING).count() < invitations.count()
    assert Obligation.objects.filter(kind=ObligationKind.MEETING_REPLY, status=ObligationStatus.OPEN).exists()
    assert Recipient.objects.filter(replied_at__isnull=False).count() == 3
    assert Trainee.objects.count() == 6
    assert not Obligation.objects.filter(first_submitted_at__gt=now).exists()
