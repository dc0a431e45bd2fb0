"""Loading plan/v1 documents into the database and writing them back.

import_document is atomic: a document is validated whole first, every problem
reported at once, and either all its plans are saved or none. Re-importing the
same document updates its plans in place (a plan is its region, subject and period): domains, goals and
targets are matched by their codes and positions, indicators by name, so the
values already collected against an indicator survive a corrected plan.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy

from lianggang import planformat
from lianggang.accounts.permissions import Action, can
from lianggang.audit.services import record
from lianggang.plans.catalogue import Matcher, read_catalogue
from lianggang.plans.models import (
    Better, Domain, Goal, GoalKind, Indicator, Plan, Rollup, StandardIndicator, Target,
)
from lianggang.regions.models import Region


class PlanImportError(Exception):
    """A document that cannot be imported; `problems` says where and what."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# ---------------------------------------------------------------- regions

def find_region(name: str) -> Region:
    """The region a plan names (officially or by its short name), or an error saying what to do."""
    found = list(Region.objects.matching_name(name)[:3])
    if not found:
        # 阿拉善 for 阿拉善盟, 宁城 for 宁城县: the name without its administrative suffix.
        near = sorted((len(r.name) - len(name), r.code, r) for r in Region.objects.filter(name__startswith=name)[:20])
        near = [row for row in near if row[0] <= 2]
        found = [row[2] for row in near if row[0] == near[0][0]] if near else []
    if len(found) == 1:
        return found[0]
    if not found:
        raise PlanImportError([f"地区“{name}”不在区划表中：请用 --region 指定区划代码，或先用 lianggang load-regions 载入区划"])
    raise PlanImportError([f"地区“{name}”对应多个区划（{'、'.join(str(r) for r in found)}）：请用 --region 指定区划代码"])


# ---------------------------------------------------------------- catalogue

def load_catalogue() -> int:
    """Create or update the standard indicators from the shipped catalogue; their monitoring
    indicators take the explanation (定义, 计算方法, 数据来源) and roll-up where they have none."""
    count = 0
    for e in read_catalogue():
        explained = {name: getattr(e, name, "") or "" for name in EXPLANATION}
        scale = getattr(e, "scale", None)
        standard, _created = StandardIndicator.objects.update_or_create(
            code=e.code,
            defaults=dict(name=e.name, subject=e.subject, domain=e.domain, unit=e.unit, better=e.better,
                          department=e.department, by_sex=e.by_sex, by_area=e.by_area, aliases=list(e.aliases),
                          rollup=getattr(e, "rollup", "") or Rollup.NONE, numerator=getattr(e, "numerator", ""),
                          denominator=getattr(e, "denominator", ""), scale=scale, **explained))
        for name, text in explained.items():
            if text:
                Indicator.objects.filter(standard=standard, **{name: ""}).update(**{name: text})
        Indicator.objects.filter(standard=standard, rollup=Rollup.NONE).update(rollup=standard.rollup,
                                                                              scale=standard.scale)
        count += 1
    _matchers.cache_clear()
    return count


EXPLANATION = ("definition", "method", "data_source")   # 指标解释, carried from the catalogue


@lru_cache(maxsize=1)
def _matchers() -> dict[str, Matcher]:
    standards = list(StandardIndicator.objects.all())
    by_subject = {}
    for subject in ("women", "children", None):
        chosen = [s for s in standards if subject is None or s.subject == subject]
        by_subject[subject] = Matcher([(s.pk, s.name, s.unit, tuple(s.aliases)) for s in chosen])
    return by_subject


def match_standard(name: str, unit: str, subject: str) -> StandardIndicator | None:
    """The standard indicator `name` stands for, preferring the plan's own subject."""
    for key in (subject, None):
        pk, _exact = _matchers()[key].match(name, unit or None)
        if pk is not None:
            return StandardIndicator.objects.get(pk=pk)
    return None


# ---------------------------------------------------------------- import

@dataclass
class ImportResult:
    plans: list[Plan]
    created: int
    updated: int


class OnConflict(models.TextChoices):
    """What to do when a document brings a plan whose region, subject and period another plan holds."""
    ASK = "ask", gettext_lazy("询问")
    REPLACE = "replace", gettext_lazy("替换已有纲要")
    KEEP_BOTH = "keep", gettext_lazy("两部都保留")


@dataclass
class Conflict:
    position: int           # the plan's index in the document
    existing: Plan          # the plan of the same region, subject and period from another document


