"""The reminder sweep over 100,000 open obligations: time and SQL queries.

Obligations are spread over 1,000 member organisations (two users each), due from two days
ago to thirty days ahead, created ten days ago. The first sweep claims every step that is due
at that moment (escalations for the overdue ones, 24-hour and 2-hour reminders, due-now); the
second finds nothing left to claim. Target: under 10 s, queries growing only with batches.
"""

from __future__ import annotations

import time

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.choices import Role
from association.models import Membership, Notification, Obligation, Organisation, OutboundEmail, ReminderLog, User
from association.services.reminders import BATCH, reminders_sweep
from bench import generate

OBLIGATIONS = 100_000
ORGS = 1_000


@transaction.atomic
def _users(orgs: list[Organisation]) -> None:
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"rb_{o.pk}_{r}", password=password, email=f"rb_{o.pk}_{r}@bench.example.org")
            for o in orgs
            for r in ("m", "r")
        ],
        ignore_conflicts=True,
    )
    users = {u.username: u for u in User.objects.filter(username__startswith="rb_")}
    Membership.objects.bulk_create(
        [
            Membership(user=users[f"rb_{o.pk}_{r}"], organisation=o, role=role)
            for o in orgs
            for r, role in (("m", Role.MEMBER_MANAGER), ("r", Role.MEMBER_REPORTER))
        ],
        ignore_conflicts=True,
    )


def _obligations(now, org_ids: list[int]) -> None:
    """100,000 rows in one INSERT … SELECT generate_series (the history trigger fires for each)."""
    table = Obligation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (kind, title, description, organisation_id, due_at, original_due_at, status,
                                 created_at)
            SELECT 'data_return', '月度数据报送 #' || g, '', (%s::bigint[])[1 + g %% %s],
                   %s::timestamptz - interval '2 days' + (g * interval '32 days' / %s),
                   %s::timestamptz - interval '2 days' + (g * interval '32 days' / %s), 'open',
                   %s::timestamptz - interval '10 days'
            FROM generate_series(1, %s) AS g
            """,
            [org_ids, len(org_ids), now, OBLIGATIONS, now, OBLIGATIONS, now, OBLIGATIONS],
        )
        cursor.execute(f"ANALYZE {table}")


def run(*, log=print) -> dict:
    generate.base()
    generate.grow(ORGS, contacts_per_org=1)
    orgs = list(Organisation.objects.filter(name__startswith=generate.PREFIX).members()[:ORGS])
    _users(orgs)
    now = timezone.now()
    started = time.perf_counter()
    _obligations(now, [o.pk for o in orgs])
    log(f"[bench] {OBLIGATIONS:,} obligations generated in {time.perf_counter() - started:.1f}s")
    generate.analyze()

    result = {"obligations": Obligation.objects.count(), "batch": BATCH, "sweeps": []}
    for label in ("first sweep", "second sweep (nothing left)"):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            totals = reminders_sweep(now=now)
            seconds = time.perf_counter() - t
        result["sweeps"].append(
            {"label": label, "seconds": round(seconds, 2), "queries": len(ctx.captured_queries), **totals}
        )
        log(f"[bench] {label}: {seconds:.2f}s, {len(ctx.captured_queries)} queries, {totals}")
    result["reminder_rows"] = ReminderLog.objects.count()
    result["notification_rows"] = Notification.objects.count()
    result["email_rows"] = OutboundEmail.objects.count()
    result["under_10s"] = all(s["seconds"] < 10 for s in result["sweeps"])
    return result


def table(result: dict) -> str:
    lines = [
        f"reminder sweep over {result['obligations']:,} open obligations (batch {result['batch']:,})",
        f"{'sweep':<30}{'seconds':>9}{'queries':>9}{'reminders':>11}{'notifications':>15}{'emails':>8}",
    ]
    for s in result["sweeps"]:
        lines.append(
            f"{s['label']:<30}{s['seconds']:>9}{s['queries']:>9}{s['reminders']:>11,}"
            f"{s['notifications']:>15,}{s['emails']:>8,}"
        )
    lines.append(f"under 10 s: {'yes' if result['under_10s'] else 'NO'}")
    return "\n".join(lines)


def ok(result: dict) -> bool:
    return result["under_10s"]
