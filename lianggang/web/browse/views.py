"""Read-only pages: plan list, dashboard, plan tree, indicator, reports, the public page.

Views stay thin: they ask web.access (one permission function), call the evaluation
service, and hand plain data to templates. Charts are drawn in the browser by
static/web/charts.js from JSON embedded with json_script.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianggang.accounts.permissions import Action, allowed_rows, can
from lianggang.evaluation import services as evaluation
from lianggang.lib.cells import TOTAL
from lianggang.assessment.model import Status
from lianggang.evaluation.results import TargetResult, core_language
from lianggang.lib.units import unit_text
from lianggang.monitoring.models import Round, Value, ValueState
from lianggang.monitoring.services import completeness
from lianggang.plans.models import Indicator, Plan, describe_target
from lianggang.plans.services import publish_plan
from lianggang.monitoring.equity import indicator_equity, plan_equity
from lianggang.web.browse.equity import rows as equity_rows
from lianggang.web.access import check, download, picker_regions, plan_or_404, region_for, visible_children, visible_plans

#: The status tiles always shown, even at 0; every other status shows when it has targets, so the
#: tiles add up to 目标总数.
ALWAYS_SHOWN = (Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)


def home(request):
    """Plans the visitor may see, each with its regions; the public sees the published ones."""
    from lianggang.web.browse.lists import plan_table
    table = plan_table(request)
    if table.exported:
        return table.exported
    return render(request, "web/browse/home.html", {"plans": table.rows, "table": table})


def _years(plan: Plan, region, approved_only: bool = True) -> list[int]:
    qs = Value.objects.filter(indicator__in=Indicator.objects.of_plan(plan), region=region, sex=TOTAL, area=TOTAL,
                              age_group="")
    if approved_only:
        qs = qs.filter(state=ValueState.APPROVED)
    return sorted(set(qs.values_list("year", flat=True)))


def _year_from(request, years: list[int], plan: Plan) -> int:
    raw = request.GET.get("year")
    if raw:
        try:
            year = int(raw)
        except ValueError:
            raise Http404(_("年度应为四位数字"))
        if not (plan.start_year - 10 <= year <= plan.end_year + 5):
            raise Http404(_("年度不在纲要监测期内"))
        return year
    return years[-1] if years else min(plan.end_year, plan.start_year)


def _status_counts(summary) -> list[tuple[Status, int]]:
    return summary.shown(ALWAYS_SHOWN)


def _is_sample(plan: Plan, region) -> bool:
    return Value.objects.filter(indicator__in=Indicator.objects.of_plan(plan), region=region, is_sample=True).exists()


def _place_context(request, plan: Plan, region) -> dict:
    """Plan, region and year of a results page, with the pickers' choices."""
    years = _years(plan, region)
    regions = picker_regions(request.user, plan, region) if request.user.is_authenticated else [plan.region]
    return {"plan": plan, "region": region, "year": _year_from(request, years, plan), "years": years,
            "regions": regions, "sample": _is_sample(plan, region)}


def _assessment_context(request, plan: Plan, region) -> dict:
    """_place_context with the plan's assessment there. The assessment is read (from the cache)
    only when used: a dashboard whose result tables are cached as HTML never needs it."""
    ctx = _place_context(request, plan, region)
    stamp = evaluation.assessment_stamp(plan, region, ctx["year"])
    pa = SimpleLazyObject(lambda: evaluation.assess_plan_cached(plan, region, ctx["year"], stamp))
    # results_key names the rendered result tables in the cache: they show only the assessment
    # (the same for everyone allowed to see this region), so they are drawn once per change.
    ctx.update({"pa": pa, "results_key": evaluation.CACHE_VERSION + stamp, "summary": SimpleLazyObject(lambda: pa.summary),
                "counts": SimpleLazyObject(lambda: _status_counts(pa.summary))})
    return ctx


def _comparable(request, region) -> list:
    """The sub-regions whose values the reader may compare (the public: none)."""
    if not request.user.is_authenticated:
        return []
    return visible_children(request.user, region, region.children.order_by("code"))


