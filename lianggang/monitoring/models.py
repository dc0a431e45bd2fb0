"""Annual monitoring: rounds, what each department owes, submissions, values and their history."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lianggang.accounts.permissions import Release, Scope, ScopeLookups
from lianggang.audit.services import user_name
from lianggang.lib import cells


def _choices(name: str, dimension: cells.Dimension) -> type[models.TextChoices]:
    """The Django choices of a disaggregation, from its one table (lib/cells.py): Sex.FEMALE …"""
    return models.TextChoices(name, [(w.code.upper(), (w.code, _(w.name))) for w in dimension.words])


Sex = _choices("Sex", cells.SEX)      # TOTAL, FEMALE, MALE
Area = _choices("Area", cells.AREA)   # TOTAL, URBAN, RURAL


class ValueState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")


class ChangeAction(models.TextChoices):
    """What a history line records; the codes are what the services write."""
    # A context of their own: in English these read as past acts (Approved), not as buttons (Approve).
    ENTERED = "value.entered", pgettext_lazy("修改记录", "填报")
    LOADED = "value.loaded", pgettext_lazy("修改记录", "批量导入")
    SUBMITTED = "value.submitted", pgettext_lazy("修改记录", "报送")
    RETURNED = "value.returned", pgettext_lazy("修改记录", "退回")
    APPROVED = "value.approved", pgettext_lazy("修改记录", "审核通过")
    REOPENED = "value.reopened", pgettext_lazy("修改记录", "重新打开")


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")


@dataclass(frozen=True)
class Flag:
    """A qualifier of a value (初步数 …): the one table every path reads — entry, Excel, the API,
    the tidy file, the pages and the reports.

    `code` is the Value field and the word the API, YearValue.flags and the charts use; `name`
    the Chinese word written into files and reports (and the msgid of `label`); `mark` what a
    report table prints after a flagged number, explained in its note; `aliases` other words an
    upload may use for it."""
    code: str
    name: str
    mark: str
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The name in the active language (pages); files and reports use `name`."""
        return gettext(self.name)


FLAGS: tuple[Flag, ...] = (
    Flag("provisional", gettext_noop("初步数"), "*", ("初步",)),
    Flag("estimated", gettext_noop("估计数"), "#", ("估计", "推算数")),
    Flag("revised", gettext_noop("修订数"), "r", ("修订",)),
    Flag("series_break", gettext_noop("口径变化"), "b", ("口径调整", "序列中断", "不可比")),
)
FLAG_CODES: tuple[str, ...] = tuple(f.code for f in FLAGS)
FLAG_WORDS: dict[str, str] = {word: f.code for f in FLAGS for word in (f.code, f.name, *f.aliases)}
FLAG_SEPARATORS = re.compile(r"[、,，;；/\s]+")
SOURCE_MAX_LENGTH = 50


def source_error(text: str) -> str | None:
    """Why a value's 来源 cannot be saved as given, in the active language; None when it can."""
    if len(text) > SOURCE_MAX_LENGTH:
        return gettext("来源不能超过%(limit)s个字（现有%(length)s个字）") % {"limit": SOURCE_MAX_LENGTH, "length": len(text)}
    return None


def unknown_flag_error(word: str) -> str:
    """The message for a 标记 word that names no flag (the words a file may use are Chinese)."""
    return gettext("标记“%(word)s”无效：应为%(expected)s，多个标记用顿号分隔") % {
        "word": word, "expected": "、".join(f.name for f in FLAGS)}


def flags_in_order(codes: Iterable[str]) -> list[Flag]:
    """The flags named by `codes` (others, such as YearValue's "sample", ignored), in FLAGS order."""
    codes = set(codes)
    return [f for f in FLAGS if f.code in codes]


def flag_fields(codes: Iterable[str]) -> dict[str, bool]:
    """Every flag's Value field, on for the codes given: {"provisional": True, "estimated": False, …}."""
    codes = set(codes)
    return {code: code in codes for code in FLAG_CODES}


def flags_text(codes: Iterable[str]) -> str:
    """初步数、估计数: how files write a value's flags (read back by read_flags)."""
    return "、".join(f.name for f in flags_in_order(codes))


