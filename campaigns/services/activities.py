"""Activities members record and news drafts they send; staff publish or decline the drafts."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.attachments import safe_filename, validate_attachment
from association.audit import acting
from association.choices import AWAITING_MEMBER
from association.models import Organisation
from association.permissions import member_may
from association.services.obligations import obligation_submit
from campaigns.choices import CampaignStatus, DeliverableKind, NewsStatus, Outlet
from campaigns.models import Activity, ActivityPhoto, Campaign, NewsDraft, Participation
from campaigns.services.permissions import ensure_may_act_for, ensure_staff
from campaigns.services.scores import campaign_scores_recompute

PHOTO_KINDS = ("jpg", "png")
MAX_PHOTOS = 9
ACTIVITY_FIELDS = (
    "kind",
    "title",
    "held_on",
    "place",
    "description",
    "audience",
    "views",
    "coverage_links",
    "mainstream_media",
    "original_content",
)


def _ensure_open_participant(campaign: Campaign, organisation: Organisation, actor) -> None:
    ensure_may_act_for(actor, organisation.pk)
    if not Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.ACTIVE).exists():
        raise ValidationError(_("This campaign is closed; nothing more can be recorded."))
    if not Participation.objects.filter(campaign=campaign, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%(org)s does not take part in this campaign.") % {"org": organisation}}
        )


def clean_links(text: str) -> str:
    validate = URLValidator(schemes=["http", "https"])
    links = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for number, link in enumerate(links, start=1):
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(
                {"coverage_links": _("Line %(n)d is not a web address: %(link)s") % {"n": number, "link": link[:100]}}
            ) from None
    return "\n".join(links)


@acting
@transaction.atomic
def activity_record(*, actor, campaign: Campaign, organisation: Organisation, photos=(), **fields) -> Activity:
    """Record an activity (photos validated by content before anything is stored) and rescore the member."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    _ensure_open_participant(campaign, organisation, actor)
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)d photos per activity.") % {"n": MAX_PHOTOS}})
    kinds = [validate_attachment(p, allowed=PHOTO_KINDS) for p in photos]
    fields["coverage_links"] = clean_links(fields.get("coverage_links", ""))
    activity = Activity(campaign=campaign, organisation=organisation, created_by=actor, **fields)
    activity.full_clean()
    held_on = activity.held_on
    earliest = campaign.starts_on - dt.timedelta(days=30)
    if held_on < earliest or held_on > campaign.ends_on + dt.timedelta(days=30):
        raise ValidationError(
            {
                "held_on": _("The date must be near the campaign (%(start)s to %(end)s).")
                % {"start": campaign.starts_on, "end": campaign.ends_on}
            }
        )
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("An activity is recorded after it took place.")})
    activity.save()
    now = timezone.now()
    for photo, kind in zip(photos, kinds, strict=True):
        photo.seek(0)
        name = safe_filename(photo.name, kind)
        record = ActivityPhoto(activity=activity, original_name=name, kind=kind, size=photo.size, uploaded_at=now)
        record.file.save(name, photo, save=False)
        record.save()
    campaign_scores_recompute(campaign=campaign, organisation_ids=[organisation.pk])
    return activity


@acting
@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    """Managers delete their company's activities; reporters only those they recorded (README, member roles)."""
    if not member_may(actor, "delete_activity", activity.organisation_id, owner_id=activity.created_by_id):
        raise PermissionDenied(_("Reporters delete only the activities they recorded themselves."))
    if activity.campaign.status != CampaignStatus.ACTIVE:
        raise ValidationError(_("This campaign is closed; its activities can no longer be changed."))
    campaign, org_id = activity.campaign, activity.organisation_id
    activity.delete()
    campaign_scores_recompute(campaign=campaign, organisation_ids=[org_id])


@acting
@transaction.atomic
def news_draft_submit(*, actor, campaign: Campaign, organisation: Organisation, title: str, body: str) -> NewsDraft:
    """Send a news draft. The first one also answers the member's "news drafts" deliverable."""
    _ensure_open_participant(campaign, organisation, actor)
    draft = NewsDraft(
        campaign=campaign,
        organisation=organisation,
        title=(title or "").strip(),
        body=(body or "").strip(),
        submitted_by=actor,
    )
    draft.full_clean()
    draft.save()
    from campaigns.selectors import deliverable_obligations

    owed = (
        deliverable_obligations(campaign)
        .filter(organisation=organisation, status__in=AWAITING_MEMBER)
        .filter(subject_id__in=campaign.deliverables.filter(kind=DeliverableKind.NEWS_DRAFTS).values("pk"))
    )
    for obligation in owed:
        obligation_submit(
            obligation=obligation,
            actor=actor,
            text=_("News draft: %(title)s") % {"title": draft.title},
            data={"news_draft": draft.pk},
        )
    campaign_scores_recompute(campaign=campaign, organisation_ids=[organisation.pk])
    return draft


def _lock(draft: NewsDraft) -> NewsDraft:
    return NewsDraft.objects.select_for_update().get(pk=draft.pk)


@acting
@transaction.atomic
def news_draft_publish(*, actor, draft: NewsDraft, outlet: str, link: str, outlet_name: str = "") -> NewsDraft:
    ensure_staff(actor)
    draft = _lock(draft)
    if draft.status == NewsStatus.PUBLISHED:
        raise ValidationError(_("This draft is already published."))
    if outlet not in Outlet.values:
        raise ValidationError({"outlet": _("Choose where it was published.")})
    if outlet == Outlet.NAMED and not outlet_name.strip():
        raise ValidationError({"outlet_name": _("Name the outlet.")})
    if not (link or "").strip():
        raise ValidationError({"link": _("Give the link to the published article.")})
    draft.status, draft.outlet, draft.outlet_name = NewsStatus.PUBLISHED, outlet, outlet_name.strip()
    draft.link, draft.published_at, draft.reviewed_by = link.strip(), timezone.now(), actor
    draft.full_clean()
    draft.save(update_fields=["status", "outlet", "outlet_name", "link", "published_at", "reviewed_by"])
    campaign_scores_recompute(campaign=draft.campaign, organisation_ids=[draft.organisation_id])
    return draft


@acting
@transaction.atomic
def news_draft_decline(*, actor, draft: NewsDraft, comment: str) -> NewsDraft:
    ensure_staff(actor)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say why it is not published.")})
    draft = _lock(draft)
    if draft.status == NewsStatus.PUBLISHED:
        raise ValidationError(_("A published draft cannot be declined."))
    draft.status, draft.review_comment, draft.reviewed_by = NewsStatus.DECLINED, comment.strip(), actor
    draft.save(update_fields=["status", "review_comment", "reviewed_by"])
    return draft
