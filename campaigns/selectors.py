"""Reads: scoped querysets with what their pages and endpoints need (constant query counts)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, Sum

from association.models import Obligation
from campaigns.models import (
    Activity,
    Campaign,
    CampaignScore,
    Deliverable,
    NewsDraft,
    OpinionAlert,
    Participation,
)


def campaign_list(*, user):
    return (
        Campaign.objects.visible_to(user)
        .select_related("template")
        .annotate(
            participant_count=Count("participations", distinct=True),
        )
        .order_by("-starts_on", "-id")
    )


def campaign_detail_queryset(*, user):
    return (
        Campaign.objects.visible_to(user)
        .select_related("template", "created_by")
        .prefetch_related(
            Prefetch("deliverables", queryset=Deliverable.objects.order_by("due_at", "id")),
            Prefetch("participations", queryset=Participation.objects.select_related("organisation")),
        )
    )


def visible_participant_ids(campaign: Campaign, user) -> list[int]:
    ids = user.visible_organisation_ids()
    qs = Participation.objects.filter(campaign=campaign)
    if ids is not None:
        qs = qs.filter(organisation_id__in=ids)
    return list(qs.values_list("organisation_id", flat=True))


def deliverable_obligations(campaign: Campaign):
    return Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(Deliverable),
        subject_id__in=Deliverable.objects.filter(campaign=campaign).values("pk"),
    )


def obligations_for(campaign: Campaign, user):
    """The deliverable obligations of this campaign the user may see, with organisation."""
    return (
        deliverable_obligations(campaign)
        .visible_to(user)
        .select_related("organisation")
        .order_by("due_at", "organisation__name", "id")
    )


def activity_list(*, user, campaign: Campaign | None = None):
    qs = Activity.objects.visible_to(user).select_related("organisation", "campaign").prefetch_related("photos")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-held_on", "-id")


def news_list(*, user, campaign: Campaign | None = None):
    qs = NewsDraft.objects.visible_to(user).select_related("organisation", "campaign")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-submitted_at", "-id")


def alert_list(*, user):
    return OpinionAlert.objects.visible_to(user).select_related("organisation", "obligation")


def alert_counts(alerts) -> list[dict]:
    """Counts by company and severity (of the alerts given, i.e. already scoped)."""
    rows = (
        alerts.order_by()
        .values("organisation_id", "organisation__name")
        .annotate(
            total=Count("id"),
            low=Count("id", filter=Q(severity="low")),
            medium=Count("id", filter=Q(severity="medium")),
            high=Count("id", filter=Q(severity="high")),
            critical=Count("id", filter=Q(severity="critical")),
            open=Count("id", filter=~Q(status="closed")),
        )
        .order_by("-total", "organisation__name")
    )
    return list(rows)


def ranking(campaign: Campaign, user) -> list[dict]:
    """The campaign ranking: the rank is among all participants; the rows are those the user may see."""
    from campaigns.scoring import rank

    scores = {
        s.organisation_id: s for s in CampaignScore.objects.filter(campaign=campaign).select_related("organisation")
    }
    visible = user.visible_organisation_ids()
    rows = []
    for position, org_id, total in rank((k, s.total) for k, s in scores.items()):
        if visible is not None and org_id not in visible:
            continue
        score = scores[org_id]
        rows.append(
            {
                "rank": position,
                "organisation": score.organisation,
                "total": total,
                "lines": score.lines,
                "computed_at": score.computed_at,
            }
        )
    return rows


def annual_ranking(year: int, user) -> list[dict]:
    """The annual publicity score per member: the sum of its campaign scores of campaigns starting that year."""
    from campaigns.scoring import rank

    rows = (
        CampaignScore.objects.filter(campaign__starts_on__year=year)
        .order_by()
        .values("organisation_id", "organisation__name")
        .annotate(total=Sum("total"), campaigns=Count("campaign_id"))
    )
    by_org = {r["organisation_id"]: r for r in rows}
    visible = user.visible_organisation_ids()
    result = []
    for position, org_id, total in rank((k, r["total"]) for k, r in by_org.items()):
        if visible is not None and org_id not in visible:
            continue
        r = by_org[org_id]
        result.append(
            {
                "rank": position,
                "organisation_id": org_id,
                "name": r["organisation__name"],
                "total": total,
                "campaigns": r["campaigns"],
            }
        )
    return result
