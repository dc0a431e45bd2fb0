"""Use cases of annual monitoring: each checks permission, writes in one transaction and logs a ValueChange."""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from typing import IO, Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, allowed_rows, require
from lianggang.audit.services import record, user_name
from lianggang.lib.spreadsheet import csv_row
from lianggang.monitoring import rules, upward
from lianggang.monitoring.errors import InvalidValue, ValidationFailed, WrongState
from lianggang.monitoring.entry import indicator_metas, submission_for
from lianggang.monitoring.models import (ChangeAction, ConsistencyRule, Obligation, ReviewComment, Round, RuleKind,
                                         Submission, SubmissionState, Value, ValueChange, ValueState, cell_label,
                                         chinese_display)
from lianggang.notify import services as notify
from lianggang.plans.models import Indicator, Plan
from lianggang.regions.models import Department, Region


def _log(value: Value, action: str, user, old_value=None, old_state: str = "", reason: str = "") -> ValueChange:
    return ValueChange.objects.create(value=value, action=action, old_value=old_value, new_value=value.value,
                                      old_state=old_state, new_state=value.state, reason=reason, user=user,
                                      user_name=user_name(user))


# -- rounds and obligations -------------------------------------------------------------

def open_round(user, region: Region, year: int, deadline: dt.date | None = None,
               today: dt.date | None = None) -> Round:
    """Open a region's year: every indicator the plans in force there watch (its own and those
    above it) is owed by its responsible department (responsible_departments); the rest wait for
    the office to assign them."""
    require(user, Action.OPEN_ROUND, region)
    plans = Plan.objects.in_force(region, year)
    if not plans.exists():
        raise InvalidValue(_("%(region)s及其上级没有覆盖%(year)s年的纲要（规划），不能开启该年度的监测")
                           % {"region": region.name, "year": year}, "year")
    if deadline is not None and deadline < (today or timezone.localdate()):
        raise InvalidValue(_("截止日期%(deadline)s已过，请选择今天或以后的日期") % {"deadline": deadline}, "deadline")
    indicators = list(Indicator.objects.of_plans(plans))
    with transaction.atomic():
        if Round.objects.filter(region=region, year=year).exists():
            raise WrongState(_("%(region)s%(year)s年的年度监测已开启") % {"region": region.name, "year": year}, "year")
        rnd = Round.objects.create(region=region, year=year, deadline=deadline, opened_by=user)
        for indicator_id, department in responsible_departments(region, indicators).items():
            if department is not None:
                Obligation.objects.create(round=rnd, department=department, indicator_id=indicator_id)
                Submission.objects.get_or_create(round=rnd, department=department)
        record(user, "round.open", rnd, year=year, deadline=deadline.isoformat() if deadline else None)
        notify.round_opened(rnd)
    return rnd


def close_round(user, rnd: Round) -> Round:
    """Stop the year's entry: fillers see their forms read-only; review and reports go on."""
    require(user, Action.CLOSE_ROUND, rnd)
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        if not rnd.is_open:
            raise WrongState(_("%(round)s已关闭") % {"round": rnd}, "round")
        rnd.is_open = False
        rnd.save(update_fields=["is_open"])
        record(user, "round.close", rnd, year=rnd.year)
    return rnd


def reopen_round(user, rnd: Round, deadline: dt.date | None = None, today: dt.date | None = None) -> Round:
    """Open a closed year again for entry, with a new deadline (not in the past) if given."""
    require(user, Action.CLOSE_ROUND, rnd)
    if deadline is not None and deadline < (today or timezone.localdate()):
        raise InvalidValue(_("截止日期%(deadline)s已过，请选择今天或以后的日期") % {"deadline": deadline}, "deadline")
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        if rnd.is_open:
            raise WrongState(_("%(round)s正在填报中，无需重新开放") % {"round": rnd}, "round")
        rnd.is_open = True
        fields = ["is_open"]
        if deadline is not None:
            rnd.deadline = deadline
            fields.append("deadline")
        rnd.save(update_fields=fields)
        record(user, "round.reopen", rnd, year=rnd.year, deadline=rnd.deadline.isoformat() if rnd.deadline else None)
    return rnd


