"""Meetings: invite (each invitee owes an attendance reply), reply, sign in (staff or QR code), cancel,
minutes, resolutions with votes against the quorum, follow-up obligations, publication."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import ObligationKind
from association.deadlines import BEIJING
from association.models import Organisation
from association.services.obligations import obligation_create, obligations_cancel_for
from governance.choices import MeetingStatus, Reply, SignInMethod
from governance.models import AgendaItem, Body, Invitation, Meeting, Resolution, SignIn, Term
from governance.quorum import has_quorum, vote_passes, vote_problem
from governance.services.bodies import current_term
from governance.services.common import answer_obligation, notify, store_file
from governance.services.permissions import ensure_may_act_for, ensure_staff

#: how long before the start the QR sign-in opens
SIGN_IN_OPENS_BEFORE = dt.timedelta(hours=2)


@dataclass(frozen=True)
class AgendaSpec:
    title: str
    presenter: str = ""
    document: object = None


def body_invitees(body: Body) -> list[tuple[Organisation, bool]]:
    """The body's members in office, each a voting member when the body votes."""
    term = current_term(body)
    if term is None:
        return []
    seats = term.seats.filter(left_on__isnull=True).select_related("organisation").order_by("organisation__name")
    return [(s.organisation, body.votes) for s in seats]


def _local(value: dt.datetime) -> str:
    return f"{value.astimezone(BEIJING):%Y-%m-%d %H:%M}"


@acting
@transaction.atomic
def meeting_create(
    *,
    actor,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reply_due_at: dt.datetime,
    body: Body | None = None,
    session_number: int | None = None,
    place: str = "",
    online_link: str = "",
    invitees=None,
    agenda: list[AgendaSpec] = (),
    shared_with_regulators: bool = False,
) -> Meeting:
    """A meeting of a body (its members in office are invited unless ``invitees`` says otherwise) or an ad-hoc
    meeting; each invitee owes an attendance reply by ``reply_due_at`` (an obligation in its inbox)."""
    ensure_staff(actor)
    term: Term | None = current_term(body) if body is not None else None
    meeting = Meeting(
        body=body,
        term=term,
        session_number=session_number,
        title=(title or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        reply_due_at=reply_due_at,
        place=(place or "").strip(),
        online_link=(online_link or "").strip(),
        shared_with_regulators=shared_with_regulators,
        created_by=actor,
    )
    meeting.full_clean()
    if invitees is None:
        if body is None:
            raise ValidationError({"invitees": _("Choose the invitees of an ad-hoc meeting.")})
        pairs = body_invitees(body)
    else:
        voting_ids = {o.pk for o, _v in body_invitees(body)} if body is not None and body.votes else set()
        pairs = [(o, o.pk in voting_ids) for o in invitees]
    if not pairs:
        raise ValidationError({"invitees": _("Nobody to invite: the body has no members in office.")})
    meeting.save()
    for order, spec in enumerate(agenda, start=1):
        item = AgendaItem(meeting=meeting, order=order, title=spec.title.strip(), presenter=spec.presenter.strip())
        if spec.document is not None:
            store_file(item, "document", spec.document)
        item.full_clean(exclude=["meeting"])
        item.save()
    invitations = Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, organisation=o, voting=v) for o, v in pairs]
    )
    for inv in invitations:
        obligation_create(
            organisation=inv.organisation,
            kind=ObligationKind.MEETING_REPLY,
            title=_("Attendance reply: %(title)s") % {"title": meeting.title},
            due_at=reply_due_at,
            subject=inv,
            actor=actor,
            dedupe_key=f"meeting-reply:{inv.pk}",
        )
    notify(
        [o.pk for o, _v in pairs],
        title=_("Invitation: %(title)s") % {"title": meeting.title},
        body=_("%(start)s, %(place)s. Reply who will attend by %(due)s.")
        % {"start": _local(starts_at), "place": meeting.place or meeting.online_link, "due": _local(reply_due_at)},
        url=meeting.get_absolute_url(),
    )
    return meeting


