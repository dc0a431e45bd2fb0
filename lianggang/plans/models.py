"""Plans, their domains, goals and measures, indicators and targets (plan/v1 in tables)."""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianggang import planformat
from lianggang.accounts.permissions import Release, Scope, ScopeLookups
from lianggang.assessment.status import condition_of


class Subject(models.TextChoices):
    WOMEN = "women", _("妇女")
    CHILDREN = "children", _("儿童")


class AssessmentMethod(models.TextChoices):
    """Projection methods of the assessment core (lianggang.assessment.status.METHODS)."""
    AUTO = "auto", _("自动选择")
    CAGR = "cagr", _("年均增长率")
    LINEAR = "linear", _("线性趋势")
    WLS = "wls", _("加权趋势回归")


class Rollup(models.TextChoices):
    """How a region's value follows from its sub-regions' (汇总): counts add up; a rate is the ratio of
    its numerator's and denominator's sums; some (人均预期寿命) cannot be computed from parts."""
    NONE = "none", _("不能由下级汇总")
    SUM = "sum", _("下级之和")
    RATIO = "ratio", _("分子之和 ÷ 分母之和")


class Better(models.TextChoices):
    """Which way an indicator improves; the assessment reads this."""
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")
    NEUTRAL = "neutral", _("保持稳定")


class PlanQuerySet(models.QuerySet):
    def in_force(self, region, year: int) -> "PlanQuerySet":
        """The plans a region is monitored for in `year`: its own and those of the regions above it
        (lower plans follow upper ones), whose period covers the year or its baseline year before."""
        regions = [region.pk, *(r.pk for r in region.ancestors())]
        return self.filter(region_id__in=regions, start_year__lte=year + 1, end_year__gte=year)