def dashboard(request, pk: int):
    """A plan in a region and year: status counts, attainment by domain, warnings, the current round."""
    plan = plan_or_404(request, pk)   # region_for asks whether its results may be seen
    region = region_for(request, plan, request.GET.get("region"))
    ctx = _assessment_context(request, plan, region)
    rounds = []
    if request.user.is_authenticated:
        for rnd in Round.objects.filter(region=region, is_open=True, year__range=(plan.start_year, plan.end_year)).order_by("-year"):
            if can(request.user, Action.MANAGE_ROUND, rnd) or can(request.user, Action.RUN_REPORT, region):
                rounds.append((rnd, completeness(rnd)))
    ctx["rounds"] = rounds
    # the completeness table drills into the forms the user may read
    ctx["followed"] = {row.submission.pk for _rnd, rows in rounds for row in rows
                       if row.submission and can(request.user, Action.VIEW_SUBMISSION, row.submission)}
    pa = ctx["pa"]
    ctx["domain_rows"] = SimpleLazyObject(lambda: [(d, s, s.attainment_rate) for d, s in pa.by_domain])
    ctx["target_rows"] = SimpleLazyObject(lambda: [(r, describe_target(r.target)) for r in pa.results])
    ctx["equity_rows"] = SimpleLazyObject(lambda: equity_rows(plan_equity(plan, region, ctx["year"],
                                                                          _comparable(request, region))))
    ctx["can_report"] = can(request.user, Action.RUN_REPORT, region)
    ctx["can_manage"] = can(request.user, Action.MANAGE_PLAN, plan)
    return render(request, "web/browse/dashboard.html", ctx)


def plan_tree(request, pk: int):
    """Domains → goals and measures → targets, each target with its status this year."""
    plan = plan_or_404(request, pk)   # region_for asks whether its results may be seen
    region = region_for(request, plan, request.GET.get("region"))
    ctx = _assessment_context(request, plan, region)
    by_target = {r.target.pk: r for r in ctx["pa"].results}
    domains = []
    for domain in plan.domains.order_by("position").prefetch_related("items__targets__indicator"):
        goals = []
        for goal in domain.items.all():
            targets = [(t, describe_target(t), by_target.get(t.pk)) for t in goal.targets.all()]
            goals.append((goal, targets))
        domains.append((domain, goals))
    ctx["domains"] = domains
    return render(request, "web/browse/plan_tree.html", ctx)


def _straight_path(r: TargetResult, plan: Plan) -> list[dict]:
    """Baseline → target value at the target year: the path 时间过半、任务过半 measures against."""
    t = r.target
    if t.kind != "threshold" or t.value is None:
        return []
    start = None
    if t.baseline_year is not None and t.baseline_value is not None:
        start = (t.baseline_year, float(t.baseline_value))
    else:
        start = next(((p.year, p.value) for p in r.points if p.year == plan.start_year - 1), None)
    if start is None:
        return []
    return [{"year": start[0], "value": start[1]}, {"year": t.year or plan.end_year, "value": float(t.value)}]


def _flag_labels(codes) -> list[str]:
    """A point's flags (初步数, 估计数, 修订数, 口径变化, 示例数据) named in the page's language, in the
    order of the Value fields; the chart's tooltip lists them."""
    return [str(Value._meta.get_field(f).verbose_name) for f in evaluation.FLAG_FIELDS
            if evaluation.FLAG_NAMES.get(f, f) in codes]


def _visible_values(request, indicator: Indicator, region):
    return list(allowed_rows(request.user, Action.VIEW_VALUE, Value.objects.all(), region).filter(indicator=indicator)
                .select_related("updated_by").prefetch_related("changes__user")
                .order_by("-year", "sex", "area", "age_group"))


