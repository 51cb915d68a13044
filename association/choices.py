from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    REGULATOR = "regulator", _("Regulator office")
    PROPERTY_INSURER = "property_insurer", _("Property insurer")
    LIFE_INSURER = "life_insurer", _("Life insurer")
    BROKER = "broker", _("Insurance broker")
    AGENCY = "agency", _("Insurance agency")
    LOSS_ADJUSTER = "loss_adjuster", _("Loss adjuster")


MEMBER_KINDS = (
    OrganisationKind.PROPERTY_INSURER,
    OrganisationKind.LIFE_INSURER,
    OrganisationKind.BROKER,
    OrganisationKind.AGENCY,
    OrganisationKind.LOSS_ADJUSTER,
)
INSURER_KINDS = (OrganisationKind.PROPERTY_INSURER, OrganisationKind.LIFE_INSURER)


class OrganisationTier(models.TextChoices):
    HEAD_OFFICE = "head_office", _("Head office / national")
    PROVINCIAL = "provincial", _("Provincial branch / bureau")
    PREFECTURE = "prefecture", _("Prefecture branch / sub-bureau")


TIER_LABELS_BY_KIND = {
    "association": {
        "head_office": _("National association"),
        "provincial": _("Provincial association"),
        "prefecture": _("Prefecture association"),
    },
    "regulator": {
        "head_office": _("National regulator"),
        "provincial": _("Provincial bureau"),
        "prefecture": _("Sub-bureau"),
    },
}
COMPANY_TIER_LABELS = {
    "head_office": _("Head office"),
    "provincial": _("Provincial branch"),
    "prefecture": _("Prefecture branch"),
}


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    APPLICANT = "applicant", _("Applicant")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_MEMBER = "not_member", _("Not a member")


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    STAFF = "staff", _("Association staff")
    MEDIATOR = "mediator", _("Mediator")
    MEMBER_MANAGER = "member_manager", _("Member company manager")
    MEMBER_REPORTER = "member_reporter", _("Member company reporter")
    REGULATOR = "regulator", _("Regulator")


ROLE_ORGANISATION_KINDS = {
    Role.ADMINISTRATOR: (OrganisationKind.ASSOCIATION,),
    Role.STAFF: (OrganisationKind.ASSOCIATION,),
    Role.MEDIATOR: (OrganisationKind.ASSOCIATION,),
    Role.MEMBER_MANAGER: MEMBER_KINDS,
    Role.MEMBER_REPORTER: MEMBER_KINDS,
    Role.REGULATOR: (OrganisationKind.REGULATOR,),
}

#: the order of privilege: a person may grant a role only up to their own (association staff up to staff;
#: the administrator every role)
ROLE_RANK = {
    Role.ADMINISTRATOR: 3,
    Role.STAFF: 2,
    Role.MEDIATOR: 1,
    Role.REGULATOR: 1,
    Role.MEMBER_MANAGER: 1,
    Role.MEMBER_REPORTER: 1,
}

#: the roles of people who work for a member company (a manager also edits its records)
MEMBER_ROLES = (Role.MEMBER_MANAGER, Role.MEMBER_REPORTER)


class ContactDuty(models.TextChoices):
    GENERAL = "general", _("General liaison")
    DISASTER = "disaster", _("Disaster handling")
    PUBLICITY = "publicity", _("Publicity")
    COMPLAINTS = "complaints", _("Complaints and mediation")
    SELF_REGULATION = "self_regulation", _("Self-regulation and compliance")
    DATA = "data", _("Statistics and data returns")


#: the duties each kind of organisation must fill with an A and a B contact (the member page marks what is
#: missing, the weekly gap report lists it, the annual confirmation names them). Seed 002 art. 17: the
#: regulator offices, the property insurers and the associations name responsible people for disaster
#: handling (AB角); every member company has a general liaison, a publicity contact (seed 004: public-opinion
#: alerts go to "会员单位指定的宣传工作负责人") and a complaints and mediation contact.
_MEMBER_DUTIES = (ContactDuty.GENERAL, ContactDuty.PUBLICITY, ContactDuty.COMPLAINTS)
REQUIRED_CONTACT_DUTIES: dict[str, tuple[ContactDuty, ...]] = {
    OrganisationKind.PROPERTY_INSURER: (
        ContactDuty.GENERAL,
        ContactDuty.DISASTER,
        ContactDuty.PUBLICITY,
        ContactDuty.COMPLAINTS,
    ),
    OrganisationKind.LIFE_INSURER: _MEMBER_DUTIES,
    OrganisationKind.BROKER: _MEMBER_DUTIES,
    OrganisationKind.AGENCY: _MEMBER_DUTIES,
    OrganisationKind.LOSS_ADJUSTER: _MEMBER_DUTIES,
    OrganisationKind.REGULATOR: (ContactDuty.DISASTER,),
    OrganisationKind.ASSOCIATION: (ContactDuty.DISASTER,),
}


def required_contact_duties(kind: str) -> tuple[ContactDuty, ...]:
    return REQUIRED_CONTACT_DUTIES.get(kind, ())


class ContactSlot(models.TextChoices):
    A = "A", _("A (primary)")
    B = "B", _("B (back-up)")


class ObligationKind(models.TextChoices):
    CONTACTS_CONFIRMATION = "contacts_confirmation", _("Annual contacts confirmation")
    CONTACTS_CHANGE = "contacts_change", _("Contact change report")
    NOTICE_REPLY = "notice_reply", _("Written reply to a notice")
    DISASTER_INITIAL_REPORT = "disaster_initial", _("Disaster initial report")
    DISASTER_PHONE_REPORT = "disaster_phone", _("Disaster phone report")
    DISASTER_WRITTEN_REPORT = "disaster_written", _("Disaster written report")
    DISASTER_DAILY_REPORT = "disaster_daily", _("Disaster daily report")
    RECTIFICATION_REPORT = "rectification", _("Rectification report")
    SELF_INSPECTION = "self_inspection", _("Self-inspection")
    DATA_RETURN = "data_return", _("Data return")
    CAMPAIGN_DELIVERABLE = "campaign_deliverable", _("Campaign deliverable")
    MEDIATION_RESPONSE = "mediation_response", _("Written response in a mediation case")
    OPINION_RESPONSE = "opinion_response", _("Response to a public-opinion alert")
    MEETING_REPLY = "meeting_reply", _("Meeting attendance reply")
    RESOLUTION_FOLLOW_UP = "resolution_follow_up", _("Follow-up of a resolution")
    CONSULTATION_FEEDBACK = "consultation_feedback", _("Feedback on a draft")
    TRAINING_REGISTRATION = "training_registration", _("Training registration")
    OTHER = "other", _("Other")


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")
    CANCELLED = "cancelled", _("Cancelled")


#: statuses in which the organisation still has to act
AWAITING_MEMBER = (ObligationStatus.OPEN, ObligationStatus.RETURNED)
#: statuses in which staff have to act
AWAITING_REVIEW = (ObligationStatus.SUBMITTED, ObligationStatus.RESUBMITTED)


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
