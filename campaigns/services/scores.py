"""Scores: load the rules and the facts, compute with :mod:`campaigns.scoring`, store with the lines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from association.audit import acting
from campaigns.choices import CampaignStatus, NewsStatus
from campaigns.models import (
    Activity,
    Campaign,
    CampaignScore,
    Deliverable,
    NewsDraft,
    Participation,
    ScoringItem,
    ScoringRuleSet,
)
from campaigns.scoring import ActivityFact, DeliverableFact, ItemRule, Rules, deliverable_state, score
from campaigns.services.permissions import ensure_staff

#: campaigns that ended up to this many days ago are still refreshed by the periodic task
REFRESH_AFTER_END_DAYS = 60


def rules_for_year(year: int) -> ScoringRuleSet | None:
    return (
        ScoringRuleSet.objects.filter(valid_from_year__lte=year)
        .prefetch_related("items")
        .order_by("-valid_from_year")
        .first()
    )


def rules_from(rule_set: ScoringRuleSet | None) -> Rules:
    if rule_set is None:
        return Rules(items={})
    return Rules(
        items={i.item: ItemRule(points=i.points, max_count=i.max_count) for i in rule_set.items.all()},
        mainstream_bonus=rule_set.mainstream_bonus,
        original_bonus=rule_set.original_bonus,
        views_step=rule_set.views_step,
        views_points=rule_set.views_points,
        views_cap=rule_set.views_cap,
        late_factor=rule_set.late_factor,
        missing_penalty=rule_set.missing_penalty,
        campaign_cap=rule_set.campaign_cap,
    )


def _deliverable_facts(campaign: Campaign, org_ids, now) -> dict[int, list[DeliverableFact]]:
    from campaigns.selectors import deliverable_obligations

    kinds = dict(Deliverable.objects.filter(campaign=campaign).values_list("pk", "kind"))
    facts = defaultdict(list)
    rows = (
        deliverable_obligations(campaign)
        .filter(organisation_id__in=org_ids)
        .values_list("organisation_id", "subject_id", "status", "submitted_at", "due_at")
    )
    for org_id, subject_id, status, submitted_at, due_at in rows:
        state = deliverable_state(status=status, submitted_at=submitted_at, due_at=due_at, now=now)
        if state is not None:
            facts[org_id].append(DeliverableFact(kinds[subject_id], state))
    return facts


@transaction.atomic
def campaign_scores_recompute(
    *, campaign: Campaign, organisation_ids=None, now: dt.datetime | None = None, rules: tuple | None = None
) -> int:
    """Recompute the scores of a campaign's participants (or of some of them). Returns how many."""
    now = now or timezone.now()
    if rules is None:
        rule_set = rules_for_year(campaign.year)
        rules = (rule_set, rules_from(rule_set))
    rule_set, compiled = rules
    participants = Participation.objects.filter(campaign=campaign)
    if organisation_ids is not None:
        participants = participants.filter(organisation_id__in=organisation_ids)
    org_ids = list(participants.values_list("organisation_id", flat=True))
    activities = defaultdict(list)
    for org_id, kind, views, mainstream, original in Activity.objects.filter(
        campaign=campaign, organisation_id__in=org_ids
    ).values_list("organisation_id", "kind", "views", "mainstream_media", "original_content"):
        activities[org_id].append(ActivityFact(kind, views, mainstream, original))
    news = defaultdict(int)
    for org_id in NewsDraft.objects.filter(
        campaign=campaign, organisation_id__in=org_ids, status=NewsStatus.PUBLISHED
    ).values_list("organisation_id", flat=True):
        news[org_id] += 1
    deliverables = _deliverable_facts(campaign, org_ids, now)
    rows = []
    for org_id in org_ids:
        result = score(
            compiled, activities=activities[org_id], deliverables=deliverables[org_id], news_published=news[org_id]
        )
        rows.append(
            CampaignScore(
                campaign=campaign,
                organisation_id=org_id,
                total=result.total,
                lines=[line.as_json() for line in result.lines],
                rule_set=rule_set,
                computed_at=now,
            )
        )
    CampaignScore.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["campaign", "organisation"],
        update_fields=["total", "lines", "rule_set", "computed_at"],
    )
    if organisation_ids is None:
        CampaignScore.objects.filter(campaign=campaign).exclude(organisation_id__in=org_ids).delete()
    return len(rows)


