import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models.scoping import ScopedQuerySet
from disasters.choices import BusinessStatus, ReportSource

#: figures that accumulate over the event: a report may not go below the company's previous one
CUMULATIVE_FIELDS = ("policies_affected", "claims_reported", "claims_paid", "advance_payments")
FIGURE_FIELDS = ("policies_affected", "claims_reported", "estimated_loss", "claims_paid", "advance_payments")


class LossReportQuerySet(ScopedQuerySet):
    organisation_path = "organisation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class LossReport(models.Model):
    """One company's loss report for one day of an event (cumulative figures since the event)."""

    event = models.ForeignKey(
        "disasters.Event", on_delete=models.CASCADE, related_name="loss_reports", verbose_name=_("event")
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    report_date = models.DateField(_("report date"))
    policies_affected = models.PositiveIntegerField(_("policies affected"))
    claims_reported = models.PositiveIntegerField(_("claims reported"))
    estimated_loss = models.DecimalField(
        _("estimated loss (yuan)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    claims_paid = models.DecimalField(
        _("claims paid (yuan)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    advance_payments = models.DecimalField(
        _("advance payments (yuan)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    business_status = models.CharField(
        _("business status"),
        max_length=20,
        choices=BusinessStatus.choices,
        blank=True,
        help_text=_("Whether the branch is open, closed or serving online only (article 18); blank on old reports."),
    )
    staff_deployed = models.PositiveIntegerField(_("staff deployed"), default=0)
    problems = models.TextField(_("problems"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ReportSource.choices, default=ReportSource.PORTAL)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    objects = LossReportQuerySet.as_manager()

    class Meta:
        ordering = ["event", "organisation", "report_date"]
        verbose_name = _("loss report")
        verbose_name_plural = _("loss reports")
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation", "report_date"], name="loss_report_once_per_day"),
            models.CheckConstraint(
                condition=models.Q(estimated_loss__gte=0, claims_paid__gte=0, advance_payments__gte=0),
                name="loss_report_amounts_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["event", "report_date"])]

    def __str__(self):
        return f"{self.organisation} · {self.report_date:%Y-%m-%d}"


class DailySummary(models.Model):
    """The daily summary of an event, as xlsx and PDF; created once per event and day."""

    event = models.ForeignKey(
        "disasters.Event", on_delete=models.CASCADE, related_name="summaries", verbose_name=_("event")
    )
    summary_date = models.DateField(_("date"))
    xlsx = models.FileField(_("xlsx"), upload_to="disasters/summaries/%Y/%m/", max_length=300)
    pdf = models.FileField(_("PDF"), upload_to="disasters/summaries/%Y/%m/", max_length=300)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-summary_date", "-id"]
        verbose_name = _("daily summary")
        verbose_name_plural = _("daily summaries")
        constraints = [models.UniqueConstraint(fields=["event", "summary_date"], name="summary_once_per_event_day")]

    def __str__(self):
        return f"{self.event} · {self.summary_date:%Y-%m-%d}"
