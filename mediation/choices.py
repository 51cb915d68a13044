"""Choices of the mediation app and the workflow's allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseSource(models.TextChoices):
    PRE_LITIGATION = "pre_litigation", _("Pre-litigation mediation (court referral)")
    COMPLAINT = "complaint", _("Complaint mediation")


class ComplaintChannel(models.TextChoices):
    REGULATOR = "regulator", _("Transferred by the regulator")
    HOTLINE = "hotline", _("Hotline")
    WALK_IN = "walk_in", _("Walk-in")
    ONLINE = "online", _("Online")


class LineOfInsurance(models.TextChoices):
    AUTO = "auto", _("Auto")
    AGRICULTURAL = "agricultural", _("Agricultural")
    HEALTH = "health", _("Health")
    LIFE = "life", _("Life")
    PROPERTY = "property", _("Property")
    LIABILITY = "liability", _("Liability")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", pgettext_lazy("mediation case", "Accepted")
    DECLINED = "declined", _("Declined")
    MEDIATOR_ASSIGNED = "mediator_assigned", _("Mediator assigned")
    IN_SESSIONS = "in_sessions", _("In mediation sessions")
    SUCCEEDED = "succeeded", _("Mediation succeeded")
    FAILED = "failed", _("Mediation failed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    CONFIRMATION_APPLIED = "confirmation_applied", _("Judicial confirmation applied for")
    CONFIRMED = "confirmed", _("Judicially confirmed")
    REFUSED = "refused", _("Judicial confirmation refused")


class SessionMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


S = CaseStatus
#: status -> statuses it may move to (anything else is refused with a clear error)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.ACCEPTED, S.DECLINED, S.WITHDRAWN),
    S.ACCEPTED: (S.MEDIATOR_ASSIGNED, S.WITHDRAWN),
    S.MEDIATOR_ASSIGNED: (S.MEDIATOR_ASSIGNED, S.IN_SESSIONS, S.SUCCEEDED, S.FAILED, S.WITHDRAWN),
    S.IN_SESSIONS: (S.MEDIATOR_ASSIGNED, S.IN_SESSIONS, S.SUCCEEDED, S.FAILED, S.WITHDRAWN),
    S.SUCCEEDED: (S.CONFIRMATION_APPLIED,),
    S.CONFIRMATION_APPLIED: (S.CONFIRMED, S.REFUSED),
    S.DECLINED: (),
    S.FAILED: (),
    S.WITHDRAWN: (),
    S.CONFIRMED: (),
    S.REFUSED: (),
}
#: the mediation period runs (and can be overdue) in these statuses
ACTIVE_STATUSES = (S.ACCEPTED, S.MEDIATOR_ASSIGNED, S.IN_SESSIONS)
#: not concluded yet: received (waiting for acceptance) or being mediated
OPEN_STATUSES = (S.RECEIVED, *ACTIVE_STATUSES)
#: statuses of a case whose mediation succeeded (confirmation steps come after success)
SUCCESS_STATUSES = (S.SUCCEEDED, S.CONFIRMATION_APPLIED, S.CONFIRMED, S.REFUSED)

#: workflow actions that move the case to a status (the others change its clock, not its status)
ACTION_TARGETS: dict[str, str] = {
    "accept": S.ACCEPTED,
    "decline": S.DECLINED,
    "assign": S.MEDIATOR_ASSIGNED,
    "session": S.IN_SESSIONS,
    "succeed": S.SUCCEEDED,
    "fail": S.FAILED,
    "withdraw": S.WITHDRAWN,
    "apply_confirmation": S.CONFIRMATION_APPLIED,
    "confirm": S.CONFIRMED,
    "refuse": S.REFUSED,
}


def action_fits(action: str, *, status: str, suspended: bool) -> bool:
    """Whether ``action`` can be taken on a case in ``status`` (the services refuse the rest)."""
    if action in ACTION_TARGETS:
        return ACTION_TARGETS[action] in TRANSITIONS.get(status, ())
    if action == "extend":
        return status in ACTIVE_STATUSES
    if action == "suspend":
        return status in ACTIVE_STATUSES and not suspended
    if action == "resume":
        return suspended
    return False


class PublicationKind(models.TextChoices):
    """The published statistics reports."""

    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Annual")
