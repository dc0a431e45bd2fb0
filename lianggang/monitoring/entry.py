"""Entering values (填报): the one path by which a department's values of a round are checked and written.

Every way values come in for a round — the entry page, the Excel form and a department's CSV, the
API, the commands, the demo — builds `Entry`s and calls `write_entries` (one cell: `enter_value`).
So a rule added here acts everywhere. What is checked, in one place:

- the user may enter the department's values (accounts.permissions, asked before anything else);
- the round is open and the department's submission is being drafted (not submitted or approved);
- each indicator is owed by the department in the round, each cell given once;
- each cell exists for its indicator, its number is one the unit allows and the database holds
  exactly (monitoring.rules), its source fits;
- the stored value may still be changed (draft or returned: `EDITABLE`), and nobody saved it since
  the person read it (`expected_version`);
- the indicator's cells agree with each other once the new values are in (女+男=合计 …).

Every problem is found at once, each tied to the entry it concerns (`EntryProblem.index`), so a page
marks its rows, an upload lists its rows and the API names the item; nothing is written unless there
is none. The bulk loader (bulk.py) writes a million rows with COPY, but asks the same cell checks
(rules) and the same state rule (`may_overwrite`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, require
from lianggang.audit.services import user_name
from lianggang.monitoring import rules
from lianggang.monitoring.errors import (InvalidValue, MonitoringError, NotFound, StaleVersion, WrongState)
from lianggang.monitoring.models import (FLAG_CODES, ChangeAction, ConsistencyRule, Round, Submission,
                                         SubmissionState, Value, ValueChange, ValueState, cell_label, flag_fields,
                                         source_error)
from lianggang.monitoring.tabular import format_decimal
from lianggang.plans.models import Indicator
from lianggang.regions.models import Department

EDITABLE = (ValueState.DRAFT, ValueState.RETURNED)           # a value a department may still change
WRITTEN_FIELDS = ("value", "note", "source", *FLAG_CODES, "version", "updated_by", "updated_at", "state", "submission")
OPEN_SUBMISSION = (SubmissionState.DRAFT, SubmissionState.RETURNED)


def may_overwrite(stored_state: str, new_state: str, overwrite_approved: bool = False) -> bool:
    """May a value in `stored_state` be replaced by one in `new_state`? Never while the bureau reviews
    it; an approved (locked) value only by approved data loaded with the explicit `overwrite_approved`
    (the bureau's own reload, with a reason recorded in every value's history)."""
    if stored_state == ValueState.SUBMITTED:
        return False
    if stored_state == ValueState.APPROVED:
        return new_state == ValueState.APPROVED and overwrite_approved
    return True


@dataclass(frozen=True)
class Entry:
    """One cell as a person or a file gives it.

    `text` is the number as typed or read (str, or a number from a spreadsheet): it is checked here.
    `note`, `source` and `flags` (the codes of models.FLAGS that are on) replace the stored ones;
    None keeps them. `expected_version` is the version the person read: 0 for a cell they saw
    empty, None when the file does not say (a CSV) — then any editable value is replaced."""
    indicator: Indicator
    cell: rules.Cell
    text: object
    note: str | None = None
    source: str | None = None
    flags: frozenset[str] | None = None
    expected_version: int | None = None

    @property
    def number(self) -> Decimal | None:
        return rules.parse_number(self.text)


@dataclass(frozen=True)
class EntryProblem:
    """Why an entry (index into the batch; None: the whole batch) cannot be saved. `error` is the
    kind of refusal (StaleVersion: someone else saved first — the API answers 409)."""
    index: int | None
    field: str
    message: str
    error: type[MonitoringError] = InvalidValue
    subject: str = ""         # 婴儿死亡率（女）: what the message is about, for lists of problems
    stored: Value | None = None   # for StaleVersion: the value as someone else saved it

    @property
    def described(self) -> str:
        """The message with what it concerns: 婴儿死亡率（女）：…"""
        return _("%(indicator)s：%(message)s") % {"indicator": self.subject, "message": self.message} \
            if self.subject else self.message

    def exception(self) -> MonitoringError:
        return self.error(self.message, self.field)


class EntriesRefused(MonitoringError):
    """A batch refused as a whole: `problems` lists every reason (nothing was saved)."""

    def __init__(self, problems: list[EntryProblem]):
        # Translators: joins two messages ("; " in English)
        super().__init__(_("；").join(p.described for p in problems[:5]), problems[0].field)
        self.problems = problems

    @property
    def stale(self) -> bool:
        return any(p.error is StaleVersion for p in self.problems)


@dataclass
class Written:
    values: list[Value]       # the batch's values as stored now, in the order of the entries
    written: int              # how many were created or changed
    unchanged: int            # entries that asked for what was already stored


# -- what validation knows of indicators ----------------------------------------------------------

def indicator_metas(indicators: Iterable[Indicator]) -> dict[int, rules.IndicatorMeta]:
    """What validation knows of each indicator, with the rules declared for it (one query).
    Every path that checks values (entry, submit, the bulk loader) reads it here."""
    indicators = list(indicators)
    declared: dict[int, list[ConsistencyRule]] = {}
    for rule in ConsistencyRule.objects.filter(indicator__in=indicators):
        declared.setdefault(rule.indicator_id, []).append(rule)
    return {i.pk: rules.IndicatorMeta.of(i, declared.get(i.pk, ())) for i in indicators}


def submission_for(rnd: Round, department: Department) -> Submission:
    sub, _created = Submission.objects.get_or_create(round=rnd, department=department)
    return sub


# -- checking ------------------------------------------------------------------------------------

def _subject(entry: Entry) -> str:
    cell = entry.cell
    if (cell.sex, cell.area, cell.age_group) == (rules.TOTAL, rules.TOTAL, ""):
        return entry.indicator.name
    return _("%(indicator)s（%(cell)s）") % {"indicator": entry.indicator.name,
                                           "cell": cell_label(cell.sex, cell.area, cell.age_group)}


def _batch_problems(rnd: Round, sub: Submission) -> list[EntryProblem]:
    if not rnd.is_open:
        return [EntryProblem(None, "round", _("本次年度监测已关闭填报"), WrongState)]
    if sub.state not in OPEN_SUBMISSION:
        message = (_("本单位填报%(state)s，不能修改（已锁定，如需更正，请统计局重新开放）")
                   if sub.state == SubmissionState.APPROVED else _("本单位填报%(state)s，不能修改（待审核）"))
        return [EntryProblem(None, "state", message % {"state": sub.get_state_display()}, WrongState)]
    return []


def _entry_problems(index: int, e: Entry, meta: rules.IndicatorMeta, stored: Value | None) -> list[EntryProblem]:
    subject = _subject(e)
    found = [EntryProblem(index, f.field, f.message, InvalidValue, subject)
             for f in rules.validate_cell(meta, e.cell, e.text) if f.blocking]
    message = source_error(e.source) if e.source else None
    if message:
        found.append(EntryProblem(index, "source", message, InvalidValue, subject))
    if e.flags is not None and not e.flags <= set(FLAG_CODES):
        raise ValueError(f"not a flag: {', '.join(sorted(e.flags - set(FLAG_CODES)))}")
    if stored is None:
        if e.expected_version not in (None, 0):
            found.append(EntryProblem(index, "version", _("该数据已被删除或尚未保存，请刷新后重试"), StaleVersion, subject))
        return found
    if stored.state not in EDITABLE:
        message = (_("该数据%(state)s，不能修改（如需更正，请统计局重新开放）")
                   if stored.state == ValueState.APPROVED else _("该数据%(state)s，不能修改"))
        found.append(EntryProblem(index, "state", message % {"state": stored.get_state_display()}, WrongState,
                                  subject))
    elif e.expected_version is not None and e.expected_version != stored.version:
        found.append(EntryProblem(index, "version", _(
            "该数据已被%(user)s于%(time)s修改（当前为%(value)s，第%(version)s版），请刷新后再保存") % {
                "user": stored.updated_by or _("他人"),
                "time": f"{timezone.localtime(stored.updated_at):%Y-%m-%d %H:%M}",
                "value": format_decimal(stored.value), "version": stored.version}, StaleVersion, subject, stored))
    return found


def _consistency_problems(entries: list[Entry], metas, stored: dict[tuple, Value]) -> list[EntryProblem]:
    """The indicator's cells as they would be once the batch is saved (stored ones, then the new)."""
    merged: dict[int, dict[rules.Cell, Decimal]] = {}
    where: dict[int, int] = {}
    for (ind_id, sex, area, age), v in stored.items():
        merged.setdefault(ind_id, {})[rules.Cell(sex, area, age)] = v.value
    for i, e in enumerate(entries):
        number = e.number
        if number is None:
            continue
        merged.setdefault(e.indicator.pk, {})[e.cell] = number
        if e.indicator.pk not in where or e.cell == rules.Cell():
            where[e.indicator.pk] = i
    problems = []
    for ind_id, index in where.items():
        for f in rules.check_consistency(metas[ind_id], merged[ind_id]):
            problems.append(EntryProblem(index, f.field, f.message, InvalidValue, entries[index].indicator.name))
    return problems


