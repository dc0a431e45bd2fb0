from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lianggang.plans.models import Domain, Goal, Indicator, Plan, StandardIndicator, Target


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    fields = ("code", "name", "position")
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "subject", "start_year", "end_year", "target_count", "published", "source")
    list_filter = ("subject", "published", "end_year", "region__level")
    search_fields = ("title", "region__name", "region__code", "source")
    list_select_related = ("region",)
    autocomplete_fields = ("region", "upper_plan")
    readonly_fields = ("created_at", "updated_at")
    inlines = [DomainInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_targets=Count("domains__items__targets"))

    @admin.display(description=_("目标值数"), ordering="_targets")
    def target_count(self, obj):
        return obj._targets


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ("kind", "code", "title", "text", "position")
    show_change_link = True


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "plan")
    list_filter = ("plan__subject", "plan__region")
    search_fields = ("name", "plan__title")
    list_select_related = ("plan",)
    inlines = [GoalInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("position", "indicator", "indicator_name", "kind", "op", "value", "ratio", "unit", "direction", "reference",
              "year", "note", "review")
    autocomplete_fields = ("indicator",)


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "short_text", "domain", "plan_title")
    list_filter = ("kind", "domain__plan__subject", "domain__plan__region")
    search_fields = ("code", "title", "text", "domain__plan__title")
    list_select_related = ("domain__plan",)
    inlines = [TargetInline]

    @admin.display(description=_("内容"))
    def short_text(self, obj):
        return (obj.title or obj.text)[:60]

    @admin.display(description=_("纲要"), ordering="domain__plan__title")
    def plan_title(self, obj):
        return obj.domain.plan.title


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "better", "owner", "standard", "standard_confirmed", "rollup")
    list_filter = ("better", "standard_confirmed", ("standard", admin.EmptyFieldListFilter), "rollup", "owner")
    search_fields = ("name", "standard__name")
    list_select_related = ("owner", "standard")
    autocomplete_fields = ("owner", "standard", "numerator", "denominator")
    list_editable = ("standard_confirmed",)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "goal_code", "plan_title", "needs_review")
    list_filter = ("kind", "op", "unit", ("review", admin.EmptyFieldListFilter), "goal__domain__plan__subject")
    search_fields = ("indicator__name", "goal__text", "evidence_text", "goal__domain__plan__title")
    list_select_related = ("indicator", "goal__domain__plan")
    autocomplete_fields = ("indicator",)
    raw_id_fields = ("goal",)

    @admin.display(description=_("目标编号"), ordering="goal__code")
    def goal_code(self, obj):
        return obj.goal.code

    @admin.display(description=_("纲要"))
    def plan_title(self, obj):
        return obj.goal.domain.plan.title

    @admin.display(description=_("待核"), boolean=True)
    def needs_review(self, obj):
        return obj.review is not None


@admin.register(StandardIndicator)
class StandardIndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "subject", "domain", "unit", "better", "department")
    list_filter = ("subject", "domain", "better")
    search_fields = ("code", "name", "aliases")
