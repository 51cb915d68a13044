"""Celery tasks: the deliverer (woken on commit) and the sweep (beat, every minute)."""

import os
import time
from pathlib import Path

from celery import shared_task
from django.db import OperationalError

from messaging.services.delivery import deliver_due
from messaging.services.ladder import ladder_sweep

RETRY = {"acks_late": True, "autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


def _test_pause():
    """Only for the kill-the-worker test: hold a send open while its row is locked."""
    marker = os.environ.get("PORTAL_TEST_DELIVERY_PAUSE_FILE")
    if not marker:
        return None

    def pause():
        if not Path(marker).exists():
            Path(marker).write_text("locked")
            time.sleep(60)

    return pause


@shared_task(**RETRY)
def messaging_deliver_task() -> dict:
    return deliver_due(pause=_test_pause())


@shared_task(**RETRY)
def messaging_sweep_task() -> dict:
    """Every minute (beat): take the ladder steps that are due, then send whatever is due (retries too)."""
    totals = ladder_sweep()
    totals.update(deliver_due(pause=_test_pause()))
    return totals
