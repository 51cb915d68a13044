"""Reads for notices: who a composer's selection reaches, and the reply status of every recipient.

Recipients by group (``resolve_recipients``): "all members", a kind and a region sweep up member companies
only — active, in membership, and never a head office (a head office is outside the province's
association's remit unless chosen by name). Kinds and regions together narrow each other (property
insurers in 伊犁). A saved group and individual organisations are taken as they are: that is how a head
office, a regulator office or the association itself is addressed — explicitly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from association.choices import AWAITING_MEMBER, MEMBER_KINDS, MembershipStatus, ObligationStatus, OrganisationTier
from association.models import Notice, Obligation, Organisation, RecipientGroup, Region, ReminderLog

#: the step name of a reminder staff sent by hand (``notice_remind``); the sweep's steps never start so
REMIND_STEP_PREFIX = "remind:"


def member_companies() -> QuerySet:
    """What "all members" means: active member companies in membership, head offices left out."""
    return (
        Organisation.objects.members()
        .filter(is_active=True, membership_status=MembershipStatus.MEMBER)
        .exclude(tier=OrganisationTier.HEAD_OFFICE)
    )


def region_subtree_ids(regions) -> set[int]:
    ids, frontier = {r.pk for r in regions}, {r.pk for r in regions}
    while frontier:
        frontier = set(Region.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
        ids |= frontier
    return ids


def resolve_recipients(*, all_members=False, kinds=(), regions=(), groups=(), organisations=()) -> QuerySet:
    """The organisations a selection reaches (a queryset ordered by name; one query to evaluate)."""
    wanted = Q(pk__in=[])
    if all_members or kinds or regions:
        swept = member_companies()
        if kinds and not all_members:
            swept = swept.filter(kind__in=[k for k in kinds if k in MEMBER_KINDS])
        if regions and not all_members:
            swept = swept.filter(region_id__in=region_subtree_ids(regions))
        wanted |= Q(pk__in=swept.values("pk"))
    group_ids = [g.pk for g in groups]
    if group_ids:
        wanted |= Q(
            pk__in=RecipientGroup.organisations.through.objects.filter(recipientgroup_id__in=group_ids).values(
                "organisation_id"
            )
        )
    org_ids = [o.pk for o in organisations]
    if org_ids:
        wanted |= Q(pk__in=org_ids)
    return Organisation.objects.filter(wanted).select_related("region").order_by("name")


def recipient_group_list(*, user) -> QuerySet:
    return RecipientGroup.objects.visible_to(user).prefetch_related("organisations")


# --- reply status ------------------------------------------------------------------------------


@dataclass
class RecipientStatus:
    organisation: Organisation
    obligations: list = field(default_factory=list)


REPLIED, NOT_YET, LATE, REPLIED_LATE, CANCELLED = "replied", "not_yet", "late", "replied_late", "cancelled"
ANSWERED = (ObligationStatus.SUBMITTED, ObligationStatus.RESUBMITTED, ObligationStatus.ACCEPTED)


def reply_state(ob: Obligation, now: dt.datetime) -> str:
    if ob.status == ObligationStatus.CANCELLED:
        return CANCELLED
    if ob.status in AWAITING_MEMBER:
        return LATE if ob.due_at < now else NOT_YET
    first = ob.first_submitted_at or ob.submitted_at
    if first and ob.original_due_at and first > ob.original_due_at:
        return REPLIED_LATE
    return REPLIED


def notice_reply_status(*, notice: Notice, user) -> dict:
    """Every recipient with the replies it owes on ``notice`` (state, submitted time, last reminded), and the
    counts. Three queries whatever the number of recipients."""
    now = timezone.now()
    last_reminded = (
        ReminderLog.objects.filter(obligation_id=OuterRef("pk"), step__startswith=REMIND_STEP_PREFIX)
        .values("obligation_id")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    obligations = list(
        Obligation.objects.visible_to(user)
        .filter(subject_type=ContentType.objects.get_for_model(Notice), subject_id=notice.pk)
        .annotate(last_reminded_at=Subquery(last_reminded))
        .order_by("organisation__name", "due_at", "id")
    )
    rows = {org.pk: RecipientStatus(org) for org in notice.recipients.order_by("name")}
    counts = dict.fromkeys((REPLIED, REPLIED_LATE, NOT_YET, LATE, CANCELLED), 0)
    for ob in obligations:
        ob.reply_state = reply_state(ob, now)
        ob.short_title = ob.title.removesuffix(f"（{notice.title}）"[: len(ob.title)]) or ob.title
        counts[ob.reply_state] += 1
        row = rows.get(ob.organisation_id)
        if row is None:  # a recipient removed after issue cannot happen; keep the obligation visible anyway
            continue
        ob.organisation = row.organisation
        row.obligations.append(ob)
    counts["awaiting"] = counts[NOT_YET] + counts[LATE]
    counts["replied_all"] = counts[REPLIED] + counts[REPLIED_LATE]
    return {"rows": list(rows.values()), "counts": counts, "total": len(obligations)}
