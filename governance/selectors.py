"""Reads of this app, each starting from ``visible_to(user)`` with what its page needs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from association.choices import ObligationKind
from association.deadlines import BEIJING
from governance.choices import ConsultationStatus, MeetingStatus, Position, Reply, TermStatus, TrainingStatus
from governance.models import (
    Body,
    Comment,
    Consultation,
    Invitation,
    Meeting,
    Offer,
    Recipient,
    Resolution,
    Seat,
    SignIn,
    Term,
    Trainee,
    Training,
)

POSITION_RANK = {p: i for i, p in enumerate(Position.values)}


def body_list(*, user):
    return (
        Body.objects.visible_to(user)
        .filter(is_active=True)
        .annotate(
            seats_in_office=Count(
                "terms__seats", filter=Q(terms__status=TermStatus.OPEN, terms__seats__left_on__isnull=True)
            )
        )
    )


def body_terms(body: Body, *, user) -> list[Term]:
    """Every term, newest first, with its seats ordered by position (the history of re-elections)."""
    terms = list(
        Term.objects.visible_to(user)
        .filter(body=body)
        .prefetch_related(Prefetch("seats", queryset=Seat.objects.select_related("organisation")))
        .order_by("-number")
    )
    for term in terms:
        term.ordered_seats = sorted(
            term.seats.all(), key=lambda s: (POSITION_RANK.get(s.position, 99), s.organisation.name)
        )
    return terms


def body_seats_in_office(body: Body, *, user) -> tuple[Term | None, list[Seat]]:
    """The body's open term and its seats in office, ordered by position (the API's body detail)."""
    term = Term.objects.visible_to(user).filter(body=body, status=TermStatus.OPEN).first()
    if term is None:
        return None, []
    seats = Seat.objects.visible_to(user).filter(term=term, left_on__isnull=True).select_related("organisation")
    return term, sorted(seats, key=lambda s: (POSITION_RANK.get(s.position, 99), s.organisation.name))


def meeting_list(*, user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("body", "term")
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_replied=Count("invitations", filter=~Q(invitations__reply=Reply.PENDING), distinct=True),
            n_present=Count("sign_ins__organisation", distinct=True),
        )
    )


def meeting_invitations(meeting: Meeting, *, user):
    return Invitation.objects.visible_to(user).filter(meeting=meeting).select_related("organisation", "replied_by")


def meeting_sign_ins(meeting: Meeting, *, user):
    return SignIn.objects.visible_to(user).filter(meeting=meeting).select_related("organisation")


def meeting_resolutions(meeting: Meeting, *, user):
    qs = (
        Resolution.objects.filter(meeting=meeting) if user.is_association_staff else Resolution.objects.visible_to(user)
    )
    return qs.filter(meeting=meeting).order_by("number")


def consultation_list(*, user):
    return Consultation.objects.visible_to(user).annotate(
        n_recipients=Count("recipients", distinct=True),
        n_replied=Count("recipients", filter=Q(recipients__replied_at__isnull=False), distinct=True),
        n_comments=Count("comments", distinct=True),
    )


def consultation_comments(consultation: Consultation, *, user):
    return (
        Comment.objects.visible_to(user)
        .filter(consultation=consultation)
        .select_related("organisation", "clause", "handled_by")
        .order_by("clause__order", "organisation__name", "submitted_at", "id")
    )


def consultation_recipients(consultation: Consultation, *, user):
    return Recipient.objects.visible_to(user).filter(consultation=consultation).select_related("organisation")


def training_list(*, user):
    return Training.objects.visible_to(user).annotate(
        n_registered=Count("trainees", distinct=True),
        n_attended=Count("trainees", filter=Q(trainees__signed_at__isnull=False), distinct=True),
    )


def training_trainees(training: Training, *, user):
    return Trainee.objects.visible_to(user).filter(training=training).select_related("organisation", "feedback")


def open_counts(*, user) -> dict:
    return {
        "meetings": Meeting.objects.visible_to(user).filter(status=MeetingStatus.SCHEDULED).count(),
        "consultations": Consultation.objects.visible_to(user).filter(status=ConsultationStatus.OPEN).count(),
        "trainings": Training.objects.visible_to(user).filter(status=TrainingStatus.OPEN).count(),
    }


def attendance_by_year(year: int, *, user) -> tuple[list[dict], list[dict]]:
    """Attendance rate per body and per organisation in a year: of the meetings held (not cancelled) an
    organisation was invited to, those where someone of it signed in."""
    start = dt.datetime(year, 1, 1, tzinfo=BEIJING)
    end = dt.datetime(year + 1, 1, 1, tzinfo=BEIJING)
    invitations = (
        Invitation.objects.visible_to(user)
        .filter(meeting__starts_at__gte=start, meeting__starts_at__lt=end)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("organisation", "meeting__body")
    )
    present = set(
        SignIn.objects.filter(meeting__in=invitations.values("meeting_id")).values_list("meeting_id", "organisation_id")
    )
    bodies: dict = defaultdict(lambda: {"meetings": set(), "invited": 0, "present": 0})
    orgs: dict = defaultdict(lambda: {"invited": 0, "present": 0, "leave": 0})
    for inv in invitations:
        body = inv.meeting.body.name if inv.meeting.body_id else "—"
        here = (inv.meeting_id, inv.organisation_id) in present
        bodies[body]["meetings"].add(inv.meeting_id)
        bodies[body]["invited"] += 1
        bodies[body]["present"] += here
        row = orgs[inv.organisation.name]
        row["invited"] += 1
        row["present"] += here
        row["leave"] += inv.reply == Reply.LEAVE
    by_body = [
        {"name": k, "meetings": len(v["meetings"]), "invited": v["invited"], "present": v["present"],
         "rate": v["present"] / v["invited"] if v["invited"] else None}
        for k, v in sorted(bodies.items())
    ]  # fmt: skip
    by_org = [
        {"name": k, **v, "rate": v["present"] / v["invited"] if v["invited"] else None} for k, v in sorted(orgs.items())
    ]
    return by_body, by_org


def training_hours(year: int, *, user) -> tuple[list[dict], list[dict]]:
    """Training hours in a year of the trainees who attended: per company and per person."""
    start = dt.datetime(year, 1, 1, tzinfo=BEIJING)
    end = dt.datetime(year + 1, 1, 1, tzinfo=BEIJING)
    trainees = (
        Trainee.objects.visible_to(user)
        .filter(training__starts_at__gte=start, training__starts_at__lt=end, signed_at__isnull=False)
        .exclude(training__status=TrainingStatus.CANCELLED)
        .select_related("organisation", "training")
    )
    companies: dict = defaultdict(lambda: {"people": set(), "sessions": 0, "hours": Decimal(0)})
    people: dict = defaultdict(lambda: {"sessions": 0, "hours": Decimal(0)})
    for t in trainees:
        c = companies[t.organisation.name]
        c["people"].add(t.name)
        c["sessions"] += 1
        c["hours"] += t.training.hours
        p = people[(t.organisation.name, t.name)]
        p["sessions"] += 1
        p["hours"] += t.training.hours
    by_company = [
        {"name": k, "people": len(v["people"]), "sessions": v["sessions"], "hours": v["hours"]}
        for k, v in sorted(companies.items())
    ]
    by_person = [{"organisation": k[0], "name": k[1], **v} for k, v in sorted(people.items())]
    return by_company, by_person


def event_by_checkin_token(token: str):
    """The meeting or training whose door QR code carries ``token``, or None. The code is the key (the QR
    sign-in needs no account), so this is the one read without a user; the page shows only the event's title
    and, for a meeting, the names of the invited organisations."""
    meeting = Meeting.objects.filter(checkin_token=token).select_related("body").first()
    if meeting is not None:
        return meeting
    return Training.objects.filter(checkin_token=token).first()


def calendar_events(*, user, start: dt.datetime, end: dt.datetime | None = None) -> list:
    """Meetings and trainings (not cancelled) a user sees from ``start`` (to ``end``), in time order."""
    meetings = Meeting.objects.visible_to(user).exclude(status=MeetingStatus.CANCELLED).filter(ends_at__gte=start)
    trainings = Training.objects.visible_to(user).exclude(status=TrainingStatus.CANCELLED).filter(ends_at__gte=start)
    if end is not None:
        meetings, trainings = meetings.filter(starts_at__lt=end), trainings.filter(starts_at__lt=end)
    events = list(meetings.select_related("body")[:500]) + list(trainings[:500])
    return sorted(events, key=lambda e: e.starts_at)


def checkin_organisations(meeting: Meeting):
    """The invited organisations a person at the door chooses from (the QR page has no user)."""
    from association.models import Organisation

    return Organisation.objects.filter(pk__in=meeting.invitations.values("organisation_id")).order_by("name")


#: the obligations answered on this app's pages, the model of their subject and the anchor of its form there
ANSWERED_HERE = {
    ObligationKind.MEETING_REPLY: (Invitation, "reply"),
    ObligationKind.CONSULTATION_FEEDBACK: (Recipient, "feedback"),
    ObligationKind.TRAINING_REGISTRATION: (Offer, "register"),
}


def obligation_answer_page(obligation) -> str | None:
    """Where an obligation of this app is answered: the meeting, consultation or training page, at the form
    of the organisation that owes it. Follow-ups of resolutions are answered in the inbox (None)."""
    answered = ANSWERED_HERE.get(obligation.kind)
    if answered is None or not obligation.subject_id:
        return None
    model, anchor = answered
    subject = obligation.subject
    if not isinstance(subject, model):
        return None
    return f"{subject.get_absolute_url()}#{anchor}-{subject.organisation_id}"


def survey_trainee(training: Training, trainee_id) -> Trainee | None:
    """The trainee a signed survey link names (the link is the key: it is made only on a QR sign-in)."""
    if not isinstance(trainee_id, int):
        return None
    return Trainee.objects.filter(pk=trainee_id, training=training).first()
