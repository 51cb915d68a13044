import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disasters.choices import SENSITIVE_NO, SENSITIVE_YES, ChangeKind, ChangeStatus, Grade, LeadingOffice


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Response(models.Model):
    """A graded response (I / II / III); at most one runs per event at a time."""

    event = models.ForeignKey(
        "disasters.Event", on_delete=models.CASCADE, related_name="responses", verbose_name=_("event")
    )
    level = models.CharField(_("level"), max_length=3, choices=Grade.choices)
    leading_office = models.CharField(_("leading office"), max_length=20, choices=LeadingOffice.choices)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    terminated_at = models.DateTimeField(_("terminated at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=Q(terminated_at__isnull=True), name="response_one_running_per_event"
            )
        ]

    def __str__(self):
        return f"{self.event} · {self.get_level_display()}"

    @property
    def running(self) -> bool:
        return self.terminated_at is None


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class LevelChange(models.Model):
    """History of grades and response levels: who, when, from, to, why (and a request for level I)."""

    event = models.ForeignKey(
        "disasters.Event", on_delete=models.CASCADE, related_name="changes", verbose_name=_("event")
    )
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="changes", verbose_name=_("response")
    )
    kind = models.CharField(_("what changed"), max_length=20, choices=ChangeKind.choices)
    from_value = models.CharField(_("from"), max_length=3, blank=True)
    to_value = models.CharField(_("to"), max_length=3, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.APPLIED)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    office = models.ForeignKey(
        "association.Organisation",
        verbose_name=_("regulator office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The office on whose authority the step was taken."),
    )
    on_behalf = models.BooleanField(_("recorded by the association on a regulator's behalf"), default=False)
    at = models.DateTimeField(_("at"), default=timezone.now)
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, help_text=_("When the national regulator's answer was recorded.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on_behalf = models.BooleanField(_("answer recorded by the association"), default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("grade or level change")
        verbose_name_plural = _("grade and level changes")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.from_label} → {self.to_label}"

    def _label(self, value: str) -> str:
        if self.kind == ChangeKind.SENSITIVE:
            return {SENSITIVE_YES: _("very sensitive"), SENSITIVE_NO: _("not sensitive")}.get(value, value)
        return value or "—"

    @property
    def from_label(self) -> str:
        return str(self._label(self.from_value))

    @property
    def to_label(self) -> str:
        return str(self._label(self.to_value))

    @property
    def effective_at(self):
        """When the change took effect: a level I request approved by the national regulator when the
        answer was recorded, any other change when it was made."""
        if self.status == ChangeStatus.APPROVED and self.decided_at is not None:
            return self.decided_at
        return self.at
