from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChannelKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")
    FEISHU = "feishu", _("Feishu robot")
    LARK = "lark", _("Lark robot")
    SMS = "sms", _("SMS gateway (HTTP)")
    WEBHOOK = "webhook", _("JSON webhook")


#: the channels that post to a group (one message per organisation), not to one person's phone
ROBOT_KINDS = (ChannelKind.WECOM, ChannelKind.DINGTALK, ChannelKind.FEISHU, ChannelKind.LARK, ChannelKind.WEBHOOK)


class Via(models.TextChoices):
    """How one delivery went: a configured channel's kind, or the portal's own two."""

    PORTAL = "portal", _("In-portal notification")
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    FEISHU = "feishu", _("Feishu")
    LARK = "lark", _("Lark")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("Webhook")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Critical")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery", "Waiting")
    SENT = "sent", pgettext_lazy("delivery", "Sent")
    FAILED = "failed", pgettext_lazy("delivery", "Failed")
    SKIPPED = "skipped", pgettext_lazy("delivery", "Not sent (acknowledged)")


class LadderStep(models.IntegerChoices):
    CONTACT_A = 0, _("Contact A")
    CONTACT_B = 1, _("Contact B")
    MANAGER = 2, _("Company manager")
    STAFF = 3, _("Association staff")


LAST_STEP = LadderStep.STAFF
