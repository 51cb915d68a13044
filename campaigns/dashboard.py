"""The campaign dashboard's figures: participation, deliverables on time, activities by kind, audience."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils import timezone

from campaigns.choices import ActivityKind, NewsStatus
from campaigns.models import Activity, Campaign, NewsDraft, Participation
from campaigns.scoring import LATE, MISSING, ON_TIME, PENDING, deliverable_state


def campaign_dashboard(campaign: Campaign, org_ids: set[int] | None, now=None) -> dict:
    """Figures over the participants in ``org_ids`` (``None``: all of them)."""
    from campaigns.selectors import deliverable_obligations

    now = now or timezone.now()
    participants = Participation.objects.filter(campaign=campaign)
    activities = Activity.objects.filter(campaign=campaign)
    news = NewsDraft.objects.filter(campaign=campaign)
    obligations = deliverable_obligations(campaign)
    if org_ids is not None:
        participants = participants.filter(organisation_id__in=org_ids)
        activities = activities.filter(organisation_id__in=org_ids)
        news = news.filter(organisation_id__in=org_ids)
        obligations = obligations.filter(organisation_id__in=org_ids)
    participant_count = participants.count()
    active = activities.values("organisation_id").distinct().count()
    by_kind = {
        r["kind"]: r
        for r in activities.order_by()
        .values("kind")
        .annotate(n=Count("id"), audience=Sum("audience"), views=Sum("views"))
    }
    kinds = [
        {
            "kind": kind,
            "label": str(label),
            "count": by_kind.get(kind, {}).get("n", 0),
            "audience": by_kind.get(kind, {}).get("audience") or 0,
        }
        for kind, label in ActivityKind.choices
    ]
    states = {ON_TIME: 0, LATE: 0, MISSING: 0, PENDING: 0}
    for status, submitted_at, due_at in obligations.values_list("status", "submitted_at", "due_at"):
        state = deliverable_state(status=status, submitted_at=submitted_at, due_at=due_at, now=now)
        if state is not None:
            states[state] += 1
    due = states[ON_TIME] + states[LATE] + states[MISSING]
    news_counts = dict(news.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "participants": participant_count,
        "active_participants": active,
        "participation_rate": round(100 * active / participant_count) if participant_count else 0,
        "deliverables": states,
        "on_time_rate": round(100 * states[ON_TIME] / due) if due else None,
        "activities": sum(k["count"] for k in kinds),
        "by_kind": kinds,
        "audience": sum(k["audience"] for k in kinds),
        "views": sum((r.get("views") or 0) for r in by_kind.values()),
        "news_submitted": sum(news_counts.values()),
        "news_published": news_counts.get(NewsStatus.PUBLISHED, 0),
        "chart": {
            "labels": [k["label"] for k in kinds],
            "counts": [k["count"] for k in kinds],
            "audience": [k["audience"] for k in kinds],
        },
    }
