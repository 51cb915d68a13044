"""The ladder of a critical message: A → B → the company's manager → association staff, until acknowledged.

Each step is taken once: the sweep locks the due messages (``FOR UPDATE SKIP LOCKED``), moves each one step
up and writes that step's outbox rows in the same transaction (their unique constraint is the second guard).
A sweep killed mid-way rolls back; the next one takes the same steps, once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from messaging import recipients
from messaging.choices import LAST_STEP
from messaging.models import UrgencyRule, UrgentMessage
from messaging.services.dispatch import rule_for, step_rows, write_steps

BATCH = 500


def ladder_sweep(*, now: dt.datetime | None = None, batch: int = BATCH, pause=None) -> dict:
    """Take every ladder step due at ``now``. Safe to run twice, or twice at once.

    A batch costs the same number of queries whatever its size: the recipients of all its organisations are
    read once (``recipients.Directory``), the messages moved in one update, the outbox rows and portal
    notifications written in one insert each."""
    now = now or timezone.now()
    totals = {"steps": 0, "deliveries": 0}
    rules = {rule.kind: rule.ladder() for rule in UrgencyRule.objects.all()}
    while True:
        with transaction.atomic():
            due = list(
                UrgentMessage.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(acknowledged_at__isnull=True, next_step_at__lte=now, step__lt=LAST_STEP)
                .select_related("organisation")
                .order_by("next_step_at", "id")[:batch]
            )
            directory = recipients.Directory([m.organisation for m in due])
            rows, notes = [], []
            for message in due:
                if message.kind not in rules:
                    rules[message.kind] = rule_for(message.kind).ladder()
                ladder = rules[message.kind]
                message.step += 1
                # minutes after the first message: B at ladder[0], the manager at ladder[1], staff at ladder[2]
                following = message.step  # index of the next step's mark
                message.next_step_at = (
                    message.created_at + dt.timedelta(minutes=ladder[following])
                    if following < len(ladder) and message.step < LAST_STEP
                    else None
                )
                more_rows, more_notes = step_rows(message, message.step, now, directory)
                rows += more_rows
                notes += more_notes
            if due:
                UrgentMessage.objects.bulk_update(due, ["step", "next_step_at"])
                totals["deliveries"] += write_steps(rows, notes)
                totals["steps"] += len(due)
            if due and pause is not None:
                pause()  # tests: stop here, inside the transaction, to kill the worker
        if len(due) < batch:
            break
    return totals
