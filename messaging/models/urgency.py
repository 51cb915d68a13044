import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from messaging.choices import Urgency


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class UrgencyRule(models.Model):
    """One row per kind of notification: how urgent it is, so which channels carry it, and the ladder.

    Routine: e-mail and portal (held back in quiet hours). Urgent: also the organisation's robots and the
    contact's phone. Critical: as urgent, then up the ladder A → B → the company's manager → association
    staff at the minutes given, until someone acknowledges.
    """

    kind = models.CharField(_("kind of notification"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=200)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    ladder_minutes = models.CharField(
        _("ladder (minutes)"),
        max_length=60,
        blank=True,
        default="10,20,30",
        help_text=_("Critical only: minutes after the first message at which B, the manager and staff are told."),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("urgency rule")
        verbose_name_plural = _("urgency rules")

    def __str__(self):
        return f"{self.description} · {self.get_urgency_display()}"

    def ladder(self) -> list[int]:
        """Minutes after the first message of each later step (B, manager, staff)."""
        return [int(x) for x in self.ladder_minutes.replace("，", ",").split(",") if x.strip()]

    def clean(self):
        try:
            steps = self.ladder()
        except ValueError:
            raise ValidationError({"ladder_minutes": _("Give whole minutes separated by commas, e.g. 10,20,30.")})
        if self.urgency == Urgency.CRITICAL and (len(steps) != 3 or steps != sorted(steps) or steps[0] <= 0):
            raise ValidationError(
                {"ladder_minutes": _("A critical kind needs three rising minute marks (B, manager, staff).")}
            )