def scores_recompute_year(*, year: int, now: dt.datetime | None = None) -> int:
    """Every campaign starting in ``year`` (after a change of the rules that apply to it)."""
    rule_set = rules_for_year(year)
    rules = (rule_set, rules_from(rule_set))
    total = 0
    for campaign in Campaign.objects.filter(starts_on__year=year):
        total += campaign_scores_recompute(campaign=campaign, now=now, rules=rules)
    return total


def scores_recompute_for_rules(*, rule_set_id: int, now: dt.datetime | None = None) -> int:
    """After the rules changed: every year they govern (up to the next rule set) is recomputed."""
    rule_set = ScoringRuleSet.objects.filter(pk=rule_set_id).first()
    first = rule_set.valid_from_year if rule_set else 2000
    nxt = ScoringRuleSet.objects.filter(valid_from_year__gt=first).order_by("valid_from_year").first()
    years = Campaign.objects.filter(starts_on__year__gte=first)
    if nxt is not None:
        years = years.filter(starts_on__year__lt=nxt.valid_from_year)
    total = 0
    for year in sorted({d.year for d in years.values_list("starts_on", flat=True)}):
        total += scores_recompute_year(year=year, now=now)
    return total


def scores_refresh(*, now: dt.datetime | None = None) -> int:
    """Periodic: running campaigns and those ended recently (deliverables become late or missing with time)."""
    now = now or timezone.now()
    since = timezone.localdate(now) - dt.timedelta(days=REFRESH_AFTER_END_DAYS)
    total = 0
    for campaign in Campaign.objects.filter(ends_on__gte=since) | Campaign.objects.filter(status=CampaignStatus.ACTIVE):
        total += campaign_scores_recompute(campaign=campaign, now=now)
    return total


# --- the rules themselves (edited in the admin): every change recomputes the years they govern -------

RULE_SET_FIELDS = (
    "name",
    "valid_from_year",
    "mainstream_bonus",
    "original_bonus",
    "views_step",
    "views_points",
    "views_cap",
    "late_factor",
    "missing_penalty",
    "campaign_cap",
)
ITEM_FIELDS = ("item", "points", "max_count")


def _recompute_after_commit(rule_set: ScoringRuleSet) -> None:
    """Once per transaction and rule set, after the commit: recompute the scores the rules govern."""
    connection = transaction.get_connection()
    if any(getattr(func, "rule_set_id", None) == rule_set.pk for _sids, func, *_rest in connection.run_on_commit):
        return

    def recompute():
        from campaigns.tasks import scores_recompute_for_rules_task

        scores_recompute_for_rules_task.delay(rule_set.pk)

    recompute.rule_set_id = rule_set.pk
    transaction.on_commit(recompute)


def _apply(obj, fields: dict, allowed) -> list[str]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    return changed


def _touch(rule_set: ScoringRuleSet) -> None:
    rule_set.updated_at = timezone.now()
    rule_set.save(update_fields=["updated_at"])
    _recompute_after_commit(rule_set)


@acting
@transaction.atomic
def rule_set_create(*, actor, **fields) -> ScoringRuleSet:
    ensure_staff(actor)
    rule_set = ScoringRuleSet()
    _apply(rule_set, fields, RULE_SET_FIELDS)
    rule_set.updated_at = timezone.now()
    rule_set.full_clean()
    rule_set.save()
    _recompute_after_commit(rule_set)
    return rule_set


@acting
@transaction.atomic
def rule_set_update(*, rule_set: ScoringRuleSet, actor, **fields) -> ScoringRuleSet:
    ensure_staff(actor)
    if _apply(rule_set, fields, RULE_SET_FIELDS):
        rule_set.updated_at = timezone.now()
        rule_set.full_clean()
        rule_set.save()
        _recompute_after_commit(rule_set)
    return rule_set


@acting
@transaction.atomic
def scoring_item_create(*, rule_set: ScoringRuleSet, actor, **fields) -> ScoringItem:
    ensure_staff(actor)
    item = ScoringItem(rule_set=rule_set)
    _apply(item, fields, ITEM_FIELDS)
    item.full_clean()
    item.save()
    _touch(rule_set)
    return item


@acting
@transaction.atomic
def scoring_item_update(*, item: ScoringItem, actor, **fields) -> ScoringItem:
    ensure_staff(actor)
    if _apply(item, fields, ITEM_FIELDS):
        item.full_clean()
        item.save()
        _touch(item.rule_set)
    return item


@acting
@transaction.atomic
def scoring_item_delete(*, item: ScoringItem, actor) -> None:
    ensure_staff(actor)
    rule_set = item.rule_set
    item.delete()
    _touch(rule_set)
