import pghistory
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selfregulation.choices import LineOfBusiness


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ChecklistTemplate(models.Model):
    """One version of a checklist (e.g. 消保监管评价项目清单 v2023). An inspection keeps the version it used:
    a new version is a new row with the same code; a version in use is never edited."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    line = models.CharField(_("line of business"), max_length=30, choices=LineOfBusiness.choices)
    is_current = models.BooleanField(_("current version"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_code_version_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(is_current=True), name="checklist_one_current_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def max_total(self):
        return sum(i.max_score for i in self.items.all())


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ChecklistSection(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = _("checklist section")
        verbose_name_plural = _("checklist sections")

    def __str__(self):
        return self.title


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ChecklistItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    section = models.ForeignKey(
        ChecklistSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    #: stable across versions: repeat findings are matched on it
    code = models.CharField(_("item code"), max_length=30)
    text = models.CharField(_("what is checked"), max_length=500)
    reference = models.CharField(_("rule reference"), max_length=300, blank=True)
    max_score = models.DecimalField(
        _("maximum score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["template", "section__order", "order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="checklist_item_code_unique")]

    def __str__(self):
        return f"{self.code} {self.text}"
