"""API endpoints: parse the request, ask accounts.permissions (directly or through scope), call one service, render.

Refusals: an object the user may not see is 404 (its existence is not revealed); an action
on a visible object that the user may not take is 403; bad input 400; a stale version 409.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianggang.accounts.permissions import Action, RegionRefused, allowed_rows, can, profile_of, results_region
from lianggang.api.entries import BadEntry, to_entries
from lianggang.api.serializers import (EntryBatchSerializer, EntryResultSerializer, EntrySerializer, ErrorSerializer,
                                       IndicatorSerializer, PlanSerializer, PlanTargetSerializer, PlanTreeSerializer,
                                       ValueSerializer)
from lianggang.evaluation.results import assessment_json, result_json
from lianggang.evaluation.services import EvaluationError, PlanAssessment, assess_plan, latest_year
from lianggang.monitoring.errors import MonitoringError, StaleVersion
from lianggang.monitoring.models import Round, Submission, Value
from lianggang.monitoring.entry import EntriesRefused, write_entries
from lianggang.monitoring.services import responsible_departments
from lianggang.plans.models import Goal, Indicator, Plan, Target
from lianggang.regions.models import Region


class Refusal(Exception):
    """A refusal with a body of our own: {"detail": 中文, "field": …, "index": …} (DRF would stringify the index)."""

    def __init__(self, status_code: int, message: str, field: str = "", index: int | None = None):
        super().__init__(message)
        self.status_code = status_code
        self.body = {"detail": message}
        if field:
            self.body["field"] = field
        if index is not None:
            self.body["index"] = index


def bad_request(message: str, field: str = "", index: int | None = None) -> Refusal:
    return Refusal(status.HTTP_400_BAD_REQUEST, message, field, index)


class RefusalsAsJSON:
    """Mixed into every view: a Refusal becomes its status and body."""

    def handle_exception(self, exc):
        if isinstance(exc, Refusal):
            return Response(exc.body, status=exc.status_code)
        return super().handle_exception(exc)


def int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise bad_request(f"参数 {name} 应为整数，收到“{raw}”", name)


# -- plans and their parts ----------------------------------------------------------------

def visible_plan(request: Request, pk: int) -> Plan:
    """The plan, if the user may view it; otherwise 404 whether or not it exists."""
    plan = Plan.objects.select_related("region").filter(pk=pk).first()
    if plan is None or not can(request.user, Action.VIEW_PLAN, plan):
        raise exceptions.NotFound("没有这个纲要，或无权查看")
    return plan


class PlanList(RefusalsAsJSON, generics.ListAPIView):
    """Plans the user may view: published ones, and unpublished ones of the user's region scope."""
    serializer_class = PlanSerializer

    def get_queryset(self):
        plans = allowed_rows(self.request.user, Action.VIEW_PLAN, Plan.objects.select_related("region"))
        return plans.order_by("region__code", "subject", "start_year", "pk")


class PlanDetail(RefusalsAsJSON, APIView):
    """One plan as a tree: domains → goals (and measures, table rows) → targets."""

    @extend_schema(responses=PlanTreeSerializer)
    def get(self, request: Request, pk: int) -> Response:
        plan = visible_plan(request, pk)
        targets = Target.objects.select_related("indicator", "goal__domain__plan")
        goals = Goal.objects.prefetch_related(Prefetch("targets", targets))
        prefetch_related_objects([plan], Prefetch("domains__items", goals))
        return Response(PlanTreeSerializer(plan).data)


class PlanTargets(RefusalsAsJSON, generics.ListAPIView):
    """Every target of the plan in document order, with its domain and goal."""
    serializer_class = PlanTargetSerializer

    def get_queryset(self):
        plan = visible_plan(self.request, self.kwargs["pk"])
        return (Target.objects.filter(goal__domain__plan=plan)
                .select_related("indicator", "goal__domain__plan")
                .order_by("goal__domain__position", "goal__position", "position"))