def indicator_page(request, plan_pk: int, pk: int):
    """One indicator of a plan: trend with target line and straight path, sub-regions compared, values with history."""
    plan = plan_or_404(request, plan_pk)   # region_for asks whether its results may be seen
    indicator = get_object_or_404(Indicator.objects.of_plan(plan).select_related("standard"), pk=pk)
    region = region_for(request, plan, request.GET.get("region"))
    ctx = _place_context(request, plan, region)
    results = evaluation.assess_indicator(plan, indicator, region, ctx["year"])
    chart = {
        "title": indicator.name, "unit": indicator.unit, "suffix": unit_text(indicator.unit, core_language()),
        "series": [{"year": p.year, "value": p.value, "flags": sorted(p.flags), "flag_labels": _flag_labels(p.flags)}
                   for p in (results[0].points if results else [])],
        "targets": [{"label": describe_target(r.target), "value": float(r.target.value),
                     "year": r.target.year or plan.end_year}
                    for r in results if r.target.kind == "threshold" and r.target.value is not None],
        "path": _straight_path(results[0], plan) if results else [],
    }
    subregions, rolled = [], None
    found_equity = indicator_equity(indicator, region, ctx["year"], _comparable(request, region))
    if request.user.is_authenticated:
        subregions = visible_children(request.user, region,
                                      evaluation.subregion_values(indicator, region, ctx["year"]))
        if subregions and ctx["year"]:
            from lianggang.monitoring.rollup import region_rollups
            rolled = region_rollups([indicator], region, ctx["year"])[indicator.pk]
    ctx.update({
        "indicator": indicator, "results": results, "chart": chart, "subregions": subregions, "rolled": rolled,
        "bars": {"title": indicator.name, "unit": indicator.unit, "suffix": unit_text(indicator.unit, core_language()),
                 "bars": [{"label": c.name, "value": yv.value} for c, yv in subregions if yv is not None]},
        "values": _visible_values(request, indicator, region) if request.user.is_authenticated else [],
        "department": results[0].department if results else None,
        "equity": found_equity, "equity_rows": equity_rows([found_equity]) if found_equity else [],
        "gap_of": next((r.details["gap_of"] for r in results if "gap_of" in r.details), None),
    })
    return render(request, "web/browse/indicator.html", ctx)


def report_regions(user, plan: Plan) -> list:
    """The regions whose reports of `plan` the user may run: the plan's region and those below it
    down to the user's own and its sub-regions — those the permission table allows."""
    from lianggang.accounts.permissions import profile_of
    candidates = [plan.region, *plan.region.children.order_by("code")]
    profile = profile_of(user)
    own = profile.region if profile is not None else None
    if own is not None and own.pk != plan.region_id and own.is_within(plan.region):
        candidates += [r for r in reversed(own.ancestors()) if r.is_within(plan.region)]
        candidates += [own, *own.children.order_by("code")]
    seen, out = set(), []
    for r in candidates:
        if r.pk not in seen and can(user, Action.RUN_REPORT, r):
            seen.add(r.pk)
            out.append(r)
    return out


def _reports_context(request) -> dict:
    """Plans with at least one region the user may report on; for the chosen plan its regions and years."""
    from lianggang.reports.build import FORMATS, kind_labels
    choices = [(p, report_regions(request.user, p)) for p in visible_plans(request.user)]
    choices = [(p, regions) for p, regions in choices if regions]
    chosen = next((c for c in choices if str(c[0].pk) == request.GET.get("plan")), choices[0] if choices else None)
    ctx = {"plans": [p for p, _r in choices], "kinds": kind_labels(), "formats": FORMATS, "plan": None}
    if chosen is not None:
        plan, regions = chosen
        region = next((r for r in regions if r.code == request.GET.get("region")), regions[0])
        with_data = _years(plan, region)
        years = list(range(plan.start_year - 1, plan.end_year + 1))
        ctx.update({"plan": plan, "regions": regions, "region": region, "years": years, "with_data": with_data,
                    "year": int(request.GET["year"]) if request.GET.get("year", "").isdigit() else
                    (with_data[-1] if with_data else plan.start_year)})
    return ctx


@login_required
def reports(request):
    """Choose a report: plan, then region and year from lists, kind, format."""
    return render(request, "web/browse/reports.html", _reports_context(request))


