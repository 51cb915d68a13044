"""Celery tasks: take ids or nothing, call an idempotent service."""

from celery import shared_task
from django.db import OperationalError

from association.services.contact_gaps import contact_gap_report_send


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def contact_gap_report_task() -> int:
    return contact_gap_report_send()


@shared_task
def ping() -> str:
    """Liveness probe for workers (used by the worker test and operators)."""
    return "pong"
