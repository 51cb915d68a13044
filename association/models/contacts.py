import pghistory
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.choices import ContactDuty, ContactSlot
from association.models.scoping import ScopedQuerySet

# [0-9], not \d: Python's \d also matches Arabic-Indic, full-width and other digits
phone_validator = RegexValidator(
    r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?)$",
    _("Enter a mobile number (11 digits starting with 1) or a landline such as 0991-1234567."),
    code="invalid_phone",
)
#: any telephone number written with ASCII digits (and + - space parentheses), e.g. a consumer's or a company's
ascii_phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{2,29}$",
    _("Enter a telephone number with the digits 0-9 (and + - or spaces), such as 13812345678 or 0991-1234567."),
    code="invalid_phone",
)


class ContactQuerySet(ScopedQuerySet):
    organisation_path = "organisation"
    visible_to_mediators = True  # the registry: mediators look companies' contacts up


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ContactPerson(models.Model):
    """Contacts registry (disaster rules, article 17): per organisation and duty, an A and a B person."""

    organisation = models.ForeignKey(
        "association.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    duty = models.CharField(_("duty"), max_length=30, choices=ContactDuty.choices)
    slot = models.CharField(_("A/B"), max_length=1, choices=ContactSlot.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=40, validators=[phone_validator])
    office_phone = models.CharField(_("office phone"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"))
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "duty", "slot"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "duty", "slot"], name="contact_one_per_duty_slot"),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_duty_display()} {self.slot} · {self.name}"
