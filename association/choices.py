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


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    APPLICANT = "applicant", _("Applicant")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_MEMBER = "not_member", _("Not a member")


class Role(models.TextChoices):
    STAFF = "staff", _("Association staff")
    MEDIATOR = "mediator", _("Mediator")
    MEMBER_MANAGER = "member_manager", _("Member company manager")
    MEMBER_REPORTER = "member_reporter", _("Member company reporter")
    REGULATOR = "regulator", _("Regulator")


ROLE_ORGANISATION_KINDS = {
    Role.STAFF: (OrganisationKind.ASSOCIATION,),
    Role.MEDIATOR: (OrganisationKind.ASSOCIATION,),
    Role.MEMBER_MANAGER: MEMBER_KINDS,
    Role.MEMBER_REPORTER: MEMBER_KINDS,
    Role.REGULATOR: (OrganisationKind.REGULATOR,),
}


class ContactDuty(models.TextChoices):
    GENERAL = "general", _("General liaison")
    DISASTER = "disaster", _("Disaster handling")
    PUBLICITY = "publicity", _("Publicity")
    COMPLAINTS = "complaints", _("Complaints and mediation")
    SELF_REGULATION = "self_regulation", _("Self-regulation and compliance")
    DATA = "data", _("Statistics and data returns")


class ContactSlot(models.TextChoices):
    A = "A", _("A (primary)")
    B = "B", _("B (back-up)")