@acting
@transaction.atomic
def meeting_reply(
    *, actor, invitation: Invitation, attend: bool, attendees: str = "", leave_reason: str = ""
) -> Invitation:
    """An invitee's reply: who will attend, or leave with a reason. It may be changed until the meeting starts."""
    ensure_may_act_for(actor, invitation.organisation_id)
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    meeting = invitation.meeting
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("This meeting is no longer open for replies."))
    if timezone.now() >= meeting.starts_at:
        raise ValidationError(_("The meeting has started; replies are closed."))
    attendees, leave_reason = (attendees or "").strip(), (leave_reason or "").strip()
    if attend and not attendees:
        raise ValidationError({"attendees": _("Say who will attend.")})
    if not attend and not leave_reason:
        raise ValidationError({"leave_reason": _("Give the reason for the leave.")})
    invitation.reply = Reply.ATTEND if attend else Reply.LEAVE
    invitation.attendees = attendees if attend else ""
    invitation.leave_reason = "" if attend else leave_reason
    invitation.replied_at, invitation.replied_by = timezone.now(), actor
    invitation.save(update_fields=["reply", "attendees", "leave_reason", "replied_at", "replied_by"])
    if attend:
        text = _("Will attend: %(attendees)s") % {"attendees": attendees}
    else:
        text = _("Leave: %(reason)s") % {"reason": leave_reason}
    answer_obligation(invitation, actor=actor, text=text)
    return invitation


def _sign_in_window_open(meeting: Meeting, now: dt.datetime) -> bool:
    return meeting.starts_at - SIGN_IN_OPENS_BEFORE <= now <= meeting.ends_at


