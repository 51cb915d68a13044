from .calendar import WorkdayOverride
from .contacts import ContactPerson
from .notices import Notice, NoticeNumberCounter, NoticeReply, RecipientGroup
from .notifications import Notification, OutboundEmail, ReminderLog
from .obligations import Attachment, Obligation, Submission
from .organisations import Organisation
from .regions import Region
from .reports import GeneratedReport, ReportSubscription
from .users import Membership, User

__all__ = [
    "Attachment",
    "ContactPerson",
    "GeneratedReport",
    "Membership",
    "Notice",
    "NoticeNumberCounter",
    "NoticeReply",
    "Notification",
    "Obligation",
    "Organisation",
    "OutboundEmail",
    "RecipientGroup",
    "Region",
    "ReminderLog",
    "ReportSubscription",
    "Submission",
    "User",
    "WorkdayOverride",
]
