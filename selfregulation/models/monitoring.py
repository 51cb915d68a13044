import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models.scoping import ScopedQuerySet
from selfregulation.choices import Indicator, LineOfBusiness, ReturnSource, RuleKind


class ReturnQuerySet(ScopedQuerySet):
    organisation_path = "organisation"

    def current(self):
        return self.filter(replaced_by__isnull=True)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class MonthlyReturn(models.Model):
    """A member's monthly market figures. One current return per company, line and month; a correction
    is a new row and the old one points to it (``replaced_by``), so the history stays."""

    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("member company"), on_delete=models.PROTECT, related_name="+"
    )
    line = models.CharField(
        _("line of business"), max_length=30, choices=LineOfBusiness.choices, default=LineOfBusiness.AUTO
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    written_premium = models.DecimalField(
        _("written premium (yuan)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    policies = models.PositiveIntegerField(_("policies"))
    claims_paid = models.DecimalField(
        _("claims paid (yuan)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    combined_expense_ratio = models.DecimalField(_("combined expense ratio (%)"), max_digits=6, decimal_places=2)
    combined_cost_ratio = models.DecimalField(_("combined cost ratio (%)"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=ReturnSource.choices, default=ReturnSource.PORTAL)
    replaced_by = models.OneToOneField(
        "self", verbose_name=_("corrected by"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "organisation__name", "-submitted_at"]
        verbose_name = _("monthly return")
        verbose_name_plural = _("monthly returns")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "line", "period"],
                condition=Q(replaced_by__isnull=True),
                name="monthly_return_one_current",
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="monthly_return_first_of_month"),
        ]
        indexes = [models.Index(fields=["line", "period"])]

    def __str__(self):
        return f"{self.organisation} · {self.period:%Y-%m}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AnomalyRule(models.Model):
    """When a company's monthly indicator counts as abnormal (data, changed by staff in the admin)."""

    line = models.CharField(
        _("line of business"), max_length=30, choices=LineOfBusiness.choices, default=LineOfBusiness.AUTO
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    kind = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    threshold = models.DecimalField(_("threshold"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["line", "indicator", "kind"]
        verbose_name = _("anomaly rule")
        verbose_name_plural = _("anomaly rules")
        constraints = [models.UniqueConstraint(fields=["line", "indicator", "kind"], name="anomaly_rule_unique")]

    def __str__(self):
        return f"{self.get_indicator_display()} · {self.get_kind_display()} > {self.threshold}"


class MonitoringReportQuerySet(ScopedQuerySet):
    def scope(self, user):
        """The industry analysis is for every member and regulator (each company's own rows are
        what matter to it; the totals are the industry's)."""
        return self


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class MonitoringReport(models.Model):
    """The monthly analysis: industry totals and averages, each company against them, warnings.

    One version per state of the month's returns: a late return or a correction after the analysis makes a
    new version (``monitoring_analyse``); the earlier versions are kept as they were published."""

    line = models.CharField(
        _("line of business"), max_length=30, choices=LineOfBusiness.choices, default=LineOfBusiness.AUTO
    )
    period = models.DateField(_("month"))
    version = models.PositiveIntegerField(_("version"), default=1)
    data = models.JSONField(_("figures"), default=dict)
    #: the returns it was computed from (ids of the month's and the previous month's current returns)
    returns = models.JSONField(_("returns analysed"), default=dict)
    generated_at = models.DateTimeField(_("generated at"), default=timezone.now)

    objects = MonitoringReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "-version"]
        verbose_name = _("monthly analysis")
        verbose_name_plural = _("monthly analyses")
        constraints = [
            models.UniqueConstraint(fields=["line", "period", "version"], name="monitoring_report_version_unique")
        ]

    def __str__(self):
        text = f"{self.get_line_display()} {self.period:%Y-%m}"
        return text if self.version == 1 else f"{text} v{self.version}"


class WarningQuerySet(ScopedQuerySet):
    organisation_path = "organisation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class MonitoringWarning(models.Model):
    report = models.ForeignKey(
        MonitoringReport, verbose_name=_("analysis"), on_delete=models.CASCADE, related_name="warnings"
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("member company"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(AnomalyRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    reference = models.DecimalField(_("compared with"), max_digits=18, decimal_places=2)
    deviation = models.DecimalField(_("deviation"), max_digits=12, decimal_places=2)
    notice = models.ForeignKey(
        "association.Notice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("notice"),
    )

    objects = WarningQuerySet.as_manager()

    class Meta:
        ordering = ["report", "organisation__name"]
        verbose_name = _("monitoring warning")
        verbose_name_plural = _("monitoring warnings")
        constraints = [
            models.UniqueConstraint(fields=["report", "organisation", "rule"], name="monitoring_warning_unique")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.rule}"
