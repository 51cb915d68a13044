import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet
from campaigns.choices import CampaignKind, CampaignStatus, DeliverableKind


class CampaignQuerySet(ScopedQuerySet):
    def scope(self, user):
        """A campaign is visible when one of its participants is."""
        ids = user.scoped_organisation_ids()
        if ids is None:
            return self
        return self.filter(pk__in=Participation.objects.filter(organisation_id__in=ids).values("campaign_id"))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CampaignTemplate(models.Model):
    """A recurring campaign (3.15 week, 7.8 day, education month) or a reusable initiative: a year's
    campaign is created from it in one step."""

    kind = models.CharField(_("kind"), max_length=30, choices=CampaignKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    theme = models.TextField(_("theme"), blank=True)
    slogan = models.CharField(_("slogan"), max_length=200, blank=True)
    start_month = models.PositiveSmallIntegerField(
        _("starts in month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start_day = models.PositiveSmallIntegerField(
        _("starts on day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    duration_days = models.PositiveSmallIntegerField(
        _("duration (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    plan_days_before = models.PositiveSmallIntegerField(
        _("activity plan due (working days before the start)"), default=2
    )
    summary_working_days_after = models.PositiveSmallIntegerField(
        _("summary due (working days after the end)"),
        default=2,
        help_text=_("At the end of the working day; 3.15 week 14–20 March → 22 March."),
    )
    news_drafts = models.BooleanField(_("news drafts during the campaign"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["start_month", "start_day", "name"]
        verbose_name = _("campaign template")
        verbose_name_plural = _("campaign templates")

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Campaign(models.Model):
    template = models.ForeignKey(
        CampaignTemplate, verbose_name=_("template"), null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CampaignKind.choices)
    title = models.CharField(_("title"), max_length=300)
    theme = models.TextField(_("theme"), blank=True)
    slogan = models.CharField(_("slogan"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    plan_document = models.FileField(_("plan document"), upload_to=attachment_upload_to, blank=True, max_length=300)
    plan_document_name = models.CharField(_("plan document name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE)
    participants = models.ManyToManyField(
        "association.Organisation",
        through="campaigns.Participation",
        verbose_name=_("participating members"),
        related_name="campaigns",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_period_ordered"),
            models.UniqueConstraint(
                fields=["template", "starts_on"],
                condition=Q(template__isnull=False),
                name="campaign_once_per_template_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns-campaign-detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The campaign ends before it starts.")})

    @property
    def year(self) -> int:
        return self.starts_on.year


class Participation(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="participations", verbose_name=_("campaign")
    )
    organisation = models.ForeignKey(
        "association.Organisation",
        on_delete=models.PROTECT,
        related_name="campaign_participations",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="campaign_participation_unique")
        ]

    def __str__(self):
        return f"{self.campaign} · {self.organisation}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Deliverable(models.Model):
    """What every participant owes in a campaign, by when; each participant's copy is an obligation."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeliverableKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    due_at = models.DateTimeField(_("due at"))

    class Meta:
        ordering = ["campaign", "due_at", "id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self):
        return f"{self.campaign} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns-campaign-detail", args=[self.campaign_id])
