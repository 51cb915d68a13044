"""The reminder sweep: before due, at due, and escalation when overdue — each step exactly once.

Every (obligation, step) pair is claimed by inserting a ``ReminderLog`` row; the unique
constraint on that pair makes a second sweep (a retry, a concurrent run, a worker that died
and was replaced) find nothing left to claim. The notifications and the outbox e-mails are
written in the same transaction as the claim, so they exist exactly when the claim does.
E-mails are then delivered from the outbox by another task.

Steps (``settings.REMINDER_BEFORE_HOURS``, default 24 and 2 hours before due):
* ``before:<h>h`` for deadlines set at least a day ahead: when due is within h hours
  (only the latest window applies, so a sweep that was down does not send both);
* ``half`` for deadlines shorter than a day: at half the time between creation and due;
* ``due``: at the due time (until escalation starts);
* ``overdue``: ``REMINDER_ESCALATE_AFTER_MINUTES`` (default 60) after due, to the
  organisation's managers and to association staff.

The e-mails follow the urgency table (asked through ``app_hooks.notification_route``, so the spine imports
no other app): kinds ``obligation_reminder`` (the steps before and at due) and ``obligation_overdue`` (the
escalation). A routine kind's e-mails written in the quiet hours are held until they end (``not_before``);
the portal notifications, which ring no phone, are there at once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from association.app_hooks import notification_route
from association.choices import AWAITING_MEMBER, Role
from association.models import Membership, Notification, Obligation, OutboundEmail, ReminderLog

BATCH = 2000
#: the urgency table's kind of each step's notifications
REMINDER_KIND, OVERDUE_KIND = "obligation_reminder", "obligation_overdue"


def kind_of(step: str) -> str:
    return OVERDUE_KIND if step == "overdue" else REMINDER_KIND


def before_hours() -> list[int]:
    return sorted(getattr(settings, "REMINDER_BEFORE_HOURS", [24, 2]), reverse=True)


def escalate_after() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "REMINDER_ESCALATE_AFTER_MINUTES", 60))


def step_conditions(now: dt.datetime) -> list[tuple[str, str, list]]:
    """(step, SQL condition on the obligation row ``o``, params) for every step."""
    day = dt.timedelta(hours=24)
    steps = []
    hours = before_hours()
    for i, h in enumerate(hours):
        later = dt.timedelta(hours=hours[i + 1]) if i + 1 < len(hours) else dt.timedelta(0)
        window = dt.timedelta(hours=h)
        steps.append(
            (
                f"before:{h}h",
                "o.due_at > %s AND o.due_at <= %s AND o.due_at - o.created_at >= %s AND o.due_at - %s >= o.created_at",
                [now + later, now + window, day, window],
            )
        )
    steps.append(
        (
            "half",
            "o.due_at > %s AND o.due_at <= %s AND o.due_at - o.created_at < %s "
            "AND o.created_at + (o.due_at - o.created_at) / 2 <= %s",
            [now, now + day, day, now],
        )
    )
    steps.append(("due", "o.due_at <= %s AND o.due_at > %s", [now, now - escalate_after()]))
    steps.append(("overdue", "o.due_at <= %s", [now - escalate_after()]))
    return steps


def _claim(step: str, condition: str, params: list, now: dt.datetime, limit: int) -> list[tuple[int, int]]:
    log, ob = ReminderLog._meta.db_table, Obligation._meta.db_table
    statuses = list(AWAITING_MEMBER)
    sql = f"""
        INSERT INTO {log} (obligation_id, step, created_at)
        SELECT o.id, %s, %s FROM {ob} o
        WHERE o.status = ANY(%s) AND {condition}
          AND NOT EXISTS (SELECT 1 FROM {log} r WHERE r.obligation_id = o.id AND r.step = %s)
        ORDER BY o.due_at, o.id
        LIMIT %s
        ON CONFLICT (obligation_id, step) DO NOTHING
        RETURNING id, obligation_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [step, now, statuses, *params, step, limit])
        return cursor.fetchall()


def _recipients(obligations: list[Obligation], escalate: bool) -> dict[int, list]:
    """Users to tell, per obligation: its organisation's (and parents') member users; staff on escalation."""
    org_chain = {}
    for ob in obligations:
        org = ob.organisation
        chain = [org.id]
        if org.parent_id:
            chain.append(org.parent_id)
            if org.parent and org.parent.parent_id:
                chain.append(org.parent.parent_id)
        org_chain[ob.id] = chain
    roles = [Role.MEMBER_MANAGER] if escalate else [Role.MEMBER_MANAGER, Role.MEMBER_REPORTER]
    by_org = defaultdict(list)
    wanted = {o for chain in org_chain.values() for o in chain}
    for m in Membership.objects.filter(
        organisation_id__in=wanted, role__in=roles, is_active=True, user__is_active=True
    ).select_related("user"):
        by_org[m.organisation_id].append(m.user)
    staff = []
    if escalate:
        staff = [
            m.user
            for m in Membership.objects.filter(role=Role.STAFF, is_active=True, user__is_active=True).select_related(
                "user"
            )
        ]
    result = {}
    for ob_id, chain in org_chain.items():
        users = {u.pk: u for org_id in chain for u in by_org[org_id]}
        users.update({u.pk: u for u in staff})
        result[ob_id] = list(users.values())
    return result