def delete_round(user, rnd: Round) -> None:
    """Remove a year opened by mistake: only while no department has entered a value for it."""
    require(user, Action.DELETE_ROUND, rnd)
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        entered = Value.objects.filter(region_id=rnd.region_id, year=rnd.year).filter(
            Q(submission__round=rnd) | Q(indicator__obligations__round=rnd)).distinct().count()
        if entered:
            raise WrongState(_("%(round)s已有 %(n)d 项填报数据，不能删除；可以关闭") % {"round": rnd, "n": entered},
                             "round")
        record(user, "round.delete", rnd, year=rnd.year)
        rnd.delete()


def responsible_departments(region: Region, indicators) -> dict[int, Department | None]:
    """Who reports each indicator in `region` (责任单位): whom the region's last round made owe it,
    else the region's department the national catalogue names for it; None where neither says."""
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    last = dict(Obligation.objects.filter(round__region=region, indicator_id__in=ids)
                .order_by("round__year").values_list("indicator_id", "department_id"))   # the latest wins
    departments = {d.pk: d for d in Department.objects.filter(region=region)}
    by_short = {d.short_name: d for d in departments.values()}
    out = {}
    for indicator in indicators:
        if indicator.pk in last:
            out[indicator.pk] = departments.get(last[indicator.pk])
        else:
            usual = indicator.standard.department if indicator.standard_id else ""
            out[indicator.pk] = by_short.get(usual)
    return out


def round_indicators(rnd: Round):
    """What a round collects: the indicators of the plans in force, and any the office added."""
    plans = Plan.objects.in_force(rnd.region, rnd.year)
    return Indicator.objects.filter(Q(pk__in=Indicator.objects.of_plans(plans).values("pk"))
                                    | Q(obligations__round=rnd)).distinct()


def unassigned_indicators(rnd: Round) -> list[Indicator]:
    """Indicators the round collects that no department owes yet: the office must assign them."""
    owed = rnd.obligations.values_list("indicator_id", flat=True)
    return list(round_indicators(rnd).exclude(pk__in=owed).order_by("name"))


def assign_indicator(user, rnd: Round, indicator: Indicator, department: Department, *,
                     audit: bool = True) -> Obligation:
    """Make `department` owe `indicator` in the round (the office's correction of the plan's default).
    `audit=False` when the caller records the whole act once (a bulk assignment)."""
    require(user, Action.MANAGE_ROUND, rnd)
    if department.region_id != rnd.region_id:
        raise InvalidValue(_("%(department)s不是%(region)s的成员单位") % {
            "department": department.name, "region": rnd.region.name}, "department")
    current = rnd.obligations.filter(indicator=indicator).first()
    if current is not None and current.department_id == department.pk:
        return current
    if current is not None and _round_values(rnd, indicator).exists():
        # The values were entered in the first department's submission: moving them is a data change.
        raise WrongState(_("该指标已有填报数据，不能改由其他单位填报"), "indicator")
    with transaction.atomic():
        ob, _created = Obligation.objects.update_or_create(round=rnd, indicator=indicator,
                                                           defaults={"department": department})
        Submission.objects.get_or_create(round=rnd, department=department)
        if audit:
            record(user, "round.assign", rnd, indicator=indicator.name, indicator_id=indicator.pk,
                   department=department.name, previous=current.department.name if current else None)
    return ob


def unassign_indicator(user, rnd: Round, indicator: Indicator, *, audit: bool = True) -> None:
    require(user, Action.MANAGE_ROUND, rnd)
    if _round_values(rnd, indicator).exists():
        raise WrongState(_("该指标已有填报数据，不能取消分配"), "indicator")
    with transaction.atomic():
        rnd.obligations.filter(indicator=indicator).delete()
        if audit:
            record(user, "round.unassign", rnd, indicator=indicator.name, indicator_id=indicator.pk)


def _round_values(rnd: Round, indicator: Indicator):
    return Value.objects.filter(indicator=indicator, region=rnd.region, year=rnd.year)


