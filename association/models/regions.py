import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from association.choices import RegionLevel


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Region(models.Model):
    """An administrative division (GB/T 2260 code): a province and its prefectures."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True)
                | models.Q(level="prefecture", parent__isnull=False),
                name="region_province_is_root_prefecture_has_parent",
            )
        ]

    def __str__(self):
        return self.name

    def subtree_ids(self) -> list[int]:
        """This region and every region under it (two levels today, any depth works)."""
        ids, frontier = {self.pk}, {self.pk}
        while frontier:
            frontier = set(Region.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
            ids |= frontier
        return sorted(ids)
