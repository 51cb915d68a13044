import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.models.scoping import ScopedQuerySet
from disasters.choices import Criterion, Grade, Hazard, grade_rank


class EventQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Regulators: events in their region (a province-level office: all). Member users: events
        one of their organisations (or branches) is affected by. Others: none."""
        wanted = Q(pk__in=[])
        region_ids = user.regulated_region_ids()
        if region_ids is None:
            return self
        if region_ids:
            wanted |= Q(pk__in=self.model.objects.filter(regions__in=region_ids).values("pk"))
        if user.is_member_user:
            ids = user.submittable_organisation_ids() or set()
            wanted |= Q(pk__in=AffectedCompany.objects.filter(organisation_id__in=ids).values("event_id"))
        return self.filter(wanted)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Event(models.Model):
    """A property-insurance disaster event (财产保险灾害事故) with its current estimates and grade."""

    title = models.CharField(_("title"), max_length=300)
    hazard = models.CharField(_("hazard"), max_length=30, choices=Hazard.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    known_at = models.DateTimeField(
        _("known at"), help_text=_("When the event became known; report clocks start here.")
    )
    regions = models.ManyToManyField("association.Region", verbose_name=_("regions"), related_name="disaster_events")
    description = models.TextField(_("description"), blank=True)
    sensitive = models.BooleanField(_("very sensitive"), default=False)
    est_property_loss = models.DecimalField(
        _("estimated property-loss payout (yuan)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    est_casualty_payout = models.DecimalField(
        _("estimated casualty payout (yuan)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    insured_deaths = models.PositiveIntegerField(_("insured deaths"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    computed_grade = models.CharField(_("computed grade"), max_length=3, choices=Grade.choices, blank=True)
    grade_criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices, blank=True)
    grading_rule = models.ForeignKey(
        "disasters.GradingRule", verbose_name=_("grading rule"), null=True, blank=True, on_delete=models.PROTECT
    )
    declared_grade = models.CharField(_("declared grade"), max_length=3, choices=Grade.choices, blank=True)
    declared_reason = models.TextField(_("reason for the declared grade"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("disaster event")
        verbose_name_plural = _("disaster events")
        constraints = [
            models.CheckConstraint(
                condition=Q(known_at__gte=models.F("occurred_at")), name="event_known_after_occurred"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def grade(self) -> str:
        """The grade in effect: the declared grade if a regulator declared one, else the computed one."""
        if self.declared_grade:
            return self.declared_grade
        return self.computed_grade

    @property
    def grade_rank(self) -> int:
        return grade_rank(self.grade)


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class AffectedCompany(models.Model):
    """A property insurer (unit) that owes reports for an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="affected", verbose_name=_("event"))
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    by_default = models.BooleanField(_("chosen by region"), default=True)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    round = models.PositiveSmallIntegerField(
        _("round"),
        default=1,
        help_text=_("1 the first time the company is affected by the event, one more each time it is added back."),
    )

    class Meta:
        ordering = ["event", "organisation__name"]
        verbose_name = _("affected company")
        verbose_name_plural = _("affected companies")
        constraints = [models.UniqueConstraint(fields=["event", "organisation"], name="affected_company_once")]

    def __str__(self):
        return f"{self.event} · {self.organisation}"