class PlanIndicators(RefusalsAsJSON, generics.ListAPIView):
    """The plan's indicators with their metadata."""
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        self.plan = visible_plan(self.request, self.kwargs["pk"])
        return self.plan.indicators.select_related("owner", "standard").order_by("name", "pk")

    def get_serializer_context(self):
        # who reports each indicator in the plan's region (its round's obligations)
        context = super().get_serializer_context()
        if hasattr(self, "plan"):
            context["departments"] = responsible_departments(self.plan.region, self.plan.indicators)
        return context


class IndicatorDetail(RefusalsAsJSON, APIView):
    """One indicator's metadata (visible with any plan that watches it)."""

    @extend_schema(responses=IndicatorSerializer)
    def get(self, request: Request, pk: int) -> Response:
        indicator = Indicator.objects.select_related("owner", "standard").filter(pk=pk).first()
        watching = Plan.objects.filter(domains__items__targets__indicator=indicator)
        if indicator is None or not allowed_rows(request.user, Action.VIEW_PLAN, watching).exists():
            raise exceptions.NotFound("没有这个指标，或无权查看")
        return Response(IndicatorSerializer(indicator).data)


# -- results ----------------------------------------------------------------------------

RESULT_PARAMETERS = [
    OpenApiParameter("region", str, description="区划代码；默认纲要所在区划，也可为其下级"),
    OpenApiParameter("year", int, description="评估年度；默认该区划有已审核数据的最近一年"),
    OpenApiParameter("details", bool, description="附上评估核心的中间量"),
]


def assess(request: Request, pk: int) -> PlanAssessment:
    """The plan judged in the region and year asked (defaults: the plan's region, its latest year)."""
    plan = visible_plan(request, pk)
    code = request.query_params.get("region")
    try:
        region = results_region(request.user, plan, code, own_by_default=False)
    except Region.DoesNotExist:
        raise exceptions.NotFound(f"没有代码为 {code} 的区划")
    except RegionRefused as refused:
        raise exceptions.PermissionDenied(str(refused))
    year = int_param(request, "year") or latest_year(plan, region)
    if year is None:
        raise bad_request(f"{region.name}尚无《{plan.title}》指标的已审核数据；请用 year 参数指定年度", "year")
    try:
        return assess_plan(plan, region, year)
    except EvaluationError as e:
        raise bad_request(str(e), "year")


def wants_details(request: Request) -> bool:
    return request.query_params.get("details", "").lower() in ("1", "true", "yes")