def read_flags(text: str) -> tuple[frozenset[str], list[str]]:
    """The codes named by a 标记 cell and the words it holds that name no flag.

    Words are separated by 、 , ; / or spaces; a flag's Chinese name, its code or an alias
    (口径调整 …) is accepted; an empty cell is no flag."""
    codes, unknown = set(), []
    for word in FLAG_SEPARATORS.split(text.strip()):
        if not word:
            continue
        code = FLAG_WORDS.get(word) or FLAG_WORDS.get(word.lower())
        if code is None:
            unknown.append(word)
        else:
            codes.add(code)
    return frozenset(codes), unknown


def cell_label(sex: str, area: str, age_group: str = "") -> str:
    """A cell's disaggregation in the active language: 女, 城镇, 女 城镇 15—49岁 …; 合计 for the headline cell."""
    parts = [str(Sex(sex).label) if sex != Sex.TOTAL else "", str(Area(area).label) if area != Area.TOTAL else "",
             age_group]
    return " ".join(p for p in parts if p) or str(Sex.TOTAL.label)


def chinese_display(instance: models.Model, field: str) -> str:
    """`instance.get_<field>_display()` in Chinese, the labels' source language, whatever language
    the request chose: for messages written in Chinese and for official files (CSV, Excel, Word),
    which stay Chinese when produced during an English request."""
    with translation.override("zh-hans"):
        return getattr(instance, f"get_{field}_display")()


class UpwardState(models.TextChoices):
    """A region's year on its way to the level above (下级向上级报送): reported by the office once
    its bureau approved everything, then accepted or returned by the bureau above."""
    NOT_REPORTED = "not_reported", _("未上报")
    REPORTED = "reported", _("已上报待接收")
    ACCEPTED = "accepted", _("上级已接收")
    RETURNED = "returned", _("上级已退回")