def _message(step: str, ob: Obligation) -> tuple[str, str]:
    due = timezone.localtime(ob.due_at).strftime("%Y-%m-%d %H:%M")
    if step == "overdue":
        title = _("Overdue: %(org)s has not submitted “%(title)s” (due %(due)s)")
    elif step == "due":
        title = _("Due now: “%(title)s” (due %(due)s)")
    else:
        title = _("Reminder: “%(title)s” is due %(due)s")
    title = title % {"org": ob.organisation.short_name or ob.organisation.name, "title": ob.title, "due": due}
    body = _("%(org)s owes “%(title)s”, due %(due)s (Beijing time). Open the portal inbox to submit it.") % {
        "org": ob.organisation.name,
        "title": ob.title,
        "due": due,
    }
    return title[:300], body


def _insert_rows(table: str, columns: list[str], types: list[str], rows: list[tuple]) -> None:
    """Many rows in one INSERT … SELECT FROM unnest(arrays): far cheaper than model instances."""
    if not rows:
        return
    arrays = [list(col) for col in zip(*rows, strict=True)]
    casts = ", ".join(f"%s::{t}[]" for t in types)
    names = ", ".join(f"c{i}" for i in range(len(columns)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {names} FROM unnest({casts}) AS t({names})",
            arrays,
        )


def reminders_deliver(*, obligations, log_by_ob: dict[int, int], message, level: str, kind: str, now, escalate=False):
    """The notifications (one per user) and e-mails (one per obligation, held through the quiet hours by the
    urgency table's answer for ``kind``) of reminder logs already written, in two INSERTs. ``message(ob)``
    gives (title, body); ``obligations`` come with ``organisation__parent``. The sweep and a notice's "remind
    those who have not replied" both deliver through here. Returns (notifications, e-mails)."""
    recipients = _recipients(obligations, escalate=escalate)
    url_pattern = reverse("obligation-detail", args=[0])[:-2]  # "/obligations/"
    hold_until = notification_route(kind=kind, now=now)["hold_until"]
    notifications, emails = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for ob in obligations:
            title, body = message(ob)
            url = f"{url_pattern}{ob.pk}/"
            reminder_id = log_by_ob[ob.id]
            users = recipients[ob.id]
            notifications.extend((u.pk, title, body, url, level, now, reminder_id) for u in users)
            addresses = sorted({u.email for u in users if u.email})
            if addresses:
                emails.append(
                    (json.dumps(addresses, ensure_ascii=False), title, body, "", now, hold_until, 0, "", reminder_id)
                )
    _insert_rows(
        Notification._meta.db_table,
        ["user_id", "title", "body", "url", "level", "created_at", "reminder_id"],
        ["bigint", "text", "text", "text", "text", "timestamptz", "bigint"],
        notifications,
    )
    _insert_rows(
        OutboundEmail._meta.db_table,
        [
            '"to"',
            "subject",
            "body",
            "attachment_path",
            "created_at",
            "not_before",
            "attempts",
            "last_error",
            "reminder_id",
        ],
        ["jsonb", "text", "text", "text", "timestamptz", "timestamptz", "smallint", "text", "bigint"],
        emails,
    )
    return len(notifications), len(emails)


def _fan_out(step: str, claimed: list[tuple[int, int]], now: dt.datetime) -> tuple[int, int]:
    log_by_ob = {ob_id: log_id for log_id, ob_id in claimed}
    obligations = list(
        Obligation.objects.filter(pk__in=log_by_ob)
        .select_related("organisation__parent")
        .only(
            "id",
            "title",
            "due_at",
            "organisation__name",
            "organisation__short_name",
            "organisation__parent_id",
            "organisation__parent__parent_id",
        )
    )
    return reminders_deliver(
        obligations=obligations,
        log_by_ob=log_by_ob,
        message=lambda ob: _message(step, ob),
        level="danger" if step == "overdue" else "warning",
        kind=kind_of(step),
        now=now,
        escalate=(step == "overdue"),
    )


def reminders_sweep(*, now: dt.datetime | None = None, batch: int = BATCH, pause=None) -> dict:
    """Claim and fan out every reminder step due at ``now``. Safe to run twice, or twice at once."""
    now = now or timezone.now()
    totals = {"reminders": 0, "notifications": 0, "emails": 0}
    for step, condition, params in step_conditions(now):
        while True:
            with transaction.atomic():
                claimed = _claim(step, condition, params, now, batch)
                if claimed:
                    n, e = _fan_out(step, claimed, now)
                    totals["reminders"] += len(claimed)
                    totals["notifications"] += n
                    totals["emails"] += e
                    if pause is not None:
                        pause()  # tests: stop here, inside the transaction, to kill the worker
            if len(claimed) < batch:
                break
    return totals
