from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BodyKind(models.TextChoices):
    ASSEMBLY = "assembly", _("Member assembly")
    COUNCIL = "council", _("Council")
    STANDING_COUNCIL = "standing_council", _("Standing council")
    SUPERVISORY_BOARD = "supervisory_board", _("Supervisory board")
    COMMITTEE = "committee", _("Specialised committee")


class Position(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("position", "Chair")
    EXECUTIVE_VICE_CHAIR = "executive_vice_chair", _("Executive vice chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", pgettext_lazy("position", "Member")


class TermStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("term", "In office")
    CLOSED = "closed", pgettext_lazy("term", "Ended")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class Reply(models.TextChoices):
    PENDING = "pending", _("No reply yet")
    ATTEND = "attend", _("Will attend")
    LEAVE = "leave", _("Asks for leave")


class SignInMethod(models.TextChoices):
    STAFF = "staff", _("Marked by staff")
    QR = "qr", _("QR code")


class ConsultationKind(models.TextChoices):
    RULE = "rule", _("Rule or measures")
    CONVENTION = "convention", _("Self-regulation convention")
    MODEL_CLAUSES = "model_clauses", _("Model clauses")
    GUIDELINE = "guideline", _("Guideline")
    OTHER = "other", _("Other draft")


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Open for feedback")
    CLOSED = "closed", _("Feedback closed")
    PUBLISHED = "published", _("Final version published")
    CANCELLED = "cancelled", pgettext_lazy("consultation", "Withdrawn")


class Handling(models.TextChoices):
    PENDING = "pending", _("Not handled yet")
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class TrainingMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    BOTH = "both", _("On site and online")


class TrainingStatus(models.TextChoices):
    OPEN = "open", _("Registration open")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", pgettext_lazy("training", "Cancelled")
