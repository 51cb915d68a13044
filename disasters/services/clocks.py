"""Report clocks of an event, kept as obligations (article 12 and the daily-report system)."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import AWAITING_MEMBER, ObligationKind, ObligationStatus
from association.deadlines import BEIJING, daily_due_times, due_after
from association.models import Obligation, Organisation
from association.services.obligations import obligation_cancel, obligation_create
from disasters.choices import SENSITIVE_YES, ChangeKind, ChangeStatus, Grade
from disasters.models import AffectedCompany, Event, LevelChange, Response

DAILY_LEVELS = (Grade.I, Grade.II)
INITIAL_HOURS = 2
PHONE_MINUTES = 30
WRITTEN_HOURS = 1
#: the changes that can make an event need the urgent reports (grade I, or very sensitive)
URGENCY_KINDS = (ChangeKind.COMPUTED, ChangeKind.DECLARED, ChangeKind.SENSITIVE)
#: the round part of a key (``key``)
ROUND = re.compile(r":r\d+(?=:|$)")


def daily_report_time() -> dt.time:
    value = getattr(settings, "DISASTER_DAILY_REPORT_TIME", "17:00")
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


def key(event: Event, kind: str, organisation_id: int, day: dt.date | None = None, round: int = 1) -> str:
    """``disaster:<event>:<kind>:<org>[:r<round>][:<yyyymmdd>]``; a company added back to an event after
    its removal (round 2, 3…) owes its reports again under new keys."""
    membership = f":r{round}" if round > 1 else ""
    suffix = f":{day:%Y%m%d}" if day else ""
    return f"disaster:{event.pk}:{kind}:{organisation_id}{membership}{suffix}"


def event_obligations(event: Event):
    ct = ContentType.objects.get_for_model(Event)
    return Obligation.objects.filter(subject_type=ct, subject_id=event.pk)


def needs_urgent_reports(event: Event) -> bool:
    return event.grade == Grade.I or event.sensitive


def urgent_since(event: Event, now: dt.datetime) -> dt.datetime | None:
    """When the event was known to need the phone and written reports (grade I or very sensitive);
    None when it does not need them.

    ``known_at`` when it was so from its first record; otherwise the time of the recorded change that
    first made it so (a computed or declared grade I, the very-sensitive flag). Every company's urgent
    clocks run from there, a company added later included.
    """
    if not needs_urgent_reports(event):
        return None
    changes = list(LevelChange.objects.filter(event=event, kind__in=URGENCY_KINDS).order_by("at", "id"))
    flags = [c for c in changes if c.kind == ChangeKind.SENSITIVE]
    first_flag = flags[0].from_value == SENSITIVE_YES if flags else event.sensitive
    state = {ChangeKind.COMPUTED: "", ChangeKind.DECLARED: "", ChangeKind.SENSITIVE: first_flag}

    def urgent() -> bool:
        grade = state[ChangeKind.DECLARED] or state[ChangeKind.COMPUTED]
        return grade == Grade.I or bool(state[ChangeKind.SENSITIVE])

    def apply(change: LevelChange) -> None:
        value = change.to_value
        state[change.kind] = value == SENSITIVE_YES if change.kind == ChangeKind.SENSITIVE else value

    for change in changes:  # recorded with the event: its first record
        if change.at <= event.created_at:
            apply(change)
    if urgent():
        return event.known_at
    for change in changes:
        if change.at > event.created_at:
            apply(change)
            if urgent():
                return max(change.at, event.known_at)
    # urgent without a record saying since when (a flag set before changes of it were recorded): the
    # clocks already running, else from now
    started = event_obligations(event).filter(kind=ObligationKind.DISASTER_PHONE_REPORT).order_by("due_at").first()
    return started.due_at - dt.timedelta(minutes=PHONE_MINUTES) if started else max(now, event.known_at)


def rounds(event: Event, organisation_ids) -> dict[int, int]:
    """The membership round of each affected company (1 unless it was removed and added back)."""
    rows = AffectedCompany.objects.filter(event=event, organisation_id__in=list(organisation_ids))
    return dict(rows.values_list("organisation_id", "round"))


def next_round(event: Event, organisation_id: int) -> int:
    """The round of a company (re)added to an event: one more than its rounds so far (each one had its
    initial report)."""
    initial = ObligationKind.DISASTER_INITIAL_REPORT.removeprefix("disaster_")
    taken = set(event_obligations(event).filter(organisation_id=organisation_id).values_list("dedupe_key", flat=True))
    n = 1
    while key(event, initial, organisation_id, round=n) in taken:
        n += 1
    return n


def _slot(dedupe_key: str) -> str:
    """The report a key stands for, whatever the round: its key in round 1."""
    return ROUND.sub("", dedupe_key)


def _held(event: Event, organisation_ids, kinds) -> set[str]:
    """The reports (``_slot``) owed or answered, in any round: not owed again when a company is added back."""
    held = event_obligations(event).filter(organisation_id__in=list(organisation_ids), kind__in=kinds)
    keys = held.exclude(status=ObligationStatus.CANCELLED).exclude(dedupe_key=None).values_list("dedupe_key", flat=True)
    return {_slot(k) for k in keys}


def _create_missing(event: Event, wanted: dict[str, tuple], held: set[str], actor=None) -> int:
    existing = set(Obligation.objects.filter(dedupe_key__in=list(wanted)).values_list("dedupe_key", flat=True))
    created = 0
    for dedupe, (org, kind, due, title) in wanted.items():
        if dedupe in existing or _slot(dedupe) in held:
            continue
        obligation_create(
            organisation=org, kind=kind, title=title, due_at=due, subject=event, actor=actor, dedupe_key=dedupe
        )
        created += 1
    return created


@acting
def initial_obligations(*, event: Event, organisations, actor=None, now: dt.datetime | None = None) -> int:
    """Initial report (2 h after known); for grade I or a sensitive event also phone (30 min) and written (1 h).

    Idempotent: calling it again (grade rose to I, a company was added) creates only what is missing.
    The urgent clocks of every company start when the event was known to be urgent (``urgent_since``).
    """
    now = now or timezone.now()
    organisations = list(organisations)
    start = urgent_since(event, now)
    specs = [(ObligationKind.DISASTER_INITIAL_REPORT, due_after(event.known_at, hours=INITIAL_HOURS))]
    if start is not None:
        specs += [
            (ObligationKind.DISASTER_PHONE_REPORT, due_after(start, minutes=PHONE_MINUTES)),
            (ObligationKind.DISASTER_WRITTEN_REPORT, due_after(start, hours=WRITTEN_HOURS)),
        ]
    membership = rounds(event, (o.pk for o in organisations))
    wanted = {}
    for org in organisations:
        for kind, due in specs:
            dedupe = key(event, kind.removeprefix("disaster_"), org.pk, round=membership.get(org.pk, 1))
            wanted[dedupe] = (org, kind, due, f"{ObligationKind(kind).label} · {event.title}"[:300])
    held = _held(event, [o.pk for o in organisations], [kind for kind, _due in specs])
    created = _create_missing(event, wanted, held, actor=actor)
    if start is not None:
        from disasters.services.urgent import tell_urgent_clocks

        tell_urgent_clocks(
            event=event, organisations=organisations, phone_due=specs[1][1], written_due=specs[2][1],
            rounds=membership, now=now,
        )  # fmt: skip
    return created


def daily_periods(response: Response, changes) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """When ``response`` ran at a level that owes daily reports (I or II): (from, to), to None while it runs.

    ``changes`` are the event's level changes (other responses' are skipped): the response's level over
    time, a request for level I from when the national regulator's approval was recorded.
    """
    steps = [
        (c.effective_at, c.to_value)
        for c in changes
        if c.response_id == response.pk
        and c.kind == ChangeKind.LEVEL
        and c.to_value
        and c.status in (ChangeStatus.APPLIED, ChangeStatus.APPROVED)
        and (response.terminated_at is None or c.effective_at <= response.terminated_at)
    ]
    if not steps:  # no level history: its level throughout
        steps = [(response.started_at, response.level)]
    periods, start = [], None
    for at, level in sorted(steps, key=lambda step: step[0]):
        if level in DAILY_LEVELS and start is None:
            start = at
        elif level not in DAILY_LEVELS and start is not None:
            periods.append((start, at))
            start = None
    if start is not None:
        periods.append((start, response.terminated_at))
    return periods


def daily_owed(due: dt.datetime, periods) -> bool:
    """Whether a daily report due at ``due`` is owed: the first due time strictly after a period starts,
    the last one at or before it ends (as ``daily_due_times``)."""
    return any(start < due and (end is None or due <= end) for start, end in periods)


def daily_obligations(*, event: Event, response: Response, now: dt.datetime) -> int:
    """Daily report obligations for every due time while the response ran at level I or II, up to 24 h ahead
    (none for the days it ran at level III)."""
    if response.terminated_at is not None or response.level not in DAILY_LEVELS:
        return 0
    periods = daily_periods(response, LevelChange.objects.filter(response=response, kind=ChangeKind.LEVEL))
    until = now + dt.timedelta(days=1)
    times = sorted({t for s, e in periods for t in daily_due_times(s, e, daily_report_time(), until=until)})
    if not times:
        return 0
    orgs = list(Organisation.objects.filter(pk__in=AffectedCompany.objects.filter(event=event).values("organisation")))
    membership = rounds(event, (o.pk for o in orgs))
    kind = ObligationKind.DISASTER_DAILY_REPORT
    wanted = {}
    for org in orgs:
        for due in times:
            day = due.astimezone(BEIJING).date()
            title = _("Disaster daily report %(date)s · %(event)s") % {"date": day.isoformat(), "event": event.title}
            wanted[key(event, "daily", org.pk, day, round=membership.get(org.pk, 1))] = (org, kind, due, title)
    return _create_missing(event, wanted, _held(event, [o.pk for o in orgs], [kind]))


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
