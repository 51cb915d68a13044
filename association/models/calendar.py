import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class WorkdayOverride(models.Model):
    """A staff-entered exception to the working-day calendar; it wins over the official schedule.

    Used for years whose official holiday schedule is not yet in the ``chinesecalendar`` package,
    or for local decisions (an adjusted working Saturday, an extra day off).
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a working day (e.g. an adjusted working Saturday). Unticked: a day off."),
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")

    def __str__(self):
        kind = _("working day") if self.is_working_day else _("day off")
        return f"{self.date:%Y-%m-%d} · {kind} · {self.reason}"