class PlanConflict(PlanImportError):
    """The document brings a plan whose region, subject and period another document's plan already
    holds; the caller asks the person (replace it, keep both, or cancel) and imports again."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__([
            f"plans[{c.position}]：{c.existing.region.name}已有{c.existing.get_subject_display()}纲要"
            f"《{c.existing.title}》（{c.existing.start_year}—{c.existing.end_year}年，来源“{c.existing.source}”）"
            for c in conflicts])


def _identity(plan_doc: dict, region: Region) -> tuple:
    """A plan is its region, subject and period (and the document it came from)."""
    return region.pk, plan_doc["subject"], plan_doc["period"]["start"], plan_doc["period"]["end"]


def import_document(doc: Any, *, region_code: str | None = None, source_text: str | None = None,
                    user=None, on_conflict: str = OnConflict.ASK) -> ImportResult:
    """Validate and load a plan/v1 document, all plans or none.

    A plan is identified by region, subject and period: the plan of that identity imported from the
    same document is updated in place; one from another document is a conflict, which `on_conflict`
    settles (ask: raise PlanConflict; replace: update that plan in place; keep: add a second plan).
    A file name alone never picks a plan, so a file named like another region's never touches it.
    With `user` (the pages), every plan it would create or change must be one the user may manage —
    asked before anything is written; without (the operator's command line), no one is asked."""
    problems = [str(p) for p in planformat.validate_document(doc)]
    if problems:
        raise PlanImportError(problems)
    regions = _resolve_regions(doc, region_code)
    _refuse_collisions(doc, regions)
    if user is not None:
        problems = [f"plans[{i}]：不能导入{region.name}的纲要（不在您的管理范围内）"
                    for i, region in enumerate(regions) if not can(user, Action.MANAGE_PLAN, region)]
        if problems:
            raise PlanImportError(problems)
    with transaction.atomic():
        targets, conflicts = _targets(doc, regions, OnConflict(on_conflict))
        if conflicts:
            raise PlanConflict(conflicts)
        if user is not None:
            _check_may_change(user, [t for t in targets if t is not None])
        _matchers.cache_clear()
        plans, created = [], 0
        for position, (plan_doc, region, existing) in enumerate(zip(doc["plans"], regions, targets)):
            plan, was_created = _save_plan(doc["source"], position, plan_doc, region, source_text, existing)
            plans.append(plan)
            created += was_created
            record(user, "plan.import", plan, source=doc["source"], created=was_created,
                   replaced=existing is not None and existing.source != doc["source"])
    return ImportResult(plans, created, len(plans) - created)


def _refuse_collisions(doc: dict, regions: list[Region]) -> None:
    """Two plans of one document with the same region, subject and period cannot both be kept."""
    seen: dict[tuple, int] = {}
    problems = []
    for i, (plan_doc, region) in enumerate(zip(doc["plans"], regions)):
        key = _identity(plan_doc, region)
        if key in seen:
            problems.append(f"plans[{i}]：与 plans[{seen[key]}] 是同一地区（{region.name}）、同一对象、同一期限的纲要，"
                            f"一个文件中不能导入两次；请改正地区或期限，或分成两个文件")
        seen.setdefault(key, i)
    if problems:
        raise PlanImportError(problems)


def _targets(doc: dict, regions: list[Region], on_conflict: str) -> tuple[list[Plan | None], list[Conflict]]:
    """For each plan of the document, the existing plan it updates (None: a new plan), and the
    conflicts left to the person."""
    found, conflicts = [], []
    for i, (plan_doc, region) in enumerate(zip(doc["plans"], regions)):
        _region, subject, start, end = _identity(plan_doc, region)
        same = list(Plan.objects.filter(region=region, subject=subject, start_year=start, end_year=end)
                    .select_related("region").order_by("pk"))
        own = next((p for p in same if p.source == doc["source"]), None)
        if own is not None or not same or on_conflict == OnConflict.KEEP_BOTH:
            found.append(own)
        elif on_conflict == OnConflict.REPLACE:
            found.append(same[0])
        else:
            found.append(None)
            conflicts.append(Conflict(i, same[0]))
    return found, conflicts


def _check_may_change(user, plans: list[Plan]) -> None:
    problems = [f"《{plan.title}》（{plan.region.name}）：您无权修改它" for plan in plans
                if not can(user, Action.MANAGE_PLAN, plan)]
    if problems:
        raise PlanImportError(problems)


def _resolve_regions(doc: dict, region_code: str | None) -> list[Region]:
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise PlanImportError([f"--region {region_code}：区划代码不存在"])
        return [region] * len(doc["plans"])
    regions, problems = [], []
    for i, plan in enumerate(doc["plans"]):
        try:
            regions.append(find_region(plan["region"]))
        except PlanImportError as exc:
            problems += [f"plans[{i}].region：{p}" for p in exc.problems]
    if problems:
        raise PlanImportError(problems)
    return regions


def _save_plan(source: str, position: int, data: dict, region: Region, source_text: str | None,
               existing: Plan | None) -> tuple[Plan, bool]:
    created = existing is None
    plan = existing or Plan()
    plan.source, plan.position = source, position
    plan.title, plan.subject, plan.region, plan.region_name = data["title"], data["subject"], region, data["region"]
    plan.start_year, plan.end_year = data["period"]["start"], data["period"]["end"]
    if source_text is not None:
        plan.source_text = source_text
    if plan.upper_plan_id is None:
        plan.upper_plan = _upper_plan_for(plan)
    plan.save()

    indicators: dict[str, Indicator] = {}
    kept_domains = []
    for d_pos, d in enumerate(data["domains"]):
        domain, _ = Domain.objects.update_or_create(plan=plan, code=d["code"],
                                                    defaults=dict(name=d["name"], position=d_pos))
        kept_domains.append(domain.pk)
        items = [(GoalKind.TABLE_ROW if g["code"].startswith("T") else GoalKind.GOAL, g) for g in d["goals"]]
        items += [(GoalKind.MEASURE, m) for m in d["measures"]]
        kept_items = []
        for g_pos, (kind, item) in enumerate(items):
            goal, _ = Goal.objects.update_or_create(
                domain=domain, code=item["code"],
                defaults=dict(kind=kind, title=item.get("title", ""), text=item["text"], position=g_pos))
            kept_items.append(goal.pk)
            goal.targets.all().delete()
            Target.objects.bulk_create([
                _target_row(goal, t_pos, t, _indicator_for(plan, t, indicators))
                for t_pos, t in enumerate(item["targets"])
            ])
        domain.items.exclude(pk__in=kept_items).delete()
    plan.domains.exclude(pk__in=kept_domains).delete()
    return plan, created


def _upper_plan_for(plan: Plan) -> Plan | None:
    """纲要衔接: the same-subject plan of the nearest region above whose period overlaps."""
    for ancestor in plan.region.ancestors():
        upper = (Plan.objects.filter(region=ancestor, subject=plan.subject,
                                     start_year__lte=plan.end_year, end_year__gte=plan.start_year)
                 .order_by("-end_year").first())
        if upper is not None:
            return upper
    return None


def _better_of(t: dict) -> str:
    if t["kind"] in ("threshold", "comparison"):
        return {">=": Better.HIGHER, ">": Better.HIGHER, "<=": Better.LOWER, "<": Better.LOWER}.get(t["op"], Better.NEUTRAL)
    return {"increase": Better.HIGHER, "decrease": Better.LOWER}.get(t.get("direction"), Better.NEUTRAL)


def values_unit(t: dict) -> str:
    """The unit of the indicator's yearly values as far as one plan/v1 target tells ("" when it
    does not): 降低20% is a relative change of a level in some other unit (儿童伤害死亡率 in
    1/10万), 降低0.5个百分点 moves a level in %, and a ratio (1:3) names no unit of a value."""
    unit = t.get("unit") or ""
    if t.get("kind") == "change":
        return {"%": "", "百分点": "%"}.get(unit, unit)
    return "" if unit in ("百分点", "ratio") else unit


def _indicator_for(plan: Plan, t: dict, indicators: dict[str, Indicator]) -> Indicator:
    """The monitoring indicator a target names (`indicators` remembers this import's answers).

    A quantity of the national catalogue is one indicator for every plan and region; one the
    catalogue lacks is the region's own, found by name and unit in the plan's region or a region
    above it (a county's plan follows its city's), else made for the plan's region."""
    name = t["indicator"].strip()
    indicator = indicators.get(name)
    unit = values_unit(t)
    if indicator is None:
        standard = match_standard(name, unit, plan.subject)
        if standard is not None:
            indicator = Indicator.objects.filter(standard=standard).order_by("pk").first() or \
                indicator_from_standard(standard, _better_of(t))
        else:
            owners = [plan.region, *plan.region.ancestors()]
            found = {i.owner_id: i for i in Indicator.objects.filter(name=name, standard__isnull=True,
                                                                     owner__in=owners, unit__in=[unit, ""])}
            indicator = next((found[r.pk] for r in owners if r.pk in found), None) or Indicator.objects.create(
                name=name, unit=unit, better=_better_of(t), owner=plan.region)
        indicators[name] = indicator
    if unit and not indicator.unit:
        indicator.unit = unit
        indicator.save(update_fields=["unit"])
    return indicator


def indicator_from_standard(standard: StandardIndicator, better: str | None = None) -> Indicator:
    """The monitoring indicator of a catalogue entry, with its explanation and roll-up."""
    return Indicator.objects.create(
        name=standard.name, unit=standard.unit, better=better or standard.better, standard=standard,
        by_sex=standard.by_sex, by_area=standard.by_area, definition=standard.definition,
        method=standard.method, data_source=standard.data_source, rollup=standard.rollup, scale=standard.scale)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _target_row(goal: Goal, position: int, t: dict, indicator: Indicator) -> Target:
    value = t.get("value")
    evidence = t.get("evidence") or {}
    baseline = t.get("baseline") or {}
    wording = t["indicator"].strip()
    return Target(
        goal=goal, indicator=indicator, indicator_name="" if wording == indicator.name else wording,
        position=position, kind=t["kind"], op=t.get("op"),
        value=None if isinstance(value, str) else _decimal(value),
        ratio=value if isinstance(value, str) else None,
        unit=t.get("unit"), direction=t.get("direction"), reference=t.get("reference"),
        base_year=t.get("base_year"), per_year=t.get("per_year"), year=t.get("year"), note=t.get("note"),
        baseline_year=baseline.get("year"), baseline_value=_decimal(baseline.get("value")),
        evidence_start=evidence.get("start"), evidence_end=evidence.get("end"),
        evidence_line=evidence.get("line"), evidence_text=evidence.get("text"), review=t.get("review"),
    )


# ---------------------------------------------------------------- publishing

def publish_plan(user, plan: Plan, published: bool) -> Plan:
    """The committee office publishes a plan's results to the public (or withdraws them); recorded."""
    if not can(user, Action.MANAGE_PLAN, plan):
        raise PermissionDenied
    with transaction.atomic():
        plan.published = published
        plan.save(update_fields=["published", "updated_at"])
        record(user, "plan.publish" if published else "plan.unpublish", plan)
    return plan


# ---------------------------------------------------------------- export

def _number(value: Decimal) -> int | float:
    """A stored decimal as the JSON number it came from (12, not 12.000000)."""
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def target_to_dict(t: Target) -> dict:
    out: dict[str, Any] = {"indicator": t.indicator_name or t.indicator.name, "kind": t.kind}
    if t.op is not None:
        out["op"] = t.op
    if t.ratio is not None:
        out["value"] = t.ratio
    elif t.value is not None:
        out["value"] = _number(t.value)
    for key in ("unit", "direction", "reference", "base_year", "per_year", "year", "note"):
        if getattr(t, key) is not None:
            out[key] = getattr(t, key)
    if t.baseline_year is not None and t.baseline_value is not None:
        out["baseline"] = {"year": t.baseline_year, "value": _number(t.baseline_value)}
    if t.evidence_start is not None:
        evidence = {"start": t.evidence_start, "end": t.evidence_end}
        if t.evidence_line is not None:
            evidence["line"] = t.evidence_line
        if t.evidence_text is not None:
            evidence["text"] = t.evidence_text
        out["evidence"] = evidence
    if t.review is not None:
        out["review"] = t.review
    return out


def plan_to_dict(plan: Plan) -> dict:
    """One PLAN of plan/v1, read with a fixed number of queries."""
    domains = list(plan.domains.order_by("position"))
    goals = Goal.objects.filter(domain__plan=plan).order_by("domain_id", "position")
    targets = (Target.objects.filter(goal__domain__plan=plan).select_related("indicator")
               .order_by("goal_id", "position"))
    targets_of: dict[int, list[dict]] = {}
    for t in targets:
        targets_of.setdefault(t.goal_id, []).append(target_to_dict(t))
    items_of: dict[int, list[Goal]] = {}
    for g in goals:
        items_of.setdefault(g.domain_id, []).append(g)
    out_domains = []
    for d in domains:
        out = {"code": d.code, "name": d.name, "goals": [], "measures": []}
        for g in items_of.get(d.pk, []):
            if g.kind == GoalKind.MEASURE:
                out["measures"].append({"code": g.code, "title": g.title, "text": g.text,
                                        "targets": targets_of.get(g.pk, [])})
            else:
                out["goals"].append({"code": g.code, "text": g.text, "targets": targets_of.get(g.pk, [])})
        out_domains.append(out)
    return {"title": plan.title, "region": plan.region_name, "subject": plan.subject,
            "period": {"start": plan.start_year, "end": plan.end_year}, "domains": out_domains}


def export_document(plans: list[Plan]) -> dict:
    """plan/v1 document of plans that share a source (or a single plan)."""
    if not plans:
        raise PlanImportError(["没有要导出的纲要"])
    return {"format": planformat.FORMAT, "source": plans[0].source,
            "plans": [plan_to_dict(p) for p in sorted(plans, key=lambda p: p.position)]}

