from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignKind(models.TextChoices):
    CONSUMER_RIGHTS_WEEK = "consumer_rights_week", _("3.15 consumer-rights education week")
    AWARENESS_DAY = "awareness_day", _("7.8 insurance public awareness day")
    EDUCATION_MONTH = "education_month", _("Financial consumer education month")
    INITIATIVE = "initiative", _("Initiative (倡议书)")
    OTHER = "other", _("Other campaign")


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", _("Running")
    CLOSED = "closed", _("Closed")


class DeliverableKind(models.TextChoices):
    ACTIVITY_PLAN = "activity_plan", _("Activity plan")
    NEWS_DRAFTS = "news_drafts", _("News drafts")
    SUMMARY = "summary", pgettext_lazy("deliverable", "Summary")
    OTHER = "other", _("Other deliverable")


class ActivityKind(models.TextChoices):
    COMMUNITY = "community", _("Into communities")
    SCHOOL = "school", _("Into schools")
    SENIOR_UNIVERSITY = "senior_university", _("Into senior universities")
    CARE_HOME = "care_home", _("Into care homes")
    GM_RECEPTION = "gm_reception", _("General manager reception day")
    LIVE_STREAM = "live_stream", _("Online live stream")
    MEDIA_ARTICLE = "media_article", _("Media article")
    SHORT_VIDEO = "short_video", _("Short video")
    OTHER = "other", _("Other activity")


class NewsStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Not published")


class Outlet(models.TextChoices):
    ASSOCIATION_SITE = "association_site", _("Association website")
    WECHAT = "wechat", _("Association WeChat account")
    NAMED = "named", _("Named outlet")


class AlertSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class AlertStatus(models.TextChoices):
    NOTIFIED = "notified", _("Contact A notified")
    ESCALATED = "escalated", _("Contact B notified")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")


OPEN_ALERT_STATUSES = (AlertStatus.NOTIFIED, AlertStatus.ESCALATED, AlertStatus.ACKNOWLEDGED)