def set_obligations(user, rnd: Round, departments: dict[int, int | None]) -> int:
    """The office's whole assignment at once (indicator id → department id, None: nobody), all or
    nothing; returns how many indicators changed hands. The caller records the act once."""
    require(user, Action.MANAGE_ROUND, rnd)
    indicators = {i.pk: i for i in round_indicators(rnd)}
    region_departments = {d.pk: d for d in Department.objects.filter(region=rnd.region)}
    owed = dict(rnd.obligations.values_list("indicator_id", "department_id"))
    changed = 0
    with transaction.atomic():
        for indicator_id, department_id in departments.items():
            if indicator_id not in indicators:
                raise InvalidValue(_("该指标不在本次年度监测的纲要之中"), "indicator")
            if owed.get(indicator_id) == department_id:
                continue
            if department_id is None:
                unassign_indicator(user, rnd, indicators[indicator_id], audit=False)
            elif department_id not in region_departments:
                raise InvalidValue(_("所选单位不是%(region)s的成员单位") % {"region": rnd.region.name}, "department")
            else:
                assign_indicator(user, rnd, indicators[indicator_id], region_departments[department_id], audit=False)
            changed += 1
    return changed


# -- validation over a submission ---------------------------------------------------------

@dataclass
class ValueFinding:
    value: Value
    finding: rules.Finding


def validate_submission(sub: Submission) -> list[ValueFinding]:
    """Every finding on the submission's values: cell and range errors, consistency, and warnings."""
    rnd = sub.round
    out: list[ValueFinding] = []
    values = list(sub.values.select_related("indicator"))
    by_ind: dict[int, dict[rules.Cell, Value]] = {}
    for v in values:
        by_ind.setdefault(v.indicator_id, {})[rules.Cell(v.sex, v.area, v.age_group)] = v
    siblings_region_ids = list(Region.objects.filter(parent_id=rnd.region.parent_id).values_list("id", flat=True)) \
        if rnd.region.parent_id else [rnd.region_id]
    metas = indicator_metas({v.indicator_id: v.indicator for v in values}.values())
    for ind_id, cells in by_ind.items():
        ind = next(iter(cells.values())).indicator
        meta = metas[ind_id]
        for cell, v in cells.items():
            for f in rules.validate_cell(meta, cell, v.value):
                out.append(ValueFinding(v, f))
        for f in rules.check_consistency(meta, {c: v.value for c, v in cells.items()}):
            out.append(ValueFinding(cells.get(rules.Cell()) or next(iter(cells.values())), f))
        for cell, v in cells.items():
            prev = Value.objects.filter(indicator_id=ind_id, region=rnd.region, year=rnd.year - 1, sex=cell.sex,
                                        area=cell.area, age_group=cell.age_group).values_list("value", flat=True).first()
            siblings = list(Value.objects.filter(indicator__name=ind.name, region_id__in=siblings_region_ids,
                                                 year=rnd.year, sex=cell.sex, area=cell.area,
                                                 age_group=cell.age_group).values_list("value", flat=True))
            for f in rules.warnings_for(meta, v.value, prev, siblings):
                out.append(ValueFinding(v, f))
    for rule in ConsistencyRule.objects.filter(indicator_id__in=by_ind, kind=RuleKind.PART_LE_WHOLE, active=True):
        part = by_ind[rule.indicator_id].get(rules.Cell())
        whole = Value.objects.filter(indicator=rule.whole, region=rnd.region, year=rnd.year, sex="total",
                                     area="total", age_group="").first()
        if part and whole:
            for f in rules.check_part_le_whole(rule.indicator.name, part.value, rule.whole.name, whole.value):
                out.append(ValueFinding(part, f))
    return out


def _describe(vf: ValueFinding) -> str:
    """One line of a refused submit, in the active language: 出生人口数（女）：女性（580）与男性…"""
    v = vf.value
    if (v.sex, v.area, v.age_group) == ("total", "total", ""):
        return _("%(indicator)s：%(message)s") % {"indicator": v.indicator.name, "message": vf.finding.message}
    return _("%(indicator)s（%(cell)s）：%(message)s") % {
        "indicator": v.indicator.name, "cell": cell_label(v.sex, v.area, v.age_group), "message": vf.finding.message}


# -- the submission's life -----------------------------------------------------------------

def _set_values_state(user, sub: Submission, state: str, action: str, reason: str = "",
                      only: Iterable[Value] | None = None) -> None:
    for v in (only if only is not None else sub.values.all()):
        old = v.state
        Value.objects.filter(pk=v.pk).update(state=state, version=F("version") + 1, updated_by=user,
                                             updated_at=timezone.now())
        v.refresh_from_db()
        _log(v, action, user, v.value, old, reason)


