"""JSON shapes of the API: plans as a tree, targets, indicators, values; and one entered cell."""
from __future__ import annotations

from rest_framework import serializers

from lianggang.monitoring.models import FLAG_CODES, SOURCE_MAX_LENGTH, Area, Sex, Value
from lianggang.monitoring.tabular import format_decimal
from lianggang.plans.models import Domain, Goal, Indicator, Plan, Target, describe_target


class ExactDecimalField(serializers.DecimalField):
    """A stored decimal as the shortest exact string ("5.2", not "5.200000"), so nothing is rounded."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=None, decimal_places=None, **kwargs)

    def to_representation(self, value):
        return None if value is None else format_decimal(value)


# -- plans ------------------------------------------------------------------------------

class PlanSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "title", "subject", "region", "region_name", "start_year", "end_year",
                  "upper_plan", "published"]


class TargetSerializer(serializers.ModelSerializer):
    description = serializers.SerializerMethodField(help_text="中文简述，如“婴儿死亡率 ≤ 5 ‰”")
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    target_year = serializers.IntegerField(read_only=True, help_text="判断的年份：目标自己的年份，否则纲要终止年")
    value = ExactDecimalField(read_only=True, allow_null=True)
    baseline_value = ExactDecimalField(read_only=True, allow_null=True)

    class Meta:
        model = Target
        fields = ["id", "description", "indicator", "indicator_name", "kind", "op", "value", "ratio", "unit",
                  "direction", "reference", "base_year", "per_year", "year", "target_year", "note",
                  "baseline_year", "baseline_value", "evidence_line", "evidence_text", "review"]

    def get_description(self, target: Target) -> str:
        return describe_target(target)


class PlanTargetSerializer(TargetSerializer):
    """A target in a flat list, with the domain and goal it belongs to."""
    domain = serializers.CharField(source="goal.domain.name", read_only=True)
    goal = serializers.CharField(source="goal.code", read_only=True)

    class Meta(TargetSerializer.Meta):
        fields = ["domain", "goal", *TargetSerializer.Meta.fields]


class GoalSerializer(serializers.ModelSerializer):
    # A plain string in the schema: as a choice it would clash with Target.kind's enum name.
    kind = serializers.CharField(read_only=True, help_text="goal 主要目标、measure 策略措施、table_row 指标表行")
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "kind", "code", "title", "text", "targets"]


class DomainSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(source="items", many=True, read_only=True)

    class Meta:
        model = Domain
        fields = ["id", "code", "name", "goals"]


class PlanTreeSerializer(PlanSerializer):
    domains = DomainSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "domains"]


# -- indicators ---------------------------------------------------------------------------

class IndicatorSerializer(serializers.ModelSerializer):
    """A monitoring indicator, shared by every plan and level that watches it."""
    owner = serializers.CharField(source="owner.code", read_only=True, allow_null=True,
                                  help_text="地方自设指标所属区划代码；国家标准指标为 null")
    standard = serializers.CharField(source="standard.code", read_only=True, allow_null=True)
    department = serializers.SerializerMethodField(help_text="责任单位（在所问纲要的区划；仅纲要指标列表给出）")

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "owner", "definition", "method", "data_source", "better", "by_sex",
                  "by_area", "age_groups", "assessment_method", "rollup", "standard", "department"]

    def get_department(self, indicator: Indicator) -> str | None:
        department = self.context.get("departments", {}).get(indicator.pk)
        return department.name if department else None


# -- values -------------------------------------------------------------------------------

FLAGS_HELP = "标记：provisional 初步数、estimated 估计数、revised 修订数、series_break 口径变化"


class FlagsField(serializers.ListField):
    """A value's flags as a list of codes, in a fixed order (["provisional", "revised"])."""

    def __init__(self, help_text: str = FLAGS_HELP, **kwargs):
        super().__init__(child=serializers.ChoiceField(FLAG_CODES), help_text=help_text, **kwargs)


class ValueSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    value = ExactDecimalField(read_only=True)
    flags = FlagsField(source="flag_codes", read_only=True)

    class Meta:
        model = Value
        fields = ["id", "indicator", "indicator_name", "region", "region_name", "year", "sex", "area",
                  "age_group", "value", "unit", "state", "version", "source", "note", "flags", "provisional",
                  "estimated", "revised", "series_break", "is_sample", "updated_at"]


class EntrySerializer(serializers.Serializer):
    """One cell a filler enters. `version` is the one read (omit or 0 for a new value)."""
    indicator = serializers.IntegerField(help_text="指标编号")
    sex = serializers.ChoiceField(Sex.choices, default=Sex.TOTAL)
    area = serializers.ChoiceField(Area.choices, default=Area.TOTAL)
    age_group = serializers.CharField(default="", allow_blank=True, max_length=20)
    value = serializers.CharField(help_text="数值（数字或文本，如 \"5.2\"）")
    note = serializers.CharField(default="", allow_blank=True)
    source = serializers.CharField(required=False, allow_blank=True, max_length=SOURCE_MAX_LENGTH,
                                   help_text="数据来源，如“部门年报”；省略则不改动已有的来源")
    flags = FlagsField(required=False, allow_empty=True, help_text=FLAGS_HELP + "；省略则不改动已有的标记，[] 为去掉全部标记")
    version = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                       help_text="读取时的版本号；新数据可省略")


class EntryBatchSerializer(serializers.Serializer):
    """The body of POST /api/rounds/{id}/values/ in its object form (a bare list is accepted too)."""
    values = EntrySerializer(many=True)
    reason = serializers.CharField(default="", allow_blank=True, help_text="修改原因，记入修改记录")


class EntryResultSerializer(serializers.Serializer):
    entered = serializers.IntegerField()
    values = ValueSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="中文说明")
    field = serializers.CharField(required=False)
    index = serializers.IntegerField(required=False, help_text="出错的是第几条（从 0 起）")