def _stored(rnd: Round, entries: list[Entry], *, lock: bool) -> dict[tuple, Value]:
    values = Value.objects.filter(indicator_id__in={e.indicator.pk for e in entries}, region=rnd.region,
                                  year=rnd.year).select_related("updated_by")
    if lock:
        values = values.select_for_update(of=("self",))
    return {(v.indicator_id, v.sex, v.area, v.age_group): v for v in values}


def _key(e: Entry) -> tuple:
    return (e.indicator.pk, e.cell.sex, e.cell.area, e.cell.age_group)


def _key_of(v: Value) -> tuple:
    return (v.indicator_id, v.sex, v.area, v.age_group)


def _check(rnd: Round, department: Department, sub: Submission, entries: list[Entry],
           stored: dict[tuple, Value]) -> list[EntryProblem]:
    problems = _batch_problems(rnd, sub)
    if problems:              # a closed round or a locked submission: the one answer for every cell
        return problems
    owed = set(rnd.obligations.filter(department=department).values_list("indicator_id", flat=True))
    metas = indicator_metas({e.indicator.pk: e.indicator for e in entries}.values())
    seen: set[tuple] = set()
    for i, e in enumerate(entries):
        if e.indicator.pk not in owed:
            problems.append(EntryProblem(i, "indicator", _("指标“%(indicator)s”不是%(department)s本次应填报的指标")
                                         % {"indicator": e.indicator.name, "department": department.name},
                                         NotFound))
            continue
        if _key(e) in seen:
            problems.append(EntryProblem(i, "indicator", _("“%(indicator)s”的同一分组填报了两次")
                                         % {"indicator": _subject(e)}))
            continue
        seen.add(_key(e))
        problems += _entry_problems(i, e, metas[e.indicator.pk], stored.get(_key(e)))
    if not any(p.index is not None for p in problems):
        problems += _consistency_problems(entries, metas, stored)
    return problems


