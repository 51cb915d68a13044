"""Celery tasks of the campaigns app: take plain values, call idempotent services."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(**RETRY)
def opinion_alerts_escalate_task() -> int:
    """Every few minutes (beat): contact B of alerts that contact A has not acknowledged in time."""
    from campaigns.services.alerts import alerts_escalate

    return alerts_escalate()


@shared_task(**RETRY)
def campaign_scores_refresh_task() -> int:
    """Hourly (beat): rescore running and recently ended campaigns (deliverables turn late or missing)."""
    from campaigns.services.scores import scores_refresh

    return scores_refresh()


@shared_task(**RETRY)
def scores_recompute_for_rules_task(rule_set_id: int) -> int:
    """After the publicity evaluation rules changed: recompute every year they govern."""
    from campaigns.services.scores import scores_recompute_for_rules

    return scores_recompute_for_rules(rule_set_id=rule_set_id)