class Plan(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    subject = models.CharField(_("对象"), max_length=10, choices=Subject.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT,
                               related_name="plans")
    region_name = models.CharField(_("文件中的地区名"), max_length=100,
                                   help_text=_("文件原文写法，例如“昆区”；导出时原样写回"))
    start_year = models.PositiveSmallIntegerField(_("起始年"))
    end_year = models.PositiveSmallIntegerField(_("终止年"))
    upper_plan = models.ForeignKey("self", verbose_name=_("衔接的上级纲要"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="lower_plans")
    source = models.CharField(_("来源文件"), max_length=255, db_index=True)
    position = models.PositiveSmallIntegerField(_("文件中的次序"), default=0,
                                                help_text=_("同一文件可含多部纲要，从 0 起"))
    source_text = models.TextField(_("来源文本"), blank=True,
                                   help_text=_("抽取时读出的原文（扫描件为识别出的文字）；目标的证据位置指向此文本"))
    published = models.BooleanField(_("公开"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("纲要")
        verbose_name_plural = _("纲要")
        ordering = ["region__code", "subject", "start_year"]
        constraints = [
            # A plan is its region, subject and period; a second plan of the same identity is kept only
            # from another document, when the person asked for both (plans.services.import_document).
            models.UniqueConstraint(fields=["region", "subject", "start_year", "end_year", "source"],
                                    name="plan_unique_identity_in_source"),
            models.CheckConstraint(condition=Q(start_year__lte=models.F("end_year")), name="plan_period_ordered"),
            models.CheckConstraint(condition=Q(subject__in=Subject.values), name="plan_subject_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    scope_lookups = ScopeLookups(region="region_id", published=Q(published=True))

    def scope(self) -> Scope:
        return Scope(self.region_id, release=Release.PUBLISHED if self.published else Release.NONE)

    @property
    def indicators(self) -> IndicatorQuerySet:
        """The monitoring indicators this plan's targets name (shared with other plans)."""
        return Indicator.objects.of_plan(self)


class Domain(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("纲要"), on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(_("编号"), max_length=10)
    name = models.CharField(_("名称"), max_length=100)
    position = models.PositiveSmallIntegerField(_("次序"), default=0)

    class Meta:
        verbose_name = _("发展领域")
        verbose_name_plural = _("发展领域")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="domain_unique_code_in_plan")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GoalKind(models.TextChoices):
    GOAL = "goal", _("主要目标")
    MEASURE = "measure", _("策略措施")
    TABLE_ROW = "table_row", _("指标表行")


class Goal(models.Model):
    """A numbered goal, a measure, or a row of the plan's indicator table."""

    domain = models.ForeignKey(Domain, verbose_name=_("领域"), on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("类别"), max_length=10, choices=GoalKind.choices, default=GoalKind.GOAL)
    code = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("标题"), max_length=300, blank=True, help_text=_("策略措施的引导句"))
    text = models.TextField(_("全文"), blank=True)
    position = models.PositiveSmallIntegerField(_("次序"), default=0)

    class Meta:
        verbose_name = _("目标与措施")
        verbose_name_plural = _("目标与措施")
        ordering = ["domain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="goal_unique_code_in_domain"),
            models.CheckConstraint(condition=Q(kind__in=GoalKind.values), name="goal_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {(self.title or self.text)[:40]}"


class StandardIndicator(models.Model):
    """An indicator of the national monitoring system, recognised across plans and regions."""

    code = models.CharField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("标准名称"), max_length=200, unique=True)
    subject = models.CharField(_("对象"), max_length=10, choices=Subject.choices)
    domain = models.CharField(_("领域"), max_length=50, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    better = models.CharField(_("方向"), max_length=10, choices=Better.choices, default=Better.HIGHER)
    aliases = models.JSONField(_("其他写法"), default=list, blank=True)
    department = models.CharField(_("通常的责任单位（简称）"), max_length=30, blank=True)
    by_sex = models.BooleanField(_("分性别"), default=False)
    by_area = models.BooleanField(_("分城乡"), default=False)
    definition = models.TextField(_("定义"), blank=True)
    method = models.TextField(_("计算方法"), blank=True)
    data_source = models.CharField(_("数据来源"), max_length=200, blank=True)
    rollup = models.CharField(_("汇总方法"), max_length=10, choices=Rollup.choices, default=Rollup.NONE)
    numerator = models.CharField(_("分子"), max_length=100, blank=True)
    denominator = models.CharField(_("分母"), max_length=100, blank=True)
    scale = models.DecimalField(_("倍数"), max_digits=12, decimal_places=0, null=True, blank=True,
                                help_text=_("比率 = 分子 ÷ 分母 × 倍数，如 100000"))

    class Meta:
        verbose_name = _("标准指标")
        verbose_name_plural = _("标准指标目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IndicatorQuerySet(models.QuerySet):
    def of_plan(self, plan) -> "IndicatorQuerySet":
        """The indicators a plan's targets name."""
        return self.filter(pk__in=Target.objects.filter(goal__domain__plan=plan).values("indicator_id"))

    def of_plans(self, plans) -> "IndicatorQuerySet":
        """The indicators any of `plans` (a queryset) names."""
        return self.filter(pk__in=Target.objects.filter(goal__domain__plan__in=plans).values("indicator_id"))


class Indicator(models.Model):
    """A monitoring indicator (监测指标): one measured quantity, whatever plan or level watches it.

    Values are kept per indicator, region, year and cell, so the women's and the children's plan,
    a county's plan and its city's, read the same values. An indicator of the national catalogue
    (`standard`) is shared by every region; one a plan names that the catalogue lacks belongs to
    the plan's region (`owner`) and is shared by the plans of that region and below."""

    name = models.CharField(_("名称"), max_length=200)
    owner = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="own_indicators",
                              help_text=_("地方自设指标所属的区划；国家标准指标为空"))
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    definition = models.TextField(_("定义"), blank=True)
    method = models.TextField(_("计算方法"), blank=True)
    data_source = models.CharField(_("数据来源"), max_length=200, blank=True)
    better = models.CharField(_("方向"), max_length=10, choices=Better.choices, default=Better.HIGHER)
    by_sex = models.BooleanField(_("分性别"), default=False)
    by_area = models.BooleanField(_("分城乡"), default=False)
    age_groups = models.JSONField(_("年龄组"), default=list, blank=True, help_text=_('例如 ["0-5岁", "6-17岁"]'))
    # How a trend is projected for this indicator (docs/assessment.md): auto picks by the
    # number of values; cagr suits steady relative change, wls noisy series, linear short ones.
    assessment_method = models.CharField(_("评估方法"), max_length=10, choices=AssessmentMethod.choices,
                                         default=AssessmentMethod.AUTO)
    rollup = models.CharField(_("汇总方法"), max_length=10, choices=Rollup.choices, default=Rollup.NONE)
    numerator = models.ForeignKey("self", verbose_name=_("分子指标"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    denominator = models.ForeignKey("self", verbose_name=_("分母指标"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    scale = models.DecimalField(_("倍数"), max_digits=12, decimal_places=0, null=True, blank=True,
                                help_text=_("比率 = 分子 ÷ 分母 × 倍数，如 100000"))
    standard = models.ForeignKey(StandardIndicator, verbose_name=_("对应标准指标"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="indicators")
    standard_confirmed = models.BooleanField(_("对应已人工确认"), default=False,
                                             help_text=_("确认后重新导入不再自动改动对应关系"))

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测指标")
        verbose_name_plural = _("监测指标")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"], name="indicator_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    def explained(self, field: str) -> str:
        """A field of its 指标解释 (definition, method, data_source): the indicator's own text, else its
        catalogue entry's — a region may write its own, and otherwise the national one stands."""
        return getattr(self, field) or (getattr(self.standard, field) if self.standard_id else "")


def _choices(values) -> list[tuple[str, str]]:
    return [(v, v or _("（无）")) for v in values]


class Target(models.Model):
    """What a goal asks of an indicator; fields exactly those of plan/v1.

    A field that the document leaves out is stored as NULL, so that export
    writes back exactly the keys the document had.
    """

    goal = models.ForeignKey(Goal, verbose_name=_("所属目标/措施"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets")
    indicator_name = models.CharField(_("纲要中的指标名称"), max_length=200, blank=True,
                                      help_text=_("纲要原文的写法（与监测指标名称不同时）；导出时原样写回"))
    position = models.PositiveSmallIntegerField(_("次序"), default=0)
    kind = models.CharField(_("类型"), max_length=10, choices=_choices(planformat.KINDS))
    op = models.CharField(_("比较"), max_length=2, null=True, blank=True, choices=_choices(planformat.OPS))
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=6, null=True, blank=True)
    ratio = models.CharField(_("比例目标值"), max_length=30, null=True, blank=True, help_text=_("如 1:3"))
    unit = models.CharField(_("单位"), max_length=10, null=True, blank=True, choices=_choices(planformat.UNITS))
    direction = models.CharField(_("方向"), max_length=10, null=True, blank=True,
                                 choices=_choices(planformat.DIRECTIONS))
    reference = models.CharField(_("参照量"), max_length=200, null=True, blank=True)
    base_year = models.PositiveSmallIntegerField(_("基期年"), null=True, blank=True)
    per_year = models.BooleanField(_("每年"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("目标年"), null=True, blank=True,
                                            help_text=_("不是纲要终止年时填写"))
    note = models.CharField(_("备注"), max_length=200, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("基线年"), null=True, blank=True)
    baseline_value = models.DecimalField(_("基线值"), max_digits=18, decimal_places=6, null=True, blank=True)
    evidence_start = models.PositiveIntegerField(_("原文起点"), null=True, blank=True)
    evidence_end = models.PositiveIntegerField(_("原文终点"), null=True, blank=True)
    evidence_line = models.PositiveIntegerField(_("原文行号"), null=True, blank=True)
    evidence_text = models.TextField(_("原文"), null=True, blank=True)
    review = models.CharField(_("待核原因"), max_length=300, null=True, blank=True,
                              help_text=_("抽取时发现原文残缺或有歧义，需人工核对"))

    class Meta:
        verbose_name = _("目标值")
        verbose_name_plural = _("目标值")
        ordering = ["goal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "position"], name="target_unique_position_in_goal"),
            models.CheckConstraint(condition=Q(kind__in=planformat.KINDS), name="target_kind_valid"),
            models.CheckConstraint(condition=Q(op__isnull=True) | Q(op__in=planformat.OPS), name="target_op_valid"),
            models.CheckConstraint(
                condition=~Q(kind="threshold") | (Q(op__isnull=False) & (Q(value__isnull=False) | Q(ratio__isnull=False))),
                name="target_threshold_has_op_and_value"),
            models.CheckConstraint(condition=~Q(kind="direction") | Q(direction__isnull=False),
                                   name="target_direction_has_direction"),
            models.CheckConstraint(condition=~Q(kind="comparison") | Q(reference__isnull=False),
                                   name="target_comparison_has_reference"),
            models.CheckConstraint(condition=~Q(kind="change") | (Q(direction__in=["increase", "decrease"]) & Q(value__isnull=False)),
                                   name="target_change_has_direction_and_value"),
        ]

    def __str__(self) -> str:
        return describe_target(self)

    @property
    def target_year(self) -> int:
        """The year the target is judged at: its own, else the plan's end."""
        return self.year or self.goal.domain.plan.end_year


OP_WORDS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "约", "=": "="}
DIRECTION_WORDS = {"increase": "提高", "decrease": "下降", "maintain": "保持"}


def describe_target(t: Target) -> str:
    """A short Chinese rendering for lists: 孕产妇死亡率 ≤ 12 1/10万; a condition on when it holds
    stays with it (… ≥ 100%（换届后当年）), so two targets of one indicator never read as one."""
    condition = condition_of(t.note)
    text = _describe(t)
    return f"{text}（{condition}）" if condition else text


def _describe(t: Target) -> str:
    name = t.indicator_name or (t.indicator.name if t.indicator_id else "")
    quantity = planformat.format_quantity(t.ratio or t.value, t.unit)
    if t.kind == "threshold":
        return f"{name} {OP_WORDS.get(t.op, t.op)} {quantity}"
    if t.kind == "change":
        each = "每年" if t.per_year else ""
        return f"{name} {each}{DIRECTION_WORDS.get(t.direction, '')}{quantity}"
    if t.kind == "comparison":
        return f"{name} {OP_WORDS.get(t.op, t.op)} {t.reference}"
    return f"{name} {DIRECTION_WORDS.get(t.direction, t.direction or '')}"