def check_entries(user, rnd: Round, department: Department, entries: list[Entry]) -> list[EntryProblem]:
    """Every problem `write_entries` would refuse the batch for (nothing is written). Raises
    PermissionDenied when the user may not enter the department's values at all."""
    sub = submission_for(rnd, department)
    require(user, Action.EDIT_VALUE, _probe(rnd, sub, entries))
    return _check(rnd, department, sub, entries, _stored(rnd, entries, lock=False))


def _probe(rnd: Round, sub: Submission, entries: list[Entry]) -> Value:
    """A value of the department's submission: what the permission rule is asked about."""
    return Value(indicator=entries[0].indicator if entries else None, region=rnd.region, year=rnd.year,
                 submission=sub)


# -- writing ---------------------------------------------------------------------------------------

def _unchanged(v: Value, e: Entry, number: Decimal) -> bool:
    return (v.value == number and v.state == ValueState.DRAFT
            and (e.note is None or v.note == e.note) and (e.source is None or v.source == e.source)
            and (e.flags is None or set(v.flag_codes) == e.flags))


def _apply(v: Value, e: Entry, number: Decimal, user, now, sub: Submission) -> None:
    v.value, v.state, v.submission, v.updated_by, v.updated_at = number, ValueState.DRAFT, sub, user, now
    if e.note is not None:
        v.note = e.note
    if e.source is not None:
        v.source = e.source
    if e.flags is not None:
        for code, on in flag_fields(e.flags).items():
            setattr(v, code, on)