@login_required
def report_download(request):
    """Build the chosen report and send it as a download (the same build_report as the command)."""
    from lianggang.reports.build import ReportError, ReportUnavailable, build_report
    try:
        plan = get_object_or_404(Plan, pk=int(request.GET.get("plan", "0")))
    except ValueError:
        raise Http404
    region = region_for(request, plan, request.GET.get("region"))
    check(request, Action.RUN_REPORT, region)
    try:
        year = int(request.GET.get("year") or (_years(plan, region) or [plan.start_year])[-1])
        data, filename, content_type = build_report(request.GET.get("kind", "annual"), plan, region, year,
                                                    request.GET.get("format", "docx"))
    except ReportUnavailable as e:      # the server lacks something (a CJK font): not the asker's mistake
        return render(request, "web/browse/reports.html", {**_reports_context(request), "error": str(e)}, status=503)
    except (ReportError, ValueError, evaluation.EvaluationError) as e:
        return render(request, "web/browse/reports.html", {**_reports_context(request), "error": str(e)}, status=400)
    return download(data, filename, content_type)


def public_plan(request, pk: int):
    """What the public sees of a published plan: its latest results and its targets."""
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=pk, published=True)
    check(request, Action.VIEW_RESULTS, plan)
    ctx = _assessment_context(request, plan, plan.region)
    return render(request, "web/browse/public.html", ctx)


def public_data(request, pk: int, fmt: str, indicator_pk: int | None = None):
    """开放数据: a published plan's values (or one indicator's) as CSV or xlsx, for anyone."""
    from lianggang.monitoring.opendata import FORMATS, open_data
    if fmt not in FORMATS:
        raise Http404
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=pk, published=True)
    check(request, Action.VIEW_RESULTS, plan)
    indicator = None
    if indicator_pk is not None:
        indicator = get_object_or_404(Indicator.objects.of_plan(plan), pk=indicator_pk)
    return download(*open_data(plan, fmt, indicator))


@login_required
@require_POST
def publish(request, pk: int):
    """The committee office publishes a plan's results to the public (or withdraws them)."""
    plan = publish_plan(request.user, plan_or_404(request, pk, Action.MANAGE_PLAN),
                        request.POST.get("published") == "1")
    messages.success(request, _("已公开，公众可在公开页面查看。") if plan.published else _("已取消公开。"))
    return redirect("web:dashboard", pk=plan.pk)


@login_required
def dictionary_download(request, pk: int):
    """The plan's data dictionary (指标解释) as xlsx — the same sheet as `lianggang export-dictionary --plan`."""
    from lianggang.reports.dictionary import dictionary_filename, plan_dictionary
    from lianggang.reports.render_xlsx import render as render_xlsx
    plan = plan_or_404(request, pk)
    return download(render_xlsx(plan_dictionary(plan)), dictionary_filename(plan),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def alignment(request, pk: int):
    """纲要衔接: each target beside its upper plans'; the office may change which plan this one follows."""
    from lianggang.plans import alignment as plan_alignment
    plan = plan_or_404(request, pk)
    may_edit = can(request.user, Action.MANAGE_PLAN, plan)
    candidates = list(plan_alignment.candidate_upper_plans(plan)) if may_edit else []
    if request.method == "POST":
        check(request, Action.MANAGE_PLAN, plan)
        chosen = request.POST.get("upper_plan", "")
        upper = next((p for p in candidates if str(p.pk) == chosen), None)
        if chosen and upper is None:
            messages.error(request, _("所选上级纲要不存在或不属于本区划的上级"))
        else:
            try:
                plan_alignment.set_upper_plan(request.user, plan, upper)
            except plan_alignment.AlignmentError as e:
                messages.error(request, e.message)
            else:
                messages.success(request, _("已更新衔接的上级纲要。"))
                return redirect("web:plan-alignment", pk=plan.pk)
    return render(request, "web/browse/alignment.html", {
        "plan": plan, "result": plan_alignment.plan_alignment(plan), "may_edit": may_edit, "candidates": candidates,
    })
