"""Reminder steps happen at the right time and exactly once — also when sweeps overlap or a worker dies."""

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.models import Notification, Obligation, OutboundEmail, ReminderLog
from association.services.obligations import obligation_create
from association.services.reminders import reminders_sweep

BEIJING = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 8, 3, 9, 0, tzinfo=BEIJING)


def _obligation(world, *, created, due, org=None):
    ob = obligation_create(
        organisation=org or world.org_a,
        kind=ObligationKind.NOTICE_REPLY,
        title="安责险整改报告",
        due_at=due,
    )
    Obligation.objects.filter(pk=ob.pk).update(created_at=created)
    ob.refresh_from_db()
    return ob


def steps(ob):
    return sorted(ReminderLog.objects.filter(obligation=ob).values_list("step", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours_before_due", "expected"),
    [
        (30, []),
        (24, ["before:24h"]),
        (23, ["before:24h"]),
        (2, ["before:2h"]),  # a sweep that was down does not send the 24-hour one late
        (0.5, ["before:2h"]),
        (0, ["due"]),
        (-0.5, ["due"]),
        (-1, ["overdue"]),
        (-48, ["overdue"]),
    ],
)
def test_steps_of_a_three_day_deadline(world, hours_before_due, expected):
    due = T0 + dt.timedelta(days=3)
    ob = _obligation(world, created=T0, due=due)
    reminders_sweep(now=due - dt.timedelta(hours=hours_before_due))
    assert steps(ob) == expected


@pytest.mark.django_db
def test_a_full_run_sends_each_step_once(world):
    due = T0 + dt.timedelta(days=3)
    ob = _obligation(world, created=T0, due=due)
    for minutes in range(-(3 * 24 * 60), 3 * 60, 5):  # every 5 minutes, like beat
        reminders_sweep(now=due + dt.timedelta(minutes=minutes))
    assert steps(ob) == ["before:24h", "before:2h", "due", "overdue"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("minutes_after_creation", "expected"),
    [(59, []), (60, ["half"]), (119, ["half"]), (120, ["due"]), (180, ["overdue"])],
)
def test_short_deadline_gets_half_time_reminder(world, minutes_after_creation, expected):
    ob = _obligation(world, created=T0, due=T0 + dt.timedelta(hours=2))  # e.g. a 2-hour disaster report
    reminders_sweep(now=T0 + dt.timedelta(minutes=minutes_after_creation))
    assert steps(ob) == expected


@pytest.mark.django_db
def test_nothing_for_submitted_or_accepted(world):
    due = T0 + dt.timedelta(hours=1)
    ob = _obligation(world, created=T0, due=due)
    Obligation.objects.filter(pk=ob.pk).update(status=ObligationStatus.SUBMITTED, submitted_at=T0)
    reminders_sweep(now=due + dt.timedelta(hours=5))
    assert steps(ob) == []


@pytest.mark.django_db
def test_recipients_and_channels(world):
    world.users["staff"].email = "staff@example.org"
    world.users["staff"].save()
    for key in ("member_a_manager", "member_a_reporter"):
        world.users[key].email = f"{key}@example.org"
        world.users[key].save()
    due = T0 + dt.timedelta(days=3)
    ob = _obligation(world, created=T0, due=due, org=world.org_a_branch)  # a branch: parent's users are told
    reminders_sweep(now=due - dt.timedelta(hours=1))
    before = set(Notification.objects.filter(reminder__obligation=ob).values_list("user__username", flat=True))
    assert before == {"member_a_manager", "member_a_reporter"}
    email = OutboundEmail.objects.get(reminder__obligation=ob, reminder__step="before:2h")
    assert email.to == ["member_a_manager@example.org", "member_a_reporter@example.org"]
    reminders_sweep(now=due + dt.timedelta(hours=2))
    escalated = set(
        Notification.objects.filter(reminder__obligation=ob, reminder__step="overdue").values_list(
            "user__username", flat=True
        )
    )
    assert escalated == {"member_a_manager", "staff"}  # the manager and association staff; not the reporter
    assert not Notification.objects.filter(user=world.users["member_b"]).exists()


@pytest.mark.django_db
def test_return_with_a_new_due_time_restarts_the_reminders(world):
    from association.services.obligations import obligation_return, obligation_submit

    due = T0 + dt.timedelta(days=3)
    ob = _obligation(world, created=T0, due=due)
    reminders_sweep(now=due - dt.timedelta(hours=1))
    obligation_submit(obligation=ob, actor=world.users["member_a_reporter"], text="报告")
    obligation_return(
        obligation=ob, actor=world.users["staff"], comment="补充材料", new_due_at=due + dt.timedelta(days=2)
    )
    assert steps(ob) == []


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_step_exactly_once(world):
    due = T0 + dt.timedelta(days=3)
    obligations = [_obligation(world, created=T0, due=due) for _ in range(200)]
    now = due + dt.timedelta(hours=2)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders_sweep(now=now, batch=50)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert ReminderLog.objects.filter(step="overdue").count() == len(obligations)
    per_user = Notification.objects.filter(reminder__step="overdue", user=world.users["member_a_manager"]).count()
    assert per_user == len(obligations)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_killing_a_worker_mid_sweep_loses_nothing_and_doubles_nothing(world, tmp_path):
    """A real worker is killed (SIGKILL) while its sweep holds claimed reminders in an open transaction."""
    from association.tasks import reminders_sweep_task

    now = timezone.now()
    obligations = [
        _obligation(world, created=now - dt.timedelta(days=3), due=now - dt.timedelta(hours=2)) for _ in range(20)
    ]
    db = connection.settings_dict
    env = dict(os.environ, DJANGO_ENV="test")
    base_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env["DATABASE_URL"] = f"{base_url}/{db['NAME']}"
    marker = tmp_path / "claimed"
    root = Path(__file__).resolve().parents[2]
    worker_cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-Q",
        "killtest",
        "--loglevel=WARNING",
    ]

    worker = subprocess.Popen(
        worker_cmd, cwd=root, env=dict(env, PORTAL_TEST_SWEEP_PAUSE_FILE=str(marker)), start_new_session=True
    )
    try:
        reminders_sweep_task.apply_async(queue="killtest")
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marker.exists(), "the worker never reached the sweep"
        # claimed but not committed: nobody sees the reminders yet
        assert ReminderLog.objects.count() == 0
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    time.sleep(1)
    assert ReminderLog.objects.count() == 0  # the dead worker's transaction rolled back

    second = subprocess.Popen(worker_cmd, cwd=root, env=env, start_new_session=True)
    try:
        result = reminders_sweep_task.apply_async(queue="killtest")
        totals = result.get(timeout=60)
        reminders_sweep_task.apply_async(queue="killtest").get(timeout=60)  # and again: nothing more
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(20)
    assert totals["reminders"] == len(obligations)
    assert ReminderLog.objects.count() == len(obligations)
    assert ReminderLog.objects.filter(step="overdue").count() == len(obligations)