class Round(models.Model):
    """One year's monitoring in a region (年度监测): every indicator the plans in force there watch —
    the region's own plans and those above it — collected once from its departments."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT,
                               related_name="rounds")
    year = models.PositiveSmallIntegerField(_("监测年度"))
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    is_open = models.BooleanField(_("开放填报"), default=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("开启人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("开启时间"), auto_now_add=True)
    upward = models.CharField(_("上报状态"), max_length=12, choices=UpwardState.choices,
                              default=UpwardState.NOT_REPORTED)
    reported_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上报人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("上级处理时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上级处理人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    upward_comment = models.TextField(_("上级意见"), blank=True)

    class Meta:
        verbose_name = _("年度监测")
        verbose_name_plural = _("年度监测")
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="round_unique_region_year"),
                       models.CheckConstraint(condition=Q(upward__in=UpwardState.values), name="round_upward_valid")]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年度监测"

    scope_lookups = ScopeLookups(region="region_id")

    def scope(self) -> Scope:
        return Scope(self.region_id)


class Submission(models.Model):
    """One department's values for one round (填报)."""

    round = models.ForeignKey(Round, verbose_name=_("年度监测"), on_delete=models.CASCADE, related_name="submissions")
    department = models.ForeignKey("regions.Department", verbose_name=_("成员单位"), on_delete=models.PROTECT,
                                   related_name="submissions")
    state = models.CharField(_("状态"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("审核意见"), blank=True)
    # 填报单位 header of the Excel form
    head = models.CharField(_("单位负责人"), max_length=50, blank=True)
    filled_by = models.CharField(_("填表人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("部门填报")
        verbose_name_plural = _("部门填报")
        ordering = ["round", "department__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "department"], name="submission_unique_department_in_round"),
            models.CheckConstraint(condition=Q(state__in=SubmissionState.values), name="submission_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.department.short_name} · {self.round}"

    scope_lookups = ScopeLookups(region="round__region_id", department=lambda d: Q(department_id=d),
                                 approved=Q(state=SubmissionState.APPROVED))

    def scope(self) -> Scope:
        return Scope(self.round.region_id, self.department_id,
                     Release.APPROVED if self.state == SubmissionState.APPROVED else Release.NONE)


class Obligation(models.Model):
    """An indicator a department owes in a round (editable by the office)."""

    round = models.ForeignKey(Round, verbose_name=_("年度监测"), on_delete=models.CASCADE, related_name="obligations")
    department = models.ForeignKey("regions.Department", verbose_name=_("成员单位"), on_delete=models.PROTECT,
                                   related_name="obligations")
    indicator = models.ForeignKey("plans.Indicator", verbose_name=_("指标"), on_delete=models.CASCADE,
                                  related_name="obligations")

    class Meta:
        verbose_name = _("填报任务")
        verbose_name_plural = _("填报任务")
        constraints = [models.UniqueConstraint(fields=["round", "indicator"], name="obligation_unique_indicator_in_round")]

    scope_lookups = ScopeLookups(region="round__region_id", department=lambda d: Q(department_id=d))

    def scope(self) -> Scope:
        return Scope(self.round.region_id, self.department_id)


def _published_targets():
    from lianggang.plans.models import Target
    return Target.objects.filter(goal__domain__plan__published=True)


class Value(models.Model):
    """One value of an indicator for a region, year and disaggregation, stored exactly."""

    # No separate indexes on indicator and region: value_unique_cell leads with the indicator
    # and value_region_year with the region. Every index costs each of a million bulk-loaded rows.
    indicator = models.ForeignKey("plans.Indicator", verbose_name=_("指标"), on_delete=models.CASCADE,
                                  related_name="values", db_index=False)
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="values",
                               db_index=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices, default=Sex.TOTAL)
    area = models.CharField(_("城乡"), max_length=6, choices=Area.choices, default=Area.TOTAL)
    age_group = models.CharField(_("年龄组"), max_length=20, blank=True, default="")
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    source = models.CharField(_("数据来源"), max_length=SOURCE_MAX_LENGTH, blank=True, help_text=_("部门年报、抽样调查、普查 …"))
    note = models.TextField(_("说明"), blank=True)
    provisional = models.BooleanField(_("初步数"), default=False)
    estimated = models.BooleanField(_("估计数"), default=False)
    revised = models.BooleanField(_("修订数"), default=False)
    series_break = models.BooleanField(_("口径变化"), default=False, help_text=_("与上年不可比（统计口径或方法变化）"))
    is_sample = models.BooleanField(_("示例数据"), default=False, help_text=_("演示用生成数据，不是真实统计"))
    state = models.CharField(_("状态"), max_length=10, choices=ValueState.choices, default=ValueState.DRAFT)
    # Indexed only where set (value_submission): bulk-loaded values belong to no submission,
    # and a full index would take a million NULL entries per load.
    submission = models.ForeignKey(Submission, verbose_name=_("所属填报"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="values", db_index=False)
    version = models.PositiveIntegerField(_("版本"), default=1, help_text=_("每次修改加一；用于防止两人同时修改时互相覆盖"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    # Unindexed: only deleting a user looks values up by it (rare; the history keeps the user).
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("监测数据")
        verbose_name_plural = _("监测数据")
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year", "sex", "area", "age_group"],
                                    name="value_unique_cell"),
            models.CheckConstraint(condition=Q(state__in=ValueState.values), name="value_state_valid"),
        ]
        indexes = [models.Index(fields=["region", "year"], name="value_region_year"),
                   models.Index(fields=["submission"], name="value_submission",
                                condition=Q(submission__isnull=False))]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.region.name} {self.year}：{self.value}"

    # Whose a value is: the department of its submission (a value loaded in bulk belongs to no
    # department: the region's office and bureau see it). Approved values reach the levels
    # above; those a published plan of the value's own region watches reach the public.
    scope_lookups = ScopeLookups(
        region="region_id",
        department=lambda d: Q(submission__department_id=d),
        approved=Q(state=ValueState.APPROVED),
        published=lambda: Q(Exists(_published_targets().filter(
            indicator_id=OuterRef("indicator_id"), goal__domain__plan__region_id=OuterRef("region_id"))),
            state=ValueState.APPROVED))

    def scope(self) -> Scope:
        release = Release.NONE
        if self.state == ValueState.APPROVED:
            public = _published_targets().filter(indicator_id=self.indicator_id,
                                                 goal__domain__plan__region_id=self.region_id).exists()
            release = Release.PUBLISHED if public else Release.APPROVED
        return Scope(self.region_id, self.submission.department_id if self.submission_id else None, release)

    @property
    def cell_label(self) -> str:
        return cell_label(self.sex, self.area, self.age_group)

    @property
    def flag_codes(self) -> list[str]:
        """The codes of the flags set, in FLAGS order."""
        return [f.code for f in FLAGS if getattr(self, f.code)]

    @property
    def flag_list(self) -> list[Flag]:
        """The flags set, in FLAGS order (the pages show each one's label)."""
        return [f for f in FLAGS if getattr(self, f.code)]


class AppendOnlyQuerySet(models.QuerySet):
    """History is written once and never changed or removed (a deleted value takes its history with it)."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are append-only")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are append-only")

    def bulk_create(self, objs, *args, **kwargs):
        """Every row keeps the acting user's name, however it is written."""
        objs = list(objs)
        missing = {o.user_id for o in objs if o.user_id is not None and not o.user_name}
        if missing:
            from django.contrib.auth import get_user_model
            names = {u.pk: user_name(u) for u in get_user_model().objects.filter(pk__in=missing)}
            for o in objs:
                if o.user_id is not None and not o.user_name:
                    o.user_name = names.get(o.user_id, "")
        return super().bulk_create(objs, *args, **kwargs)


class ValueChange(models.Model):
    """The history of a value: who changed it, when, from what to what, and why. Append-only: rows are
    never changed or deleted (model, queryset and admin refuse), and the acting user's name is kept on
    the row, so deleting the account leaves who acted readable."""

    # One composite index (value, at) serves the only read — a value's history in time order —
    # and keeps a million-row load from maintaining three.
    value = models.ForeignKey(Value, verbose_name=_("数据"), on_delete=models.CASCADE, related_name="changes",
                              db_index=False)
    action = models.CharField(_("动作"), max_length=30, choices=ChangeAction.choices)
    old_value = models.DecimalField(_("原值"), max_digits=20, decimal_places=6, null=True, blank=True)
    new_value = models.DecimalField(_("新值"), max_digits=20, decimal_places=6, null=True, blank=True)
    old_state = models.CharField(_("原状态"), max_length=10, blank=True, choices=ValueState.choices)
    new_state = models.CharField(_("新状态"), max_length=10, blank=True, choices=ValueState.choices)
    reason = models.TextField(_("原因"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+", db_index=False)
    user_name = models.CharField(_("经办人"), max_length=150, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据修改记录")
        verbose_name_plural = _("数据修改记录")
        ordering = ["value", "at", "pk"]
        indexes = [models.Index(fields=["value", "at"], name="valuechange_value_at")]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("ValueChange rows are append-only")
        if not self.user_name and self.user is not None:
            self.user_name = user_name(self.user)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("ValueChange rows are append-only")

    @property
    def who(self) -> str:
        return self.user_name or (self.user.get_username() if self.user else "")


class ReviewComment(models.Model):
    """A reviewer's remark on one value of a returned submission."""

    submission = models.ForeignKey(Submission, verbose_name=_("填报"), on_delete=models.CASCADE, related_name="comments")
    value = models.ForeignKey(Value, verbose_name=_("数据"), on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("意见"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, on_delete=models.SET_NULL,
                               related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    resolved = models.BooleanField(_("已处理"), default=False)

    class Meta:
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")
        ordering = ["submission", "at"]


class RuleKind(models.TextChoices):
    SEX_SUM = "sex_sum", _("女+男=合计")
    AREA_BETWEEN = "area_between", _("合计介于城镇与乡村之间")
    SEX_BETWEEN = "sex_between", _("合计介于女性与男性之间")
    PART_LE_WHOLE = "part_le_whole", _("部分不大于整体")
    YOY_THRESHOLD = "yoy_change", _("同比变化阈值")


class ConsistencyRule(models.Model):
    """A rule declared for an indicator (or between two), read by validation; see rules.RULES for messages."""

    indicator = models.ForeignKey("plans.Indicator", verbose_name=_("指标"), on_delete=models.CASCADE,
                                  related_name="consistency_rules")
    kind = models.CharField(_("规则"), max_length=20, choices=RuleKind.choices)
    whole = models.ForeignKey("plans.Indicator", verbose_name=_("整体指标"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="+", help_text=_("部分不大于整体时填写"))
    threshold = models.DecimalField(_("阈值（%）"), max_digits=8, decimal_places=2, null=True, blank=True,
                                    help_text=_("同比变化阈值时填写"))
    active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("校验规则")
        verbose_name_plural = _("校验规则")
        ordering = ["indicator", "kind"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="part_le_whole") | Q(whole__isnull=False),
                                   name="rule_part_has_whole"),
            models.CheckConstraint(condition=~Q(kind="yoy_change") | Q(threshold__isnull=False),
                                   name="rule_yoy_has_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}：{self.get_kind_display()}"
