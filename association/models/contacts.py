import pghistory
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.choices import ContactDuty, ContactSlot
from association.models.scoping import ScopedQuerySet

phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$",
    _("Enter a mobile number (11 digits starting with 1) or a landline such as 0991-1234567."),
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