def write_entries(user, rnd: Round, department: Department, entries: list[Entry], *, reason: str = "") -> Written:
    """Check and write a department's cells of a round, all or none.

    Raises PermissionDenied when the user may not enter them, EntriesRefused with every problem
    otherwise. Checked under row locks, so two people saving at once cannot overwrite each other."""
    if not entries:
        return Written([], 0, 0)
    sub = submission_for(rnd, department)
    require(user, Action.EDIT_VALUE, _probe(rnd, sub, entries))
    now = timezone.now()
    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=sub.pk)
        stored = _stored(rnd, entries, lock=True)
        problems = _check(rnd, department, sub, entries, stored)
        if problems:
            raise EntriesRefused(problems)
        new, changed, history, unchanged = [], [], [], 0
        entries_by_key = {_key(e): i for i, e in enumerate(entries)}
        for e in entries:
            number, v = e.number, stored.get(_key(e))
            if v is None:
                v = Value(indicator=e.indicator, region=rnd.region, year=rnd.year, sex=e.cell.sex, area=e.cell.area,
                          age_group=e.cell.age_group, unit=e.indicator.unit, version=1)
                _apply(v, e, number, user, now, sub)
                new.append(v)
            elif _unchanged(v, e, number):
                unchanged += 1
            else:
                history.append(ValueChange(value=v, action=ChangeAction.ENTERED, old_value=v.value, new_value=number,
                                           old_state=v.state, new_state=ValueState.DRAFT, reason=reason, user=user,
                                           user_name=user_name(user)))
                _apply(v, e, number, user, now, sub)
                v.version += 1
                changed.append(v)
        try:
            with transaction.atomic():   # a savepoint: a concurrent first save hits the unique cell
                Value.objects.bulk_create(new)
        except IntegrityError:
            raise EntriesRefused([EntryProblem(None, "version", _("有数据刚被他人录入，请刷新后再保存"), StaleVersion)])
        if any(v.pk is None for v in new):   # a backend that cannot return keys from a bulk insert
            created = _stored(rnd, entries, lock=False)
            for v in new:
                v.pk = created[_key_of(v)].pk
        for v in changed:
            # Conditional on the version read: of two concurrent saves exactly one matches, whatever
            # the database's locking (SQLite has no row locks).
            fields = {name: getattr(v, name) for name in WRITTEN_FIELDS}
            if Value.objects.filter(pk=v.pk, version=v.version - 1).update(**fields) != 1:
                raise EntriesRefused([EntryProblem(entries_by_key[_key_of(v)], "version",
                                                   _("该数据刚被他人修改，请刷新后再保存"), StaleVersion,
                                                   v.indicator.name)])
        history += [ValueChange(value=v, action=ChangeAction.ENTERED, old_value=None, new_value=v.value, old_state="",
                                new_state=v.state, reason=reason, user=user) for v in new]
        ValueChange.objects.bulk_create(history)
    by_key = {**stored, **{_key_of(v): v for v in new}}
    return Written([by_key[_key(e)] for e in entries], len(new) + len(changed), unchanged)


def enter_value(user, rnd: Round, indicator: Indicator, text, *, sex: str = rules.TOTAL, area: str = rules.TOTAL,
                age_group: str = "", expected_version: int | None = 0, note: str | None = None,
                source: str | None = None, flags: Iterable[str] | dict | None = None, reason: str = "") -> Value:
    """Enter or change one value (write_entries for one cell). `expected_version` is the version the
    user read (0: a new value); a single refusal is raised as its own kind (InvalidValue,
    StaleVersion, WrongState, NotFound). `flags` are flag codes (or {code: on} — codes left out
    are then kept)."""
    ob = rnd.obligations.filter(indicator=indicator).select_related("department").first()
    if ob is None:
        raise NotFound(_("指标“%(indicator)s”不在本次监测的填报任务中") % {"indicator": indicator.name}, "indicator")
    if isinstance(flags, dict):
        if not set(flags) <= set(FLAG_CODES):
            raise ValueError(f"not a flag: {', '.join(sorted(set(flags) - set(FLAG_CODES)))}")
        stored = Value.objects.filter(indicator=indicator, region=rnd.region, year=rnd.year, sex=sex, area=area,
                                      age_group=age_group).first()
        kept = set(stored.flag_codes) if stored else set()
        flags = {c for c in FLAG_CODES if flags.get(c, c in kept)}
    entry = Entry(indicator, rules.Cell(sex, area, age_group), text, note, source,
                  None if flags is None else frozenset(flags), expected_version)
    try:
        return write_entries(user, rnd, ob.department, [entry], reason=reason).values[0]
    except EntriesRefused as refused:
        problems = refused.problems
        if len(problems) == 1 or all(p.error is problems[0].error for p in problems):
            # Translators: joins two messages about one value ("; " in English)
            raise problems[0].error(_("；").join(p.message for p in problems), problems[0].field,
                                    [p for p in problems]) from None
        raise
