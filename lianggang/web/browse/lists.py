"""The list pages of a plan — targets, warnings, values — and the plan list: each one Table
(web/tables.py) that filters, searches, sorts and exports to xlsx. The dashboard's status tiles
link here, filtered to their status."""
from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianggang import planformat
from lianggang.accounts.permissions import Action, allowed_rows
from lianggang.evaluation import services as evaluation
from lianggang.monitoring.models import Value
from lianggang.plans.models import Indicator, describe_target
from lianggang.web.access import plan_or_404, region_for, visible_plans
from lianggang.web.browse.views import _place_context
from lianggang.web.tables import Column, Table


def _results_context(request, pk: int) -> dict:
    plan = plan_or_404(request, pk)
    region = region_for(request, plan, request.GET.get("region"))
    ctx = _place_context(request, plan, region)
    stamp = evaluation.assessment_stamp(plan, region, ctx["year"])
    ctx["pa"] = evaluation.assess_plan_cached(plan, region, ctx["year"], stamp)
    return ctx


def _indicator_url(ctx):
    plan, region, year = ctx["plan"], ctx["region"], ctx["year"]
    return lambda r: (reverse("web:indicator", args=[plan.pk, r.indicator.pk]) + f"?region={region.code}&year={year}")


def _current(r, with_unit: bool):
    if r.current is None:
        return None
    # the plan format's writing of a quantity (12.5/10万, 95%), not the value run into its unit
    return planformat.format_quantity(r.current.value, r.indicator.unit) if with_unit else r.current.value


def _result_columns(ctx) -> list[Column]:
    return [
        Column("domain", _("领域"), lambda r: r.domain.name, filter=True),
        Column("indicator", _("指标"), lambda r: r.indicator.name, link=_indicator_url(ctx)),
        Column("target", _("目标"), lambda r: describe_target(r.target)),
        Column("value", _("最新值"), lambda r: _current(r, False), num=True, show=lambda r: _current(r, True)),
        Column("year", _("数据年度"), lambda r: r.current.year if r.current else None, num=True),
        Column("status", _("状态"), lambda r: str(r.status_label), filter=True, badge=lambda r: f"status-{r.status}"),
        Column("department", _("责任单位"), lambda r: r.department.name if r.department else "", filter=True),
        Column("reason", _("说明"), lambda r: r.reason),
    ]


def targets(request, pk: int):
    ctx = _results_context(request, pk)
    title = lambda: _("%(region)s%(year)s年目标进展") % {"region": ctx["region"].name, "year": ctx["year"]}  # noqa: E731
    table = Table(request, "targets", title, _result_columns(ctx), ctx["pa"].results)
    if table.exported:
        return table.exported
    return render(request, "web/browse/list.html", {**ctx, "table": table, "heading": _("全部目标")})


def warnings(request, pk: int):
    ctx = _results_context(request, pk)
    columns = _result_columns(ctx)
    columns.insert(6, Column("volatile", _("波动较大"), lambda r: str(_("是")) if r.volatile else "", filter=True))
    title = lambda: _("%(region)s%(year)s年预警") % {"region": ctx["region"].name, "year": ctx["year"]}  # noqa: E731
    table = Table(request, "warnings", title, columns, ctx["pa"].warnings)
    if table.exported:
        return table.exported
    return render(request, "web/browse/list.html", {**ctx, "table": table, "heading": _("预警")})


def values(request, pk: int):
    """Every value of the plan's indicators in the region that the user may see, all years."""
    plan = plan_or_404(request, pk)
    region = region_for(request, plan, request.GET.get("region"))
    ctx = _place_context(request, plan, region)
    rows = (allowed_rows(request.user, Action.VIEW_VALUE, Value.objects.all(), region)
            .filter(indicator__in=Indicator.objects.of_plan(plan)).select_related("indicator", "updated_by")
            .order_by("indicator__name", "-year", "sex", "area", "age_group"))
    table = Table(request, "values", lambda: _("%(region)s监测数据") % {"region": region.name}, [
        Column("indicator", _("指标"), lambda v: v.indicator.name, filter=True,
               link=lambda v: reverse("web:indicator", args=[plan.pk, v.indicator_id]) + f"?region={region.code}"),
        Column("year", _("年度"), lambda v: v.year, filter=True, num=True),
        Column("cell", _("分组"), lambda v: v.cell_label),
        Column("value", _("数值"), lambda v: v.value, num=True),
        Column("unit", _("单位"), lambda v: v.indicator.unit),
        Column("state", _("状态"), lambda v: v.get_state_display(), filter=True),
        Column("flags", _("标记"), lambda v: "、".join(f.label for f in v.flag_list)),
        Column("source", _("来源"), lambda v: v.source),
        Column("updated", _("修改时间"), lambda v: timezone.localtime(v.updated_at).strftime("%Y-%m-%d %H:%M")),
    ], rows)
    if table.exported:
        return table.exported
    return render(request, "web/browse/list.html", {**ctx, "table": table, "heading": _("监测数据")})


def plan_table(request) -> Table:
    """The plans the visitor may see (the home page)."""
    signed_in = request.user.is_authenticated
    url = (lambda p: reverse("web:dashboard", args=[p.pk])) if signed_in else \
        (lambda p: reverse("web:public-plan", args=[p.pk]))
    return Table(request, "plans", _("纲要（规划）"), [
        Column("region", _("区划"), lambda p: p.region.name, filter=True),
        Column("title", _("纲要（规划）"), lambda p: p.title, link=url),
        Column("subject", _("对象"), lambda p: p.get_subject_display(), filter=True),
        Column("period", _("期限"), lambda p: f"{p.start_year}—{p.end_year}"),
        Column("published", _("公开"), lambda p: str(_("已公开")) if p.published else "", filter=True),
    ], visible_plans(request.user))
