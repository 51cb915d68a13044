"""Campaigns: create one from a template in one step, or an ad-hoc initiative; every participant owes
each deliverable as an obligation (its inbox shows it); close a campaign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from association.attachments import safe_filename, validate_attachment
from association.audit import acting
from association.choices import MembershipStatus, ObligationKind, OrganisationTier, Role
from association.deadlines import BEIJING, due_working_days_after, workday_end_time
from association.models import Membership, Notification, Organisation
from association.services.obligations import obligation_create, obligations_cancel_for
from association.workdays import add_working_days
from campaigns.choices import CampaignStatus, DeliverableKind
from campaigns.models import Campaign, CampaignTemplate, Deliverable, Participation
from campaigns.services.permissions import ensure_staff

PLAN_DOCUMENT_KINDS = ("pdf", "docx")


@dataclass(frozen=True)
class DeliverableSpec:
    kind: str
    title: str
    due_at: dt.datetime
    description: str = ""


def default_participants():
    """Member companies in good standing at provincial level (the branches answer through them)."""
    return Organisation.objects.members().filter(
        tier=OrganisationTier.PROVINCIAL, membership_status=MembershipStatus.MEMBER
    )


def _end_of_day(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, workday_end_time(), tzinfo=BEIJING)


def template_deliverables(template: CampaignTemplate, starts_on: dt.date, ends_on: dt.date) -> list[DeliverableSpec]:
    """The template's deliverables for a period: the activity plan some working days before the start,
    news drafts by the end, the summary some working days after the end (end of the working day)."""
    specs = [
        DeliverableSpec(
            DeliverableKind.ACTIVITY_PLAN,
            _("Activity plan"),
            _end_of_day(add_working_days(starts_on, -template.plan_days_before)),
        )
    ]
    if template.news_drafts:
        specs.append(
            DeliverableSpec(DeliverableKind.NEWS_DRAFTS, _("News drafts during the campaign"), _end_of_day(ends_on))
        )
    specs.append(
        DeliverableSpec(
            DeliverableKind.SUMMARY,
            _("Campaign summary"),
            due_working_days_after(ends_on, template.summary_working_days_after),
        )
    )
    return specs


def template_period(template: CampaignTemplate, year: int) -> tuple[dt.date, dt.date]:
    try:
        starts_on = dt.date(year, template.start_month, template.start_day)
    except ValueError:
        raise ValidationError({"year": _("The template's start day does not exist in %(year)s.") % {"year": year}})
    return starts_on, starts_on + dt.timedelta(days=template.duration_days - 1)


@acting
@transaction.atomic
def campaign_create(
    *,
    actor,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    deliverables: list[DeliverableSpec],
    participants=None,
    theme: str = "",
    slogan: str = "",
    template: CampaignTemplate | None = None,
    plan_document=None,
) -> Campaign:
    """Create a running campaign: participants, deliverables, one obligation per participant and deliverable,
    and a notification to the participants' users."""
    ensure_staff(actor)
    campaign = Campaign(
        template=template,
        kind=kind,
        title=title.strip(),
        theme=theme,
        slogan=slogan,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    campaign.full_clean(exclude=["plan_document"])
    orgs = list(participants if participants is not None else default_participants())
    if not orgs:
        raise ValidationError({"participants": _("Choose at least one participating member.")})
    not_members = [o.name for o in orgs if not o.is_member_company]
    if not_members:
        raise ValidationError(
            {"participants": _("Not member companies: %(names)s") % {"names": ", ".join(not_members)}}
        )
    if template is not None and Campaign.objects.filter(template=template, starts_on=starts_on).exists():
        raise ValidationError(_("A campaign from this template already starts on %(date)s.") % {"date": starts_on})
    if plan_document is not None:
        file_kind = validate_attachment(plan_document, allowed=PLAN_DOCUMENT_KINDS)
        name = safe_filename(plan_document.name, file_kind)
        plan_document.seek(0)
        campaign.plan_document.save(name, plan_document, save=False)
        campaign.plan_document_name = name
    campaign.save()
    Participation.objects.bulk_create([Participation(campaign=campaign, organisation=o) for o in orgs])
    for spec in deliverables:
        deliverable = Deliverable(campaign=campaign, kind=spec.kind, title=spec.title, due_at=spec.due_at)
        deliverable.description = spec.description
        deliverable.full_clean(exclude=["campaign"])
        deliverable.save()
        _issue(deliverable, orgs, actor)
    _notify(campaign, orgs)
    from campaigns.services.scores import campaign_scores_recompute

    campaign_scores_recompute(campaign=campaign)
    return campaign


def _issue(deliverable: Deliverable, orgs, actor) -> None:
    for org in orgs:
        obligation_create(
            organisation=org,
            kind=ObligationKind.CAMPAIGN_DELIVERABLE,
            title=f"{deliverable.campaign.title} · {deliverable.title}"[:300],
            due_at=deliverable.due_at,
            subject=deliverable,
            actor=actor,
            dedupe_key=f"campaign-deliverable:{deliverable.pk}:{org.pk}",
        )


def _notify(campaign: Campaign, orgs) -> None:
    url = reverse("campaigns-campaign-detail", args=[campaign.pk])
    user_ids = set(
        Membership.objects.filter(
            organisation__in=orgs, role__in=[Role.MEMBER_MANAGER, Role.MEMBER_REPORTER], is_active=True
        ).values_list("user_id", flat=True)
    )
    title = _("New publicity campaign: %(title)s") % {"title": campaign.title}
    body = _("%(start)s to %(end)s. Open the campaign to see what your company owes and to record activities.") % {
        "start": campaign.starts_on,
        "end": campaign.ends_on,
    }
    Notification.objects.bulk_create([Notification(user_id=u, title=title[:300], body=body, url=url) for u in user_ids])


@acting
@transaction.atomic
def campaign_add_participants(*, actor, campaign: Campaign, organisations) -> int:
    """Add members to a running campaign: they owe its deliverables (with the same due times) at once."""
    ensure_staff(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.ACTIVE:
        raise ValidationError(_("This campaign is closed; nothing more can be recorded."))
    have = set(campaign.participations.values_list("organisation_id", flat=True))
    new = [o for o in organisations if o.pk not in have]
    not_members = [o.name for o in new if not o.is_member_company]
    if not_members:
        raise ValidationError(
            {"participants": _("Not member companies: %(names)s") % {"names": ", ".join(not_members)}}
        )
    if not new:
        raise ValidationError({"participants": _("Choose at least one participating member.")})
    Participation.objects.bulk_create([Participation(campaign=campaign, organisation=o) for o in new])
    for deliverable in campaign.deliverables.all():
        _issue(deliverable, new, actor)
    _notify(campaign, new)
    from campaigns.services.scores import campaign_scores_recompute

    campaign_scores_recompute(campaign=campaign, organisation_ids=[o.pk for o in new])
    return len(new)


@acting
@transaction.atomic
def campaign_create_from_template(*, actor, template: CampaignTemplate, year: int, participants=None) -> Campaign:
    """A new year's campaign from its template, in one step."""
    starts_on, ends_on = template_period(template, year)
    return campaign_create(
        actor=actor,
        kind=template.kind,
        title=f"{year}年{template.name}",
        theme=template.theme,
        slogan=template.slogan,
        starts_on=starts_on,
        ends_on=ends_on,
        template=template,
        participants=participants,
        deliverables=template_deliverables(template, starts_on, ends_on),
    )


@acting
@transaction.atomic
def campaign_close(*, actor, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    """Close: no more activities or news drafts. Deliverables not yet due are cancelled (owed no more, no
    reminders, not scored); those already due and still owed stay owed (and count as missing)."""
    ensure_staff(actor)
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("This campaign is already closed."))
    for deliverable in campaign.deliverables.order_by("pk"):
        obligations_cancel_for(deliverable, actor=actor, reason=_("The campaign was closed."), now=now)
    from campaigns.services.scores import campaign_scores_recompute

    campaign_scores_recompute(campaign=campaign, now=now)
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])
    return campaign


#: what staff correct on a campaign in the admin; its period and deliverables were issued as obligations
#: (the dates stay), its status changes by ``campaign_close``
CAMPAIGN_TEXT_FIELDS = ("title", "theme", "slogan")


@acting
@transaction.atomic
def campaign_update(*, campaign: Campaign, actor, **fields) -> Campaign:
    ensure_staff(actor)
    unknown = set(fields) - set(CAMPAIGN_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(campaign, name) != value]
    for name in changed:
        setattr(campaign, name, fields[name])
    if changed:
        campaign.full_clean()
        campaign.save(update_fields=changed)
    return campaign
