from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models.scoping import ScopedQuerySet


class GeneratedReportQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Regulators: reports for their region or a region under it. Others: none."""
        region_ids = user.regulated_region_ids()
        if region_ids is None:
            return self.filter(audience_regulators=True)
        if not region_ids:
            return self.none()
        return self.filter(audience_regulators=True, region_id__in=region_ids)


class GeneratedReport(models.Model):
    """A generated report kept as a file (xlsx, or PDF where a printed document is expected)."""

    kind = models.CharField(_("report"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    region = models.ForeignKey(
        "association.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", max_length=300)
    file_format = models.CharField(_("format"), max_length=10)
    #: a kind regenerated for the same period when what it reports changed (``ReportKind.versioned``) keeps
    #: every version; each is e-mailed once
    version = models.PositiveIntegerField(_("version"), default=1)
    audience_regulators = models.BooleanField(_("regulators may see it"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = GeneratedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start", "period_end", "region", "file_format", "version"],
                name="report_once_per_period_region_format_version",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return self.title


class ReportSubscription(models.Model):
    """Who receives a kind of report by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions", verbose_name=_("user")
    )
    kind = models.CharField(_("report"), max_length=60)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="report_subscription_unique")]

    def __str__(self):
        return f"{self.user} · {self.kind}"
