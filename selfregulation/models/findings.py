import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from association.attachments import attachment_upload_to
from association.models.scoping import ScopedQuerySet
from selfregulation.choices import MeasureKind, Severity, Verdict


class FindingQuerySet(ScopedQuerySet):
    organisation_path = "organisation"

    def scope(self, user):
        """As for every record of a company, plus the findings of inspections the user inspects (a
        member-company employee borrowed into the team)."""
        ids = user.scoped_organisation_ids()
        if ids is None:
            return self
        from selfregulation.models.inspections import TeamMember

        team = TeamMember.objects.filter(user=user).values("inspection_id")
        return self.filter(models.Q(organisation_id__in=ids) | models.Q(inspection_id__in=team))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Finding(models.Model):
    """A problem found at one inspected company against one checklist item."""

    inspection = models.ForeignKey(
        "selfregulation.Inspection", verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    target = models.ForeignKey(
        "selfregulation.InspectionTarget",
        verbose_name=_("inspected company"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    #: the target's organisation, kept here for scope and for repeat detection
    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("member company"), on_delete=models.PROTECT, related_name="findings"
    )
    item = models.ForeignKey(
        "selfregulation.ChecklistItem",
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    #: the item's code, stable across checklist versions: a repeat is the same company and item code
    item_code = models.CharField(_("item code"), max_length=30)
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    found_on = models.DateField(_("found on"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    #: closed by staff (``finding_close``): a rectification report not yet due is owed no more
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    close_reason = models.TextField(_("why it was closed"), blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [
            models.Index(fields=["organisation", "item_code", "found_on"]),
            models.Index(fields=["-found_on", "-id"]),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.item_code} · {self.description[:40]}"

    def get_absolute_url(self):
        return reverse("selfregulation-finding-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class RectificationQuerySet(ScopedQuerySet):
    organisation_path = "finding__organisation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Rectification(models.Model):
    """A demand to rectify a finding by a date. The member's report and the staff review go through
    the obligation (association.Obligation, kind rectification): its status is the rectification's."""

    finding = models.OneToOneField(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="rectification"
    )
    obligation = models.OneToOneField(
        "association.Obligation", verbose_name=_("obligation"), on_delete=models.PROTECT, related_name="+"
    )
    demand = models.TextField(_("what must be rectified"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        ordering = ["obligation__due_at", "id"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self):
        return f"{self.finding} · {self.obligation.get_status_display()}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RecheckResult(models.Model):
    """A follow-up re-check's verdict on one earlier finding."""

    inspection = models.ForeignKey(
        "selfregulation.Inspection",
        verbose_name=_("re-check"),
        on_delete=models.CASCADE,
        related_name="recheck_results",
    )
    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="rechecks")
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        ordering = ["inspection", "finding"]
        verbose_name = _("re-check result")
        verbose_name_plural = _("re-check results")
        constraints = [models.UniqueConstraint(fields=["inspection", "finding"], name="recheck_finding_unique")]

    def __str__(self):
        return f"{self.finding} · {self.get_verdict_display() or '—'}"


class MeasureQuerySet(ScopedQuerySet):
    organisation_path = "organisation"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class DisciplinaryMeasure(models.Model):
    """A self-regulation disciplinary measure (自律惩戒) against a member company."""

    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("member company"), on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        "selfregulation.Inspection",
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
    )
    measure = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    reason = models.TextField(_("reason"))
    findings = models.ManyToManyField(Finding, verbose_name=_("findings"), related_name="measures", blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200)
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("disciplinary measure")
        verbose_name_plural = _("disciplinary measures")

    def __str__(self):
        return f"{self.organisation} · {self.get_measure_display()}"


class CircularQuerySet(ScopedQuerySet):
    def scope(self, user):
        """Issued circulars go to all members (and are shown to regulators); staff also see drafts."""
        return self.filter(notice__isnull=False)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Circular(models.Model):
    """A circular (通报) generated from an inspection; issued to all members as a notice."""

    inspection = models.ForeignKey(
        "selfregulation.Inspection", verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="circulars"
    )
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    document = models.FileField(_("PDF"), upload_to=attachment_upload_to, max_length=300)
    notice = models.OneToOneField(
        "association.Notice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("notice"),
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

    objects = CircularQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")

    def __str__(self):
        return self.title
