"""Report clocks of an event, kept as obligations (article 12 and the daily-report system)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import AWAITING_MEMBER, ObligationKind
from association.deadlines import BEIJING, daily_due_times, due_after
from association.models import Obligation, Organisation
from association.services.obligations import obligation_cancel, obligation_create
from disasters.choices import Grade
from disasters.models import AffectedCompany, Event, Response

DAILY_LEVELS = (Grade.I, Grade.II)
INITIAL_HOURS = 2
PHONE_MINUTES = 30
WRITTEN_HOURS = 1


def daily_report_time() -> dt.time:
    value = getattr(settings, "DISASTER_DAILY_REPORT_TIME", "17:00")
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


def key(event: Event, kind: str, organisation_id: int, day: dt.date | None = None) -> str:
    suffix = f":{day:%Y%m%d}" if day else ""
    return f"disaster:{event.pk}:{kind}:{organisation_id}{suffix}"


def event_obligations(event: Event):
    ct = ContentType.objects.get_for_model(Event)
    return Obligation.objects.filter(subject_type=ct, subject_id=event.pk)


def needs_urgent_reports(event: Event) -> bool:
    return event.grade == Grade.I or event.sensitive


@acting
def initial_obligations(*, event: Event, organisations, actor=None, now: dt.datetime | None = None) -> int:
    """Initial report (2 h after known); for grade I or a sensitive event also phone (30 min) and written (1 h).

    Idempotent: calling it again (grade rose to I, a company was added) creates only what is missing.
    The urgent clocks start when the event became known, or now if it became urgent later.
    """
    now = now or timezone.now()
    urgent_from = max(event.known_at, now) if needs_urgent_reports(event) else None
    created = 0
    for org in organisations:
        specs = [(ObligationKind.DISASTER_INITIAL_REPORT, due_after(event.known_at, hours=INITIAL_HOURS))]
        if urgent_from is not None:
            if Obligation.objects.filter(dedupe_key=key(event, "phone", org.pk)).exists():
                urgent_from = event.known_at  # already urgent before: keep the clocks it had
            specs += [
                (ObligationKind.DISASTER_PHONE_REPORT, due_after(urgent_from, minutes=PHONE_MINUTES)),
                (ObligationKind.DISASTER_WRITTEN_REPORT, due_after(urgent_from, hours=WRITTEN_HOURS)),
            ]
        for kind, due in specs:
            short = kind.removeprefix("disaster_")
            obligation_create(
                organisation=org,
                kind=kind,
                title=f"{ObligationKind(kind).label} · {event.title}"[:300],
                due_at=due,
                subject=event,
                actor=actor,
                dedupe_key=key(event, short, org.pk),
            )
            created += 1
    return created


def daily_obligations(*, event: Event, response: Response, now: dt.datetime) -> int:
    """Daily report obligations for every due time from the response's start up to 24 h ahead."""
    if response.terminated_at is not None or response.level not in DAILY_LEVELS:
        return 0
    times = daily_due_times(response.started_at, None, daily_report_time(), until=now + dt.timedelta(days=1))
    if not times:
        return 0
    orgs = list(Organisation.objects.filter(pk__in=AffectedCompany.objects.filter(event=event).values("organisation")))
    wanted = {key(event, "daily", o.pk, due.astimezone(BEIJING).date()): (o, due) for o in orgs for due in times}
    existing = set(Obligation.objects.filter(dedupe_key__in=list(wanted)).values_list("dedupe_key", flat=True))
    created = 0
    for dedupe, (org, due) in wanted.items():
        if dedupe in existing:
            continue
        obligation_create(
            organisation=org,
            kind=ObligationKind.DISASTER_DAILY_REPORT,
            title=_("Disaster daily report %(date)s · %(event)s")
            % {"date": due.astimezone(BEIJING).date().isoformat(), "event": event.title},
            due_at=due,
            subject=event,
            dedupe_key=dedupe,
        )
        created += 1
    return created


def cancel_daily_after(*, event: Event, after: dt.datetime, reason: str) -> int:
    n = 0
    qs = event_obligations(event).filter(
        kind=ObligationKind.DISASTER_DAILY_REPORT, due_at__gt=after, status__in=AWAITING_MEMBER
    )
    for obligation in qs:
        obligation_cancel(obligation=obligation, reason=reason)
        n += 1
    return n


def cancel_for_company(*, event: Event, organisation_id: int, reason: str) -> int:
    n = 0
    for obligation in event_obligations(event).filter(organisation_id=organisation_id, status__in=AWAITING_MEMBER):
        obligation_cancel(obligation=obligation, reason=reason)
        n += 1
    return n
