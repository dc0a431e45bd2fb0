"""The administrative tree (GB/T 2260) and the committee's member departments."""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    NATION = "nation", _("全国")
    PROVINCE = "province", _("省级")
    CITY = "city", _("地市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


# A child sits exactly one step below its parent (a city directly under the
# nation, or a county directly under a province, does not exist in GB/T 2260
# except for 直辖 areas, which we model with their province-level parent).
LEVEL_DEPTH = {
    RegionLevel.NATION: 0,
    RegionLevel.PROVINCE: 1,
    RegionLevel.CITY: 2,
    RegionLevel.COUNTY: 3,
    RegionLevel.TOWNSHIP: 4,
}


class RegionQuerySet(models.QuerySet):
    def matching_name(self, name: str) -> "RegionQuerySet":
        """Regions called `name`, officially or by a short name (昆区 → 昆都仑区)."""
        name = name.strip()
        return self.filter(Q(name=name) | Q(short_name=name) | Q(aliases__contains=f"|{name}|"))


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, unique=True,
                            help_text=_("GB/T 2260 六位代码（乡镇为九位或十二位）"))
    name = models.CharField(_("名称"), max_length=100, db_index=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True, db_index=True)
    aliases = models.CharField(_("其他名称"), max_length=300, blank=True,
                               help_text=_("以 | 分隔，首尾各有一个 |，例如 |昆区|"))
    level = models.CharField(_("级别"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="region_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def ancestors(self) -> list["Region"]:
        """From the parent up to the root, nearest first."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def is_within(self, top: "Region") -> bool:
        """Is this region `top` or below it? Walks up (a few tiny queries, however big the tree)."""
        if self.pk == top.pk:
            return True
        return self.parent_id is not None and Region.id_is_within(self.parent_id, top.pk)

    @staticmethod
    def id_is_within(region_id: int, top_id: int) -> bool:
        """Is the region `region_id` the region `top_id` or below it (for callers holding only ids)?"""
        current, steps = region_id, 0
        while current is not None and steps < 10:
            if current == top_id:
                return True
            current = Region.objects.filter(pk=current).values_list("parent_id", flat=True).first()
            steps += 1
        return False

    def descendant_ids(self) -> set[int]:
        """Ids of every region below this one (one query per level, not per node)."""
        found: set[int] = set()
        frontier = [self.pk]
        while frontier:
            frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            found.update(frontier)
        return found

    @property
    def full_name(self) -> str:
        return "".join(r.name for r in reversed(self.ancestors()) if r.level != RegionLevel.NATION) + self.name


class Department(models.Model):
    """A member unit (成员单位) of a region's committee for women and children."""

    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.CASCADE,
                               related_name="departments")
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30)

    class Meta:
        verbose_name = _("成员单位")
        verbose_name_plural = _("成员单位")
        ordering = ["region__code", "short_name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="department_unique_name_in_region"),
            models.UniqueConstraint(fields=["region", "short_name"], name="department_unique_short_in_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.name}"