class PlanAssessmentView(RefusalsAsJSON, APIView):
    """Every target's status, projection and gap in a region and year, with summaries (assessment_json)."""

    @extend_schema(parameters=RESULT_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        return Response(assessment_json(assess(request, pk), details=wants_details(request)))


class PlanWarnings(RefusalsAsJSON, APIView):
    """The targets at risk, off track, not achieved or volatile; most severe first."""

    @extend_schema(parameters=RESULT_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        assessment = assess(request, pk)
        details = wants_details(request)
        return Response({"plan": assessment.plan.pk, "region": assessment.region.code,
                         "region_name": assessment.region.name, "year": assessment.year,
                         "warnings": [result_json(r, details=details) for r in assessment.warnings]})


# -- values -----------------------------------------------------------------------------

class ValueList(RefusalsAsJSON, generics.ListAPIView):
    """Values the user may view, filtered by plan, region (code), year and indicator."""
    serializer_class = ValueSerializer

    @extend_schema(parameters=[
        OpenApiParameter("plan", int, description="纲要编号"),
        OpenApiParameter("region", str, description="区划代码"),
        OpenApiParameter("year", int, description="年度"),
        OpenApiParameter("indicator", int, description="指标编号"),
    ])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        request = self.request
        values = allowed_rows(request.user, Action.VIEW_VALUE, Value.objects.all())
        plan = int_param(request, "plan")
        if plan is not None:
            values = values.filter(indicator__in=Indicator.objects.of_plan(Plan(pk=plan)))
        filters = {"year": int_param(request, "year"),
                   "indicator_id": int_param(request, "indicator"),
                   "region__code": request.query_params.get("region") or None}
        values = values.filter(**{k: v for k, v in filters.items() if v is not None})
        return (values.select_related("indicator", "region")
                .order_by("indicator_id", "region__code", "year", "sex", "area", "age_group", "pk"))


def filler_department(user):
    """The department a filler enters for; others have none and are refused."""
    profile = profile_of(user)
    if profile is None or profile.department_id is None:
        raise exceptions.PermissionDenied("只有成员单位的填报人可以填报数据")
    return profile.department


BODY_SHAPE = '请求体应为数据的列表，或 {"values": [...], "reason": "..."}'


def entry_rows(data) -> tuple[list[dict], str]:
    """The posted cells and reason; the body is a list of cells or {"values": [...], "reason": "..."}."""
    if isinstance(data, list):
        data = {"values": data}
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise bad_request(BODY_SHAPE, "values")
    batch = EntryBatchSerializer(data=data)
    if not batch.is_valid():
        raise bad_request(*first_error(batch.errors))
    return batch.validated_data["values"], batch.validated_data["reason"]


def first_message(detail) -> str:
    """The first message in DRF's nested errors (lists and dicts of ErrorDetail)."""
    if isinstance(detail, dict):
        return first_message(next(iter(detail.values()), ""))
    if isinstance(detail, list):
        return first_message(detail[0]) if detail else ""
    return str(detail)


def first_error(errors: dict) -> tuple[str, str, int | None]:
    """(message, field, row index) of the first error DRF found, for a body with one message."""
    field, detail = next(iter(errors.items()))
    if field == "values" and isinstance(detail, (list, dict)):
        rows = detail.items() if isinstance(detail, dict) else enumerate(detail)   # newer DRF: {index: errors}
        for index, row in rows:
            if isinstance(index, int) and isinstance(row, dict) and row:
                row_field, messages = next(iter(row.items()))
                return f"第{index + 1}条的 {row_field}：{first_message(messages)}", row_field, index
    return f"{field}：{first_message(detail)}", field, None


class RoundValues(RefusalsAsJSON, APIView):
    """Enter (or change) the filler's department's values of a round, all at once or not at all."""

    @extend_schema(request=EntrySerializer(many=True),
                   responses={200: EntryResultSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer, 409: ErrorSerializer})
    def post(self, request: Request, pk: int) -> Response:
        rnd = Round.objects.select_related("region").filter(pk=pk).first()
        if rnd is None:
            raise exceptions.NotFound("没有这个年度监测")
        department = filler_department(request.user)
        # The rule of value.edit for this department's submission (can() decides both alike), asked
        # before anything else: the service would first create the submission, and a refused caller
        # should learn nothing from validation messages.
        if not can(request.user, Action.SUBMIT, Submission(round=rnd, department=department)):
            raise exceptions.PermissionDenied(f"无权填报{department.name}在{rnd.region.name}{rnd.year}年的数据")
        rows, reason = entry_rows(request.data)
        try:
            entries = to_entries(rnd, rows)
            written = write_entries(request.user, rnd, department, entries, reason=reason)
        except BadEntry as bad:
            raise bad_request(bad.message, bad.field, bad.index)
        except EntriesRefused as refused:
            raise entry_refusal(refused)
        except MonitoringError as refused:
            raise bad_request(refused.message, refused.field)
        except DjangoPermissionDenied as denied:
            raise exceptions.PermissionDenied(str(denied))
        saved = Value.objects.filter(pk__in=[v.pk for v in written.values]).select_related("indicator", "region")
        by_pk = {v.pk: v for v in saved}
        return Response({"entered": written.written,
                         "values": ValueSerializer([by_pk[v.pk] for v in written.values], many=True).data})


def entry_refusal(refused: EntriesRefused) -> "Refusal":
    """The first problem of a refused batch, naming the item (409 when someone else saved first)."""
    first = next((p for p in refused.problems if p.error is StaleVersion), refused.problems[0])
    code = status.HTTP_409_CONFLICT if first.error is StaleVersion else status.HTTP_400_BAD_REQUEST
    return Refusal(code, first.described, first.field, first.index)
