from django.db import models
from django.utils.translation import gettext_lazy as _


class LineOfBusiness(models.TextChoices):
    AUTO = "auto", _("Auto insurance")
    AGRICULTURAL = "agricultural", _("Agricultural insurance")
    LIFE = "life", _("Life insurance")
    NON_AUTO_PROPERTY = "non_auto_property", _("Non-auto property insurance")
    CONSUMER_PROTECTION = "consumer_protection", _("Consumer protection")
    INTERMEDIARY = "intermediary", _("Intermediary services")


class InspectionKind(models.TextChoices):
    ON_SITE = "on_site", _("On-site inspection")
    FLIGHT = "flight", _("Flight (spot) check")
    SELF = "self", _("Self-inspection")
    RECHECK = "recheck", _("Follow-up re-check")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORT_ISSUED = "report_issued", _("Report issued")
    CLOSED = "closed", _("Closed")


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Team leader")
    MEMBER = "member", _("Inspector")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SERIOUS = "serious", _("Serious")


class Verdict(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    NOT_FIXED = "not_fixed", _("Not fixed")


class MeasureKind(models.TextChoices):
    INDUSTRY_CIRCULAR = "industry_circular", _("Industry circular")
    WARNING = "warning", _("Warning")
    PUBLIC_CENSURE = "public_censure", _("Public censure")
    OTHER = "other", _("Other measure")


class ReturnSource(models.TextChoices):
    PORTAL = "portal", _("Portal form")
    UPLOAD = "upload", _("Spreadsheet upload")
    API = "api", _("API")


class Indicator(models.TextChoices):
    WRITTEN_PREMIUM = "written_premium", _("Written premium (yuan)")
    POLICIES = "policies", _("Policies")
    CLAIMS_PAID = "claims_paid", _("Claims paid (yuan)")
    EXPENSE_RATIO = "combined_expense_ratio", _("Combined expense ratio (%)")
    COST_RATIO = "combined_cost_ratio", _("Combined cost ratio (%)")


class RuleKind(models.TextChoices):
    MONTH_OVER_MONTH = "mom_change", _("Month-over-month change beyond the threshold (%)")
    MEAN_DISTANCE = "mean_distance", _("Distance from the industry mean beyond the threshold (percentage points)")
