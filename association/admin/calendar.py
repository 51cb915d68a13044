"""Admin for the working-day calendar overrides (registered by ``association.admin``)."""

from datetime import date

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _

from association.admin.base import ScopedAdmin
from association.models import WorkdayOverride
from association.workdays import years_missing_official_schedule


def missing_schedule_warning(today: date | None = None) -> str | None:
    """The warning text when the current or next year has no official schedule, else ``None``."""
    year = (today or timezone.localdate()).year
    missing = years_missing_official_schedule([year, year + 1])
    if not missing:
        return None
    return _(
        "The official holiday schedule for %(years)s has not been published in the calendar package yet: "
        "working days fall back to Monday–Friday plus the overrides entered here."
    ) % {"years": ", ".join(str(y) for y in missing)}


class WorkdayOverrideAdmin(ScopedAdmin):
    plain_writes = True  # the working-day calendar: reference data (deadlines already set keep their time)
    list_display = ("date", "is_working_day", "reason")
    list_filter = ("is_working_day",)
    search_fields = ("reason",)
    date_hierarchy = "date"
    ordering = ("-date",)

    def changelist_view(self, request, extra_context=None):
        warning = missing_schedule_warning() if request.method == "GET" else None
        if warning:
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context)


admin.site.register(WorkdayOverride, WorkdayOverrideAdmin)
