"""A real Celery worker (through the real Redis broker) is killed while it holds a message mid-send; the
next worker delivers every message exactly once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from association.choices import ContactDuty
from messaging.choices import DeliveryStatus, Via
from messaging.models import Delivery
from messaging.services.dispatch import urgent_notify
from messaging.tasks import messaging_deliver_task
from tests.messaging import helpers
from tests.messaging.loopback import Loopback

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _worker(env):
    cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
           "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", "killtest17",
           "--loglevel=WARNING"]  # fmt: skip
    return subprocess.Popen(cmd, cwd=Path(__file__).resolve().parents[2], env=env, start_new_session=True)


def test_a_worker_killed_mid_send_delivers_each_message_once(world, tmp_path, settings):
    with Loopback() as loopback:
        gateway = helpers.sms_gateway(loopback)
        for n in range(6):
            urgent_notify(
                organisation=world.org_a, kind="channel_test", title=f"测试{n}", dedupe_key=f"k{n}",
                duty=ContactDuty.DISASTER, kick=False,
            )  # fmt: skip
        Delivery.objects.exclude(via=Via.SMS).delete()  # only the texts, for a clear count
        texts = Delivery.objects.filter(channel=gateway)
        assert texts.count() == 6
        env = dict(os.environ, DJANGO_ENV="test")
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
        marker = tmp_path / "locked"
        first = _worker(dict(env, PORTAL_TEST_DELIVERY_PAUSE_FILE=str(marker)))
        try:
            messaging_deliver_task.apply_async(queue="killtest17")
            deadline = time.monotonic() + 60
            while not marker.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert marker.exists(), "the worker never reached a send"
            os.killpg(first.pid, signal.SIGKILL)  # the row is locked, its send under way
            first.wait(10)
        finally:
            if first.poll() is None:
                os.killpg(first.pid, signal.SIGKILL)
        time.sleep(1)
        assert loopback.at("/sms/") == []  # killed before the request: nothing went out
        assert texts.filter(status=DeliveryStatus.PENDING).count() == 6  # its transaction rolled back

        second = _worker(dict(env, PORTAL_TEST_DELIVERY_PAUSE_FILE=str(marker)))  # marker exists: no pause
        try:
            totals = messaging_deliver_task.apply_async(queue="killtest17").get(timeout=60)
            messaging_deliver_task.apply_async(queue="killtest17").get(timeout=60)  # and again: nothing more
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(20)
        assert totals["sent"] == 6
        assert texts.filter(status=DeliveryStatus.SENT).count() == 6
        ids = sorted(int(r.json["id"]) for r in loopback.at("/sms/"))
        assert ids == sorted(texts.values_list("pk", flat=True))  # each exactly once
