"""The figures as published: the totals of years before the portal, and frozen reports with their versions."""

import calendar
import datetime as dt

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models.scoping import ScopedQuerySet
from mediation.choices import CaseSource, PublicationKind


class ProvinceFiguresQuerySet(ScopedQuerySet):
    """Figures of the whole province: for those who read every organisation's records (association staff,
    the provincial regulator); a prefecture's regulator, a member company and a mediator see none of them."""

    def scope(self, user):
        return self if user.scoped_organisation_ids() is None else self.none()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class StatisticsBaseline(models.Model):
    """A year's published totals of one source, entered by staff for a year the portal has no cases of (an
    association that starts using it brings its earlier reports). The statistics take a year that has a
    baseline from here, not from the cases; a figure left empty was not published."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    source = models.CharField(_("source"), max_length=20, choices=CaseSource.choices)
    received = models.PositiveIntegerField(_("received"))
    succeeded = models.PositiveIntegerField(_("succeeded"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount involved (yuan)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In yuan: 8,943.18 (10,000 yuan) is 89431800."),
    )
    confirmations = models.PositiveIntegerField(_("judicial confirmations"), null=True, blank=True)
    published_in = models.CharField(
        _("published in"), max_length=300, blank=True, help_text=_("The report the totals are taken from.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ProvinceFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "source"]
        verbose_name = _("statistics baseline")
        verbose_name_plural = _("statistics baselines")
        constraints = [
            models.UniqueConstraint(fields=["year", "source"], name="mediation_baseline_once_per_year_source"),
        ]

    def __str__(self):
        return f"{self.year} · {self.get_source_display()}"

    def clean(self):
        if self.succeeded is not None and self.received is not None and self.succeeded > self.received:
            raise ValidationError({"succeeded": _("More cases succeeded than were received.")})


def publication_period(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The month or the year ``day`` lies in."""
    if kind == PublicationKind.ANNUAL:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PublishedStatistics(models.Model):
    """The province's figures of a month or a year as they were published, kept as data: what a report showed
    stays what it showed. A correction is the next version, with a note saying why; versions are never
    changed or deleted."""

    kind = models.CharField(_("report"), max_length=10, choices=PublicationKind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    version = models.PositiveSmallIntegerField(_("version"), default=1, validators=[MinValueValidator(1)])
    figures = models.JSONField(_("figures"), encoder=DjangoJSONEncoder)
    note = models.TextField(_("what the correction changed"), blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ProvinceFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "kind", "-version"]
        verbose_name = _("published mediation statistics")
        verbose_name_plural = _("published mediation statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start", "period_end", "version"], name="mediation_publication_version_once"
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="mediation_pub_period"),
            models.CheckConstraint(condition=Q(version=1) | ~Q(note=""), name="mediation_correction_has_note"),
        ]

    def __str__(self):
        return _("%(kind)s %(start)s – %(end)s, version %(version)s") % {
            "kind": self.get_kind_display(),
            "start": self.period_start,
            "end": self.period_end,
            "version": self.version,
        }

    def clean(self):
        if (
            self.kind
            and self.period_start
            and self.period_end
            and (self.period_start, self.period_end) != publication_period(self.kind, self.period_start)
        ):
            raise ValidationError(
                {"period_end": _("A monthly report covers one calendar month, an annual report one year.")}
            )
        if self.version and self.version > 1 and not (self.note or "").strip():
            raise ValidationError({"note": _("Say what the correction changes.")})
