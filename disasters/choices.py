from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Grade(models.TextChoices):
    I = "I", _("I – especially major")  # noqa: E741
    II = "II", _("II – major")
    III = "III", _("III – larger")


#: higher grade first; the rank orders grades (I is the most severe)
GRADE_RANK = {Grade.III: 1, Grade.II: 2, Grade.I: 3}


def grade_rank(value: str | None) -> int:
    return GRADE_RANK.get(value, 0) if value else 0


class Criterion(models.TextChoices):
    PROPERTY = "property_loss", _("Property-loss payout")
    CASUALTY = "casualty_payout", _("Casualty payout")
    DEATHS = "deaths", _("Insured deaths")
    DECLARED = "declared", _("Declared by the regulator")


class Hazard(models.TextChoices):
    FLOOD = "flood", _("Flood")
    STRONG_WIND = "strong_wind", _("Strong wind")
    EARTHQUAKE = "earthquake", _("Earthquake")
    DEBRIS_FLOW = "debris_flow", _("Debris flow")
    AVALANCHE = "avalanche", _("Avalanche")
    HAIL = "hail", _("Hail")
    FIRE = "fire", _("Fire")
    EXPLOSION = "explosion", _("Explosion")
    TRANSPORT = "transport_accident", _("Transport accident")
    # not named in art. 7, but among Xinjiang's most frequent insured losses
    SNOWSTORM = "snowstorm", _("Snowstorm")
    FREEZING = "low_temperature_freezing", _("Low-temperature freezing")
    DROUGHT = "drought", _("Drought")
    SANDSTORM = "sandstorm", _("Sandstorm")
    OTHER = "other", _("Other")


class LeadingOffice(models.TextChoices):
    NATIONAL = "national", _("National regulator")
    PROVINCIAL = "provincial", _("Provincial bureau")
    SUB_BUREAU = "sub_bureau", _("Sub-bureau")


LEADING_OFFICE_BY_LEVEL = {
    Grade.I: LeadingOffice.NATIONAL,
    Grade.II: LeadingOffice.PROVINCIAL,
    Grade.III: LeadingOffice.SUB_BUREAU,
}


class ChangeKind(models.TextChoices):
    COMPUTED = "computed", _("Computed grade")
    DECLARED = "declared", _("Declared grade")
    LEVEL = "level", _("Response level")
    SENSITIVE = "sensitive", _("Very sensitive")
    ESTIMATES = "estimates", _("New estimates")  # the grade stayed (a changed grade is a COMPUTED change)


#: the values of a change of the very-sensitive flag (``ChangeKind.SENSITIVE``)
SENSITIVE_YES, SENSITIVE_NO = "yes", "no"


class ChangeStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REQUESTED = "requested", _("Requested from the national regulator")
    APPROVED = "approved", _("Approved by the national regulator")
    REJECTED = "rejected", _("Rejected by the national regulator")


class BusinessStatus(models.TextChoices):
    """A reporting branch's business during the event (seed 002, article 18)."""

    OPEN = "open", pgettext_lazy("business status", "Open")
    CLOSED = "closed", pgettext_lazy("business status", "Closed")
    ONLINE_ONLY = "online_only", pgettext_lazy("business status", "Serving online only")


class ReportSource(models.TextChoices):
    PORTAL = "portal", _("Portal")
    IMPORT = "import", _("Import")
    API = "api", _("API")
