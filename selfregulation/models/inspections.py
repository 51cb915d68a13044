import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet
from selfregulation.choices import InspectionKind, InspectionStatus, LineOfBusiness, TeamRole


class InspectionQuerySet(ScopedQuerySet):
    def scope(self, user):
        """The provincial bureau: all. Members and regulators: inspections with a target in their
        scope. A member-company user borrowed into a team also sees that inspection."""
        ids = user.scoped_organisation_ids()
        if ids is None:
            return self
        seen = Q(pk__in=InspectionTarget.objects.filter(organisation_id__in=ids).values("inspection_id"))
        seen |= Q(pk__in=TeamMember.objects.filter(user=user).values("inspection_id"))
        return self.filter(seen)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Inspection(models.Model):
    """A self-regulation inspection (自律检查) of one or more member companies."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    line = models.CharField(_("line of business"), max_length=30, choices=LineOfBusiness.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    checklist = models.ForeignKey(
        "selfregulation.ChecklistTemplate",
        verbose_name=_("checklist (version)"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    rechecks = models.ForeignKey(
        "self",
        verbose_name=_("re-checks the inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    self_inspection_due_at = models.DateTimeField(_("self-inspection due at"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    report_issued_at = models.DateTimeField(_("report issued at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_start", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gte=models.F("planned_start")), name="inspection_dates"),
            models.CheckConstraint(
                condition=Q(kind=InspectionKind.RECHECK, rechecks__isnull=False)
                | (~Q(kind=InspectionKind.RECHECK) & Q(rechecks__isnull=True)),
                name="inspection_recheck_link",
            ),
        ]
        indexes = [models.Index(fields=["status", "planned_start"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("selfregulation-inspection-detail", args=[self.pk])

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("The planned end is before the planned start.")})
        if self.kind == InspectionKind.RECHECK and not self.rechecks_id:
            raise ValidationError({"rechecks": _("A re-check names the inspection it re-checks.")})
        if self.kind != InspectionKind.RECHECK and self.rechecks_id:
            raise ValidationError({"rechecks": _("Only a re-check names an earlier inspection.")})


class TargetQuerySet(ScopedQuerySet):
    organisation_path = "organisation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class InspectionTarget(models.Model):
    """One inspected company in an inspection, with its total score."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="targets"
    )
    organisation = models.ForeignKey(
        "association.Organisation",
        verbose_name=_("member company"),
        on_delete=models.PROTECT,
        related_name="inspection_targets",
    )
    total_score = models.DecimalField(_("total score"), max_digits=8, decimal_places=2, null=True, blank=True)
    #: a self-inspection: what the member owes (filling the checklist)
    obligation = models.OneToOneField(
        "association.Obligation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("obligation"),
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "organisation__name"]
        verbose_name = _("inspected company")
        verbose_name_plural = _("inspected companies")
        constraints = [models.UniqueConstraint(fields=["inspection", "organisation"], name="inspection_target_unique")]

    def __str__(self):
        return f"{self.inspection} · {self.organisation}"

    def get_absolute_url(self):
        return reverse("selfregulation-target", args=[self.inspection_id, self.pk])


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class TeamMember(models.Model):
    """An inspector: association staff, or a person borrowed from a member company (``home_organisation``)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    home_organisation = models.ForeignKey(
        "association.Organisation",
        verbose_name=_("borrowed from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["inspection", "role", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="inspection_team_unique")]

    def __str__(self):
        return str(self.user)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ItemResult(models.Model):
    """The score of one checklist item for one inspected company."""

    target = models.ForeignKey(
        InspectionTarget, verbose_name=_("inspected company"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        "selfregulation.ChecklistItem", verbose_name=_("checklist item"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["target", "item__section__order", "item__order"]
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        constraints = [
            models.UniqueConstraint(fields=["target", "item"], name="item_result_unique"),
            models.CheckConstraint(condition=Q(score__gte=0), name="item_result_score_positive"),
        ]

    def __str__(self):
        return f"{self.item.code}: {self.score}"

    def clean(self):
        if self.item_id and self.score is not None and self.score > self.item.max_score:
            raise ValidationError(
                {
                    "score": _("The score %(score)s is above the item's maximum %(max)s.")
                    % {"score": self.score, "max": self.item.max_score}
                }
            )


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class Evidence(models.Model):
    """An evidence file of an item result or of a finding."""

    result = models.ForeignKey(
        ItemResult, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("result")
    )
    finding = models.ForeignKey(
        "selfregulation.Finding",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("finding"),
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                condition=Q(result__isnull=False, finding__isnull=True) | Q(result__isnull=True, finding__isnull=False),
                name="evidence_belongs_to_one",
            )
        ]

    def __str__(self):
        return self.original_name