def submit(user, sub: Submission) -> list[rules.Finding]:
    """Hand the department's values to the statistics bureau. Errors refuse; so do warnings on values without a note."""
    require(user, Action.SUBMIT, sub)
    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=sub.pk)
        if sub.state not in (SubmissionState.DRAFT, SubmissionState.RETURNED):
            raise WrongState(_("填报%(state)s，不能再次报送") % {"state": sub.get_state_display()}, "state")
        owed = set(sub.round.obligations.filter(department=sub.department).values_list("indicator_id", flat=True))
        entered = set(sub.values.values_list("indicator_id", flat=True))
        if not owed <= entered:
            missing = Indicator.objects.filter(pk__in=owed - entered).values_list("name", flat=True)
            # Translators: joins the items of a list (", " in English)
            names = _("、").join(missing)
            raise ValidationFailed(_("以下指标尚未填报：%(indicators)s") % {"indicators": names}, "values")
        found = validate_submission(sub)
        refusing = [vf for vf in found if vf.finding.blocking or not vf.value.note.strip()]
        if refusing:
            lines = "\n".join(_describe(vf) for vf in refusing)
            raise ValidationFailed(_("不能报送：\n%(problems)s") % {"problems": lines}, "values",
                                   [vf.finding for vf in refusing])
        _set_values_state(user, sub, ValueState.SUBMITTED, ChangeAction.SUBMITTED)
        sub.state, sub.submitted_at, sub.submitted_by = SubmissionState.SUBMITTED, timezone.now(), user
        sub.save(update_fields=["state", "submitted_at", "submitted_by"])
        notify.submission_waiting(sub)
    return [vf.finding for vf in found]


def contact_fields(head: str, filled_by: str, phone: str) -> dict[str, str]:
    """The contact block as Submission fields, refused (InvalidValue) when one is too long to keep:
    asked before anything of the form is written."""
    fields = {"head": head.strip(), "filled_by": filled_by.strip(), "phone": phone.strip()}
    for name, text in fields.items():
        limit = Submission._meta.get_field(name).max_length
        if len(text) > limit:
            raise InvalidValue(_("%(field)s不能超过%(limit)s个字") % {
                "field": Submission._meta.get_field(name).verbose_name, "limit": limit}, name)
    return fields


def set_contact(user, sub: Submission, head: str, filled_by: str, phone: str) -> Submission:
    """The form's 单位负责人, 填表人 and 联系电话 (printed on its copy), by the department that fills it."""
    require(user, Action.SUBMIT, sub)
    fields = contact_fields(head, filled_by, phone)
    changed = [n for n, t in fields.items() if getattr(sub, n) != t]
    if changed:
        for n in changed:
            setattr(sub, n, fields[n])
        sub.save(update_fields=changed)
        record(user, "submission.contact", sub, region=sub.round.region, fields=changed)
    return sub


def return_for_revision(user, sub: Submission, comment: str = "", value_comments: dict[Value, str] | None = None
                        ) -> Submission:
    """Send a submitted department back to drafting, with remarks per value."""
    require(user, Action.REVIEW, sub)
    value_comments = value_comments or {}
    if not comment.strip() and not value_comments:
        raise InvalidValue(_("退回时请填写审核意见"), "comment")
    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=sub.pk)
        if sub.state != SubmissionState.SUBMITTED:
            raise WrongState(_("填报%(state)s，只能退回已报送的填报") % {"state": sub.get_state_display()}, "state")
        for v, text in value_comments.items():
            if v.submission_id != sub.pk:
                raise InvalidValue(_("意见所指的数据不属于本填报"), "value")
            ReviewComment.objects.create(submission=sub, value=v, text=text, author=user)
        _set_values_state(user, sub, ValueState.RETURNED, ChangeAction.RETURNED, comment)
        sub.state, sub.comment, sub.reviewed_at, sub.reviewed_by = SubmissionState.RETURNED, comment, timezone.now(), user
        sub.save(update_fields=["state", "comment", "reviewed_at", "reviewed_by"])
        notify.submission_returned(sub)
    return sub


