import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models.scoping import ScopedQuerySet
from campaigns.choices import ActivityKind, DeliverableKind


def item_choices() -> list[tuple[str, str]]:
    return (
        [(f"activity:{value}", label) for value, label in ActivityKind.choices]
        + [(f"deliverable:{value}", label) for value, label in DeliverableKind.choices]
        + [("news:published", _("Published news draft"))]
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ScoringRuleSet(models.Model):
    """The publicity evaluation rules (宣传考评办法) in force from a year on; changing them recomputes."""

    name = models.CharField(_("name"), max_length=200)
    valid_from_year = models.PositiveSmallIntegerField(
        _("valid from year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    mainstream_bonus = models.DecimalField(_("bonus: mainstream media"), max_digits=6, decimal_places=1, default=0)
    original_bonus = models.DecimalField(_("bonus: original content"), max_digits=6, decimal_places=1, default=0)
    views_step = models.PositiveIntegerField(
        _("views per bonus step"), default=10000, validators=[MinValueValidator(1)]
    )
    views_points = models.DecimalField(_("points per views step"), max_digits=6, decimal_places=1, default=0)
    views_cap = models.DecimalField(_("views bonus cap per activity"), max_digits=6, decimal_places=1, default=0)
    late_factor = models.DecimalField(
        _("share of points for a late deliverable"),
        max_digits=3,
        decimal_places=2,
        default="0.5",
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    missing_penalty = models.DecimalField(
        _("penalty for a missing deliverable"),
        max_digits=6,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    campaign_cap = models.DecimalField(
        _("cap per campaign and member"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-valid_from_year"]
        verbose_name = _("publicity evaluation rules")
        verbose_name_plural = _("publicity evaluation rules")

    def __str__(self):
        return f"{self.name} ({self.valid_from_year})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ScoringItem(models.Model):
    rule_set = models.ForeignKey(
        ScoringRuleSet, verbose_name=_("rules"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("item"), max_length=40, choices=item_choices())
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1)
    max_count = models.PositiveSmallIntegerField(
        _("counted at most (per campaign)"), null=True, blank=True, help_text=_("Empty: no cap.")
    )

    class Meta:
        ordering = ["rule_set", "item"]
        verbose_name = _("scoring item")
        verbose_name_plural = _("scoring items")
        constraints = [models.UniqueConstraint(fields=["rule_set", "item"], name="scoring_item_once_per_rule_set")]

    def __str__(self):
        return f"{self.get_item_display()}: {self.points}"


class CampaignScore(models.Model):
    """A member's computed score in a campaign, with the lines that explain it (recomputed, not edited)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="scores"
    )
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    total = models.DecimalField(_("score"), max_digits=8, decimal_places=1)
    lines = models.JSONField(_("how the score was made"), default=list)
    rule_set = models.ForeignKey(
        ScoringRuleSet, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("rule set")
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "-total", "organisation"]
        verbose_name = _("campaign score")
        verbose_name_plural = _("campaign scores")
        constraints = [models.UniqueConstraint(fields=["campaign", "organisation"], name="campaign_score_unique")]
        indexes = [models.Index(fields=["campaign", "-total"])]

    def __str__(self):
        return f"{self.campaign} · {self.organisation} · {self.total}"
