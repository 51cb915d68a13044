import pghistory
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet
from campaigns.choices import ActivityKind, NewsStatus, Outlet


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Activity(models.Model):
    """A publicity activity a member held in a campaign."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="activities"
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(pgettext_lazy("activity", "kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(5000)])
    audience = models.PositiveIntegerField(_("audience reached"), default=0)
    views = models.PositiveIntegerField(_("views / plays"), default=0)
    coverage_links = models.TextField(_("media coverage links"), blank=True, help_text=_("One web address per line."))
    mainstream_media = models.BooleanField(_("covered by mainstream media"), default=False)
    original_content = models.BooleanField(_("original content"), default=False)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["campaign", "organisation"]), models.Index(fields=["campaign", "kind"])]

    def __str__(self):
        return self.title

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.coverage_links.splitlines() if line.strip()]


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self):
        return self.original_name


class NewsDraftQuerySet(ScopedQuerySet):
    pass


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class NewsDraft(models.Model):
    """A news draft a member sends during a campaign; staff publish it (with the link) or decline it."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="news_drafts"
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("headline"), max_length=200)
    body = models.TextField(_("text"), validators=[MaxLengthValidator(20000)])
    status = models.CharField(_("status"), max_length=20, choices=NewsStatus.choices, default=NewsStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    outlet = models.CharField(_("published on"), max_length=20, choices=Outlet.choices, blank=True)
    outlet_name = models.CharField(_("outlet name"), max_length=100, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    objects = NewsDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("news draft")
        verbose_name_plural = _("news drafts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | (~Q(link="") & ~Q(outlet="")),
                name="news_published_has_link_and_outlet",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def outlet_label(self) -> str:
        if self.outlet == Outlet.NAMED:
            return self.outlet_name
        return self.get_outlet_display()