def approve(user, sub: Submission) -> Submission:
    """Approve a submitted department: its values are locked."""
    require(user, Action.REVIEW, sub)
    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=sub.pk)
        if sub.state != SubmissionState.SUBMITTED:
            raise WrongState(_("填报%(state)s，只能审核已报送的填报") % {"state": sub.get_state_display()}, "state")
        _set_values_state(user, sub, ValueState.APPROVED, ChangeAction.APPROVED)
        sub.comments.update(resolved=True)
        sub.state, sub.reviewed_at, sub.reviewed_by = SubmissionState.APPROVED, timezone.now(), user
        sub.save(update_fields=["state", "reviewed_at", "reviewed_by"])
        record(user, "submission.approve", sub, region=sub.round.region)
    return sub


def reopen_value(user, value: Value, reason: str) -> Value:
    """Unlock one approved value for correction; the reason is recorded. Its submission goes back to drafting."""
    require(user, Action.REOPEN_VALUE, value)
    if not reason.strip():
        raise InvalidValue(_("重新开放须说明原因"), "reason")
    with transaction.atomic():
        value = Value.objects.select_for_update().get(pk=value.pk)
        if value.state != ValueState.APPROVED:
            raise WrongState(_("只有已审核的数据需要重新开放"), "state")
        _set_values_state(user, value.submission, ValueState.DRAFT, ChangeAction.REOPENED, reason, only=[value])
        if value.submission_id:
            Submission.objects.filter(pk=value.submission_id).update(state=SubmissionState.RETURNED, comment=reason)
        rnd = Round.objects.filter(region_id=value.region_id, year=value.year).first()
        if rnd is not None:
            upward.reopen_report(rnd, reason)
        value.refresh_from_db()
    return value


# -- reading --------------------------------------------------------------------------------

def value_history(user, value: Value) -> list[ValueChange]:
    require(user, Action.VIEW_VALUE, value)
    return list(value.changes.select_related("user").order_by("at", "pk"))


HISTORY_COLUMNS = ["指标", "区划代码", "区划", "年度", "性别", "城乡", "年龄组", "动作", "原值", "新值", "原状态",
                   "新状态", "原因", "操作人", "时间"]


def history_rows(user, values) -> Iterable[list]:
    """Rows of the change history of every value in `values` the user may see (for CSV and Excel)."""
    for v in allowed_rows(user, Action.VIEW_VALUE, values).select_related("indicator", "region").order_by("indicator__name", "region__code", "year"):
        for c in v.changes.select_related("user").order_by("at", "pk"):
            yield [v.indicator.name, v.region.code, v.region.name, v.year,
                   chinese_display(v, "sex"), chinese_display(v, "area"), v.age_group,
                   chinese_display(c, "action"), c.old_value, c.new_value, chinese_display(c, "old_state"),
                   chinese_display(c, "new_state"), c.reason,
                   c.who, timezone.localtime(c.at).isoformat(timespec="seconds")]


def write_history_csv(user, values, out: IO[str]) -> int:
    w = csv.writer(out)
    w.writerow(HISTORY_COLUMNS)
    n = 0
    for row in history_rows(user, values):
        w.writerow(csv_row(row))
        n += 1
    return n


@dataclass
class CompletenessRow:
    department: Department
    owed: int
    entered: int
    submitted: int
    approved: int
    state: str
    late: bool
    submission: Submission | None = None   # the department's form (the pages link to it)


def completeness(rnd: Round, today: dt.date | None = None) -> list[CompletenessRow]:
    """Per department: indicators owed, entered, submitted, approved, and whether it is late."""
    today = today or timezone.localdate()
    rows = []
    depts = Department.objects.filter(pk__in=rnd.obligations.values("department_id")).order_by("short_name")
    for d in depts:
        owed = list(rnd.obligations.filter(department=d).values_list("indicator_id", flat=True))
        vals = Value.objects.filter(indicator_id__in=owed, region=rnd.region, year=rnd.year)
        def count(*states):
            qs = vals.filter(state__in=states) if states else vals
            return qs.values("indicator_id").distinct().count()
        sub = submission_for(rnd, d)
        submitted = count(ValueState.SUBMITTED, ValueState.APPROVED)
        late = bool(rnd.deadline and today > rnd.deadline
                    and sub.state not in (SubmissionState.SUBMITTED, SubmissionState.APPROVED))
        rows.append(CompletenessRow(d, len(owed), count(), submitted, count(ValueState.APPROVED),
                                    sub.get_state_display(), late, sub))
    return rows
