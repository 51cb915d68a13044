"""Celery tasks: take ids (or nothing), call idempotent services."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from disasters.models import Event, Response
from disasters.services import clocks


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def daily_obligations_task() -> int:
    """Daily-report obligations for every running I or II response, up to 24 hours ahead (idempotent)."""
    now = timezone.now()
    created = 0
    for response in Response.objects.filter(terminated_at__isnull=True, level__in=clocks.DAILY_LEVELS).select_related(
        "event"
    ):
        created += clocks.daily_obligations(event=response.event, response=response, now=now)
    return created


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def daily_summaries_task() -> list[int]:
    """Today's summary of every event with a running response (one per event and day)."""
    from disasters.services.summaries import summary_generate

    now = timezone.now()
    ids = []
    for event in Event.objects.filter(pk__in=Response.objects.filter(terminated_at__isnull=True).values("event_id")):
        summary = summary_generate(event=event, now=now)
        ids.append(summary.pk)
    return ids