@acting
@transaction.atomic
def meeting_sign_in(
    *, actor=None, meeting: Meeting, organisation: Organisation, name: str, method: str = SignInMethod.STAFF
) -> SignIn:
    """Someone of an invited organisation is present. Staff mark it any time; the QR code at the door works
    from two hours before the start to the end (without a sign-in: the code is the key)."""
    if method == SignInMethod.STAFF:
        ensure_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if method == SignInMethod.QR and not _sign_in_window_open(meeting, timezone.now()):
        raise ValidationError(_("Sign-in is open from two hours before the meeting until its end."))
    if not meeting.invitations.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation is not invited to the meeting.")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the name of the person present.")})
    existing = SignIn.objects.filter(meeting=meeting, organisation=organisation, name=name).first()
    if existing is not None:
        return existing
    sign_in = SignIn(
        meeting=meeting,
        organisation=organisation,
        name=name[:100],
        method=method,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    sign_in.full_clean(exclude=["meeting", "organisation"])
    sign_in.save()
    return sign_in


@acting
@transaction.atomic
def meeting_sign_in_remove(*, actor, sign_in: SignIn) -> None:
    ensure_staff(actor)
    sign_in.delete()


@acting
@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel: nothing more is owed about it (replies not given are cancelled, due or not) and invitees are told."""
    ensure_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled meeting can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    meeting.status, meeting.cancel_reason = MeetingStatus.CANCELLED, reason
    meeting.save(update_fields=["status", "cancel_reason"])
    invitations = list(meeting.invitations.all())
    for inv in invitations:
        obligations_cancel_for(inv, actor=actor, reason=_("The meeting was cancelled."), overdue=True)
    notify(
        [i.organisation_id for i in invitations],
        title=_("Meeting cancelled: %(title)s") % {"title": meeting.title},
        body=reason,
        url=meeting.get_absolute_url(),
    )
    return meeting


def attendance_counts(meeting: Meeting) -> dict:
    """Invited, replied, attending, on leave, present (organisations with a sign-in), voting members and
    voting members present, and whether the quorum is reached (for a body that votes)."""
    invitations = list(meeting.invitations.all())
    present_ids = set(meeting.sign_ins.values_list("organisation_id", flat=True))
    voting = [i for i in invitations if i.voting]
    voting_present = sum(1 for i in voting if i.organisation_id in present_ids)
    return {
        "invited": len(invitations),
        "replied": sum(1 for i in invitations if i.reply != Reply.PENDING),
        "attend": sum(1 for i in invitations if i.reply == Reply.ATTEND),
        "leave": sum(1 for i in invitations if i.reply == Reply.LEAVE),
        "present": sum(1 for i in invitations if i.organisation_id in present_ids),
        "voting": len(voting),
        "voting_present": voting_present,
        "quorate": has_quorum(voting_present, len(voting), meeting.body.rule) if meeting.votes else None,
        "quorum_needed": -(-len(voting) * meeting.body.quorum_num // meeting.body.quorum_den)
        if meeting.votes
        else None,
    }


@acting
@transaction.atomic
def meeting_minutes_save(*, actor, meeting: Meeting, minutes: str) -> Meeting:
    ensure_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    meeting.minutes = (minutes or "").strip()
    meeting.save(update_fields=["minutes"])
    return meeting


@acting
@transaction.atomic
def resolution_record(
    *,
    actor,
    meeting: Meeting,
    title: str,
    text: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> Resolution:
    """A resolution of the meeting. Where the body votes the tally is required and counted against the voting
    members present (organisations signed in): without a quorum, or without a majority of those present,
    it is recorded as not passed."""
    ensure_staff(actor)
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.minutes_published_at is not None:
        raise ValidationError(_("The minutes are published; resolutions can no longer be added."))
    number = (meeting.resolutions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    resolution = Resolution(meeting=meeting, number=number, title=(title or "").strip(), text=(text or "").strip())
    resolution.recorded_by = actor
    if meeting.votes:
        if None in (votes_for, votes_against, votes_abstain):
            raise ValidationError(_("This body votes: enter the votes for, against and abstaining."))
        counts = attendance_counts(meeting)
        problem = vote_problem(votes_for, votes_against, votes_abstain, counts["voting_present"])
        if problem == "too_many":
            raise ValidationError(
                _("%(n)d votes cast but only %(present)d voting members are signed in.")
                % {"n": votes_for + votes_against + votes_abstain, "present": counts["voting_present"]}
            )
        if problem:
            raise ValidationError(_("Votes cannot be negative."))
        resolution.votes_for, resolution.votes_against, resolution.votes_abstain = (
            votes_for,
            votes_against,
            votes_abstain,
        )
        resolution.present_voting, resolution.voting_members = counts["voting_present"], counts["voting"]
        resolution.quorate = counts["quorate"]
        resolution.passed = bool(counts["quorate"]) and vote_passes(
            votes_for, counts["voting_present"], meeting.body.rule
        )
    resolution.full_clean(exclude=["meeting"])
    resolution.save()
    return resolution


@acting
@transaction.atomic
def resolution_follow_up(
    *, actor, resolution: Resolution, organisations, title: str, due_at: dt.datetime, description: str = ""
) -> int:
    """A resolution asks named members to do something by a date: each owes it (an obligation in its inbox)."""
    ensure_staff(actor)
    if not resolution.passed:
        raise ValidationError(_("A resolution that did not pass asks nothing of anyone."))
    orgs = list(organisations)
    if not orgs:
        raise ValidationError({"organisations": _("Choose at least one member.")})
    if not (title or "").strip():
        raise ValidationError({"title": _("Say what is to be done.")})
    for org in orgs:
        obligation_create(
            organisation=org,
            kind=ObligationKind.RESOLUTION_FOLLOW_UP,
            title=f"{resolution.title} · {title.strip()}"[:300],
            description=description,
            due_at=due_at,
            subject=resolution,
            actor=actor,
            dedupe_key=f"resolution:{resolution.pk}:{org.pk}:{title.strip()[:60]}",
        )
    return len(orgs)


@acting
@transaction.atomic
def meeting_publish(*, actor, meeting: Meeting) -> Meeting:
    """The meeting was held: its minutes and resolutions are published to the invitees (and, when shared,
    to the regulators). Replies still owed are cancelled."""
    ensure_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.minutes_published_at is not None:
        raise ValidationError(_("The minutes are already published."))
    if not meeting.minutes:
        raise ValidationError({"minutes": _("Write the minutes before publishing them.")})
    if timezone.now() < meeting.starts_at:
        raise ValidationError(_("The meeting has not started yet."))
    now = timezone.now()
    meeting.status, meeting.minutes_published_at = MeetingStatus.HELD, now
    meeting.save(update_fields=["status", "minutes_published_at"])
    meeting.resolutions.filter(published_at__isnull=True).update(published_at=now)
    for inv in meeting.invitations.all():
        obligations_cancel_for(inv, actor=actor, reason=_("The meeting was held."), now=now)
    notify(
        meeting.invitations.values_list("organisation_id", flat=True),
        title=_("Minutes published: %(title)s") % {"title": meeting.title},
        body=_("The minutes and %(n)d resolutions are on the meeting's page.") % {"n": meeting.resolutions.count()},
        url=reverse("governance-meeting-detail", args=[meeting.pk]),
    )
    return meeting
