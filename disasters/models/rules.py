import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from disasters.grading import BOUND_FIELDS, Bounds, bounds_problems

MONEY = {"max_digits": 16, "decimal_places": 2}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class GradingRule(models.Model):
    """A versioned set of the nine grading bounds; the version in force on an event's date grades it."""

    name = models.CharField(_("name"), max_length=200)
    effective_from = models.DateField(_("effective from"), unique=True)
    property_iii = models.DecimalField(
        _("property-loss payout, grade III from (yuan)"), max_digits=16, decimal_places=2
    )
    property_ii = models.DecimalField(_("property-loss payout, grade II from (yuan)"), **MONEY)
    property_i = models.DecimalField(_("property-loss payout, grade I from (yuan)"), **MONEY)
    casualty_iii = models.DecimalField(_("casualty payout, grade III from (yuan)"), **MONEY)
    casualty_ii = models.DecimalField(_("casualty payout, grade II from (yuan)"), **MONEY)
    casualty_i = models.DecimalField(_("casualty payout, grade I from (yuan)"), **MONEY)
    deaths_iii = models.PositiveIntegerField(_("insured deaths, grade III from"))
    deaths_ii = models.PositiveIntegerField(_("insured deaths, grade II from"))
    deaths_i = models.PositiveIntegerField(_("insured deaths, grade I from"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("grading rule")
        verbose_name_plural = _("grading rules")

    def __str__(self):
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"

    @property
    def bounds(self) -> Bounds:
        return Bounds(**{f: getattr(self, f) for f in BOUND_FIELDS})

    def clean(self):
        if any(getattr(self, f) is None for f in BOUND_FIELDS):
            return
        problems = bounds_problems(self.bounds)
        if problems:
            raise ValidationError(
                {f"{p}_ii": _("Bounds must be positive and rise strictly from grade III to grade I.") for p in problems}
            )
