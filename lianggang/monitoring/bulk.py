"""Bulk loading of tidy values for the statistics bureau: many regions and departments in one file.

`load_values(user, plan, name, data)` reads a tidy CSV/xlsx (see tabular), checks
every row with the same rules as entry (rules.validate_cell's parts: the cell
must exist for the indicator, the number must be in the unit's range; plus the
consistency rules over each region-year's cells), and refuses the whole file with
a row report if anything blocks. Otherwise it writes every value in one
transaction with one history row per value (action `value.loaded`). The
report's messages are in the active language (gettext); the history's reason
stays Chinese. The optional columns 来源 and 标记 set each value's source and flags
(an unknown flag word is a problem of its row); a file without them leaves those of
existing values as they are (GivenColumns).

Speed: ids are looked up in dicts once, the per-cell check is cached per
(indicator, cell), and the write is set-based — on PostgreSQL a COPY into a temp
table and one INSERT … ON CONFLICT … DO UPDATE whose CTE also writes the
history; on SQLite bulk_create and executemany. On PostgreSQL the load streams:
a writer thread writes each checked chunk while the next is checked (the server
inserts on one core, Python checks on the other), all in one transaction that any
problem rolls back.
"""
from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import psycopg

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from lianggang.accounts.permissions import Action, allowed_rows, regions_where
from lianggang.lib.cells import AREA, ORDER, SEX, TOTAL
from lianggang.lib.gcpause import gc_paused, without_gc
from lianggang.monitoring import rules
from lianggang.monitoring.entry import indicator_metas, may_overwrite
from lianggang.monitoring.rules import cell_word_error
from lianggang.monitoring.models import (FLAG_CODES, SOURCE_MAX_LENGTH, ChangeAction, Value, ValueChange, ValueState,
                                         flag_fields, read_flags, source_error, unknown_flag_error)
from lianggang.monitoring.tabular import Problem, RawTable, Refused, read_tidy, refused_summary
from lianggang.plans.models import Indicator, Plan
from lianggang.regions.models import Region

LOADED = ChangeAction.LOADED.value   # a plain str: written into COPY rows
LOADABLE_STATES = (ValueState.DRAFT, ValueState.APPROVED)
MIN_YEAR = 1949
MAX_PROBLEMS = 100_000  # a file this broken is reported in part; nothing is saved either way
CHUNK = 250_000         # rows handed to the database writer at a time while the rest is checked


NO_FLAGS: frozenset[str] = frozenset()


class Batch(list):
    """Values to write: tuples (line, indicator_id, region_id, year, sex, area, age_group, value, unit, note,
    source, flags) — flags the frozenset of flag codes that are on (one shared object per distinct set).

    Tuples in a list, not objects: a million of them must be cheap."""

    def add(self, line: int, indicator_id: int, region_id: int, year: int, sex: str, area: str, age: str,
            value: Decimal, unit: str, note: str, source: str = "", flags: frozenset[str] = NO_FLAGS) -> None:
        self.append((line, indicator_id, region_id, year, sex, area, age, value, unit, note, source, flags))


@dataclass(frozen=True)
class GivenColumns:
    """Which optional columns a load's file has: those it has replace the stored source and flags
    (an empty cell clears them); those it lacks leave them as they are."""
    source: bool = False
    flags: bool = False

    @classmethod
    def of(cls, table: RawTable) -> "GivenColumns":
        return cls(source="source" in table.columns, flags="flags" in table.columns)


# A load holds a few distinct sets of flags: each one's fields are made once (read, never changed).
_flag_fields = lru_cache(maxsize=None)(flag_fields)


@lru_cache(maxsize=None)
def _flags_copy_text(flags: frozenset[str]) -> str:
    return "\t".join("t" if code in flags else "f" for code in FLAG_CODES)


@dataclass
class LoadResult:
    rows: int
    created: int
    updated: int


# -- who may load ------------------------------------------------------------------------------

def loadable_region_ids(user) -> set[int] | None:
    """Regions `user` may bulk-load values for (Action.LOAD_VALUES); None means every region.
    Refused at once when there is none."""
    allowed = regions_where(user, Action.LOAD_VALUES)
    if allowed is not None and not allowed:
        raise PermissionDenied(_("只有统计局监测组或系统管理员可以批量导入数据"))
    return allowed


# -- reading and checking ------------------------------------------------------------------------

def plan_region_codes(plan: Plan) -> dict[str, int]:
    """Code → id of the plan's region and every region below it."""
    ids = {plan.region_id} | plan.region.descendant_ids()
    return dict(Region.objects.filter(pk__in=ids).values_list("code", "id"))


@without_gc   # a million tuples, no cycles
def parse(table: RawTable, plan: Plan, allowed_region_ids: set[int] | None, *,
          on_chunk=None, before_query=None) -> tuple[Batch, list[Problem]]:
    """Every row of `table` checked; the batch of good rows and the problems of the others.

    Vectorised by caching: region, indicator and year texts are looked up in dicts
    built once; the cell check runs once per (indicator, cell) and the number and
    range checks once per (indicator, distinct value text).

    Streaming (load_values on PostgreSQL): while no row has failed, each CHUNK good rows
    are handed to `on_chunk` as they are checked, so the database writes them while the
    rest is read; `before_query` is called before the loop asks the database anything
    (only to word a region problem), since the writer holds the connection meanwhile."""
    sheet = table.sheet
    col = table.columns
    name = table.column_name
    problems: list[Problem] = []
    add_problem = problems.append
    batch = Batch()
    append = batch.append

    in_plan = plan_region_codes(plan)
    regions_ok = {c: i for c, i in in_plan.items() if allowed_region_ids is None or i in allowed_region_ids}
    plan_indicators = list(plan.indicators.all())
    metas = indicator_metas(plan_indicators)
    indicators = {i.name: (i.pk, metas[i.pk]) for i in plan_indicators}
    needs_consistency = {pk for pk, m in indicators.values() if m.has_consistency_checks}
    years: dict[str, int] = {}
    for y in range(MIN_YEAR, plan.end_year + 1):
        years[str(y)] = years[f"{y}.0"] = years[f"{y}年"] = y
    cell_checks: dict[tuple, list[rules.Finding]] = {}
    number_checks: dict[int, dict[str, tuple]] = {pk: {} for pk, _meta in indicators.values()}
    seen: dict[tuple, int] = {}
    consistency: dict[tuple, dict[tuple, Decimal]] = {}
    group_line: dict[tuple, int] = {}
    region_messages: dict[str, str] = {}   # these caches live for one call, so one language

    i_code, i_ind, i_year, i_value = col["region_code"], col["indicator"], col["year"], col["value"]
    i_sex, i_area, i_age, i_unit, i_note = (col.get(k) for k in ("sex", "area", "age_group", "unit", "note"))
    i_source, i_flags = col.get("source"), col.get("flags")
    flags_read: dict[str, tuple[frozenset[str], list[str]]] = {"": (NO_FLAGS, [])}
    width = max(col.values()) + 1
    parse_number, check_range = rules.parse_number, rules.check_range
    read_sex, read_area = SEX.read, AREA.read
    c_code, c_ind, c_year, c_value, c_unit = (name(k) for k in ("region_code", "indicator", "year", "value", "unit"))
    emitted = 0
    next_chunk = CHUNK if on_chunk is not None else -1

    for line, cells in enumerate(table.rows, start=table.first_line):
        if len(cells) < width:
            if not any(cells):
                continue
            cells = cells + [""] * (width - len(cells))
        bad = False
        code = cells[i_code]
        region_id = regions_ok.get(code)
        if region_id is None:
            code = code.strip()
            region_id = regions_ok.get(code)
            if region_id is None:
                if not any(cells):
                    continue
                msg = region_messages.get(code)
                if msg is None:
                    if before_query is not None:
                        before_query()
                    msg = region_messages[code] = _region_message(code, plan, in_plan)
                add_problem(Problem(sheet, line, c_code, msg))
                bad = True
        ind_name = cells[i_ind]
        ind = indicators.get(ind_name)
        if ind is None:
            ind_name = ind_name.strip()
            ind = indicators.get(ind_name)
            if ind is None:
                add_problem(Problem(sheet, line, c_ind, _("纲要中没有指标“%(indicator)s”") % {"indicator": ind_name}
                                    if ind_name else _("缺少指标名称")))
                bad = True
        year = years.get(cells[i_year])
        if year is None:
            year_text = cells[i_year].strip()
            year = years.get(year_text)
            if year is None:
                add_problem(Problem(sheet, line, c_year,
                                    _("年度“%(year)s”无效（应为%(first)s—%(last)s之间的四位年份）")
                                    % {"year": year_text, "first": MIN_YEAR, "last": plan.end_year}))
                bad = True
        sex = TOTAL if i_sex is None else read_sex(cells[i_sex])
        if sex is None:
            add_problem(Problem(sheet, line, name("sex"), cell_word_error(SEX, cells[i_sex])))
            bad = True
        area = TOTAL if i_area is None else read_area(cells[i_area])
        if area is None:
            add_problem(Problem(sheet, line, name("area"), cell_word_error(AREA, cells[i_area])))
            bad = True
        age = "" if i_age is None else cells[i_age].strip()
        source = "" if i_source is None else cells[i_source].strip()
        if len(source) > SOURCE_MAX_LENGTH:
            add_problem(Problem(sheet, line, name("source"), source_error(source)))
            bad = True
        flags = NO_FLAGS
        if i_flags is not None:
            read = flags_read.get(cells[i_flags])
            if read is None:
                read = flags_read[cells[i_flags]] = read_flags(cells[i_flags])
            flags, unknown = read
            for word in unknown:
                add_problem(Problem(sheet, line, name("flags"), unknown_flag_error(word)))
                bad = True
        value_text = cells[i_value]
        if ind is None:
            if parse_number(value_text) is None:
                add_problem(Problem(sheet, line, c_value, _not_a_number(value_text)))
            continue
        ind_id, meta = ind
        checked = number_checks[ind_id].get(value_text)
        if checked is None:
            number = parse_number(value_text) if value_text.strip() else None
            if number is None:
                found = [_not_a_number(value_text)]
            else:
                found = [f.message for f in check_range(meta, number)]
            checked = number_checks[ind_id][value_text] = (number, found)
        number, found = checked
        for message in found:
            add_problem(Problem(sheet, line, c_value, message))
            bad = True
        unit = "" if i_unit is None else cells[i_unit]
        if unit and unit != meta.unit and unit.strip() != meta.unit:
            add_problem(Problem(sheet, line, c_unit, _("单位“%(unit)s”与指标“%(indicator)s”的单位“%(expected)s”不符")
                                % {"unit": unit, "indicator": ind_name, "expected": meta.unit}))
            bad = True
        if sex is not None and area is not None:
            ck = (ind_id, sex, area, age)
            cell_found = cell_checks.get(ck)
            if cell_found is None:
                cell_found = cell_checks[ck] = rules.check_cell(meta, rules.Cell(sex, area, age))
            for f in cell_found:
                add_problem(Problem(sheet, line, name(f.field if f.field in col else "indicator"), f.message))
                bad = True
        if bad:
            continue
        key = (ind_id, region_id, year, sex, area, age)
        first = seen.setdefault(key, line)
        if first != line:
            add_problem(Problem(sheet, line, c_ind, _("与第 %(row)s 行是同一项数据（重复）") % {"row": first}))
            continue
        if ind_id in needs_consistency:
            gk = (ind_id, region_id, year)
            group = consistency.get(gk)
            if group is None:
                group = consistency[gk] = {}
            group[(sex, area, age)] = number
            if sex == TOTAL and area == TOTAL or gk not in group_line:
                group_line[gk] = line
        append((line, ind_id, region_id, year, sex, area, age, number, meta.unit,
                "" if i_note is None else cells[i_note].strip(), source, flags))
        if len(problems) >= MAX_PROBLEMS:
            break
        if len(batch) == next_chunk:
            if problems:              # the load is refused: nothing more to write
                next_chunk = -1
            else:
                on_chunk(batch[emitted:])
                emitted, next_chunk = len(batch), len(batch) + CHUNK

    Cell = rules.Cell
    for gk, group in consistency.items():
        for f in rules.check_consistency(metas[gk[0]], {Cell(*k): v for k, v in group.items()}):
            add_problem(Problem(sheet, group_line[gk], c_value, f.message))
    problems.sort(key=lambda p: (p.row or 0))
    return batch, problems


def _not_a_number(text: str) -> str:
    return rules.finding("not_a_number", text=text).message if text.strip() else _("缺少数值")


def _region_message(code: str, plan: Plan, in_plan: dict[str, int]) -> str:
    if code in in_plan:
        return _("无权为区划 %(code)s 导入数据（超出本人的区划范围）") % {"code": code}
    region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        return _("没有区划代码“%(code)s”") % {"code": code} if code else _("缺少区划代码")
    return _("%(region)s（%(code)s）不在纲要“%(plan)s”的范围（%(plan_region)s及其下级）内") % {
        "region": region.name, "code": code, "plan": plan.title, "plan_region": plan.region.name}


# -- writing ---------------------------------------------------------------------------------

def blocked_states(state: str) -> tuple[str, ...]:
    """The states of stored values a load in `state` may not overwrite (entry.may_overwrite, the one rule)."""
    return tuple(stored for stored in ValueState.values if not may_overwrite(stored, state))


CONFLICT_MESSAGES = {   # lazy: translated when a refusal is made, in that request's language
    ValueState.SUBMITTED: gettext_lazy("该数据已由部门报送、正在审核，不能覆盖"),
    ValueState.APPROVED: gettext_lazy("该数据已审核锁定，只能以 --state approved 重新导入（或请统计局重新开放）"),
}


def write(batch: Batch, *, user, state: str = ValueState.DRAFT, reason: str = "", source: str = "",
          is_sample: bool = False, sheet: str = "", given: GivenColumns = GivenColumns()) -> LoadResult:
    """Write every value of `batch` (all or none) with one history row each; Refused on locked values.

    `source` is the source of rows that name none; `given` says whether the rows' own sources and
    flags replace the stored ones of existing values (else those are kept)."""
    if state not in LOADABLE_STATES:
        raise ValueError(f"cannot load values as {state}")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            created, updated = _write_postgres(batch, user, state, reason, source, is_sample, sheet, given)
        else:
            created, updated = _write_generic(batch, user, state, reason, source, is_sample, sheet, given)
    return LoadResult(len(batch), created, updated)


def _conflict_message(state: str) -> str:
    known = CONFLICT_MESSAGES.get(state)
    return str(known) if known is not None else _("该数据状态为%(state)s，不能覆盖") % {"state": state}


def _conflict_problems(rows: list[tuple[int, str]], sheet: str) -> list[Problem]:
    messages = {st: _conflict_message(st) for st in {st for _line, st in rows}}
    return [Problem(sheet, line, "数值", messages[st]) for line, st in rows]


def _copy_text(s: str) -> str:
    if not s:
        return s
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _may_skip_row_triggers() -> bool:
    """May this connection switch off row-level FK triggers (superuser, or SET granted on PostgreSQL 15+)?"""
    with connection.cursor() as cur:
        if connection.pg_version >= 150000:
            cur.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        else:
            cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cur.fetchone()[0])


def _write_postgres(batch: Batch, user, state, reason, source, is_sample, sheet,
                    given: GivenColumns) -> tuple[int, int]:
    with connection.cursor() as cur:
        load = PostgresLoad(cur.cursor, user, state, reason, source, is_sample, sheet, given=given)
        load.begin()
        conflicts = load.write(batch)
        if conflicts:
            raise Refused(conflicts)
        load.finish()
    return load.created, load.updated


class PostgresLoad:
    """One load's writes inside the caller's transaction: begin(), write(rows) per chunk, finish().

    Each chunk is COPied into a temp table, then one INSERT (… ON CONFLICT … DO UPDATE when
    some values exist) whose CTE also writes the history. Row-level foreign-key triggers
    cost more than the insert itself (five checks a value). When the role may, they are
    replaced by set-based checks: the referenced regions, indicators and user are locked
    FOR KEY SHARE — what each trigger would do, once — and checked to exist, then the
    inserts run with session_replication_role = replica. The history rows reference values
    this very statement wrote, so they need no check.

    Works on the raw psycopg cursor, so that a writer thread may run it while the thread
    that opened the transaction goes on checking rows (it must not use the connection meanwhile).
    """

    def __init__(self, cursor, user, state: str, reason: str, source: str, is_sample: bool, sheet: str,
                 indicator_ids: list[int] | None = None, given: GivenColumns = GivenColumns()):
        self.cur, self.state, self.sheet, self.given, self.source = cursor, state, sheet, given, source
        # Each row's source and flags are staged only when the file has them: five more columns
        # to COPY cost a million-row load about a second.
        self.staged = given.source or given.flags
        self.indicator_ids = indicator_ids
        self.user_id = getattr(user, "pk", None)
        self.params = {"source": source, "sample": is_sample, "state": state, "now": timezone.now(),
                       "user": self.user_id, "action": LOADED, "reason": reason}
        self.created = self.updated = 0
        self.fast = self.fresh = False

    def begin(self) -> None:
        self.fast = _may_skip_row_triggers()
        cur = self.cur
        if self.indicator_ids is not None:
            # No value of these indicators yet (a plan's first load): no chunk can meet a locked or
            # existing value, so the per-chunk joins against the growing table are skipped. A value
            # written meanwhile by someone else still sends its chunk to the upsert (unique index).
            cur.execute(f"SELECT EXISTS (SELECT 1 FROM {Value._meta.db_table} WHERE indicator_id = ANY(%s))",
                        [self.indicator_ids])
            self.fresh = not cur.fetchone()[0]
        cur.execute("SET LOCAL work_mem = '256MB'")
        # ON COMMIT DROP does not fire when the caller's transaction goes on (tests, sample loads in a loop)
        cur.execute("DROP TABLE IF EXISTS lg_load")
        qualifiers = "".join(f", {code} boolean" for code in FLAG_CODES)
        cur.execute("CREATE TEMP TABLE lg_load (line integer, indicator_id bigint, region_id bigint, year smallint,"
                    " sex varchar(6), area varchar(6), age_group varchar(20), value numeric(20, 6),"
                    " unit varchar(20), note text"
                    + (f", source varchar({SOURCE_MAX_LENGTH}){qualifiers}" if self.staged else "")
                    + ") ON COMMIT DROP")
        if self.fast and self.user_id is not None:
            cur.execute(f"SELECT id FROM {get_user_model()._meta.db_table} WHERE id = %s FOR KEY SHARE",
                        [self.user_id])

    KEY = "indicator_id, region_id, year, sex, area, age_group"
    JOIN = " AND ".join(f"v.{c} = t.{c}" for c in KEY.split(", "))
    FLAGS = ", ".join(FLAG_CODES)

    def _stage(self, rows: list[tuple]) -> None:
        """`rows` into the temp table, replacing the previous chunk."""
        cur, esc, flags, default_source = self.cur, _copy_text, _flags_copy_text, self.source
        cur.execute("TRUNCATE lg_load")
        if self.staged:
            columns = f"line, {self.KEY}, value, unit, note, source, {self.FLAGS}"

            def line(r) -> str:
                return (f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{esc(r[6])}\t{r[7]}\t{esc(r[8])}\t"
                        f"{esc(r[9])}\t{esc(r[10] or default_source)}\t{flags(r[11])}\n")
        else:
            columns = f"line, {self.KEY}, value, unit, note"

            def line(r) -> str:
                return f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{esc(r[6])}\t{r[7]}\t{esc(r[8])}\t{esc(r[9])}\n"
        with cur.copy(f"COPY lg_load ({columns}) FROM STDIN") as copy:
            for start in range(0, len(rows), 50000):
                copy.write("".join([line(r) for r in rows[start:start + 50000]]))
        self.cur.execute("ANALYZE lg_load")

    def _locked_in_stage(self) -> list[Problem]:
        if self.fresh:
            return []
        self.cur.execute(f"SELECT t.line, v.state FROM lg_load t JOIN {Value._meta.db_table} v ON {self.JOIN}"
                         f" WHERE v.state = ANY(%s) ORDER BY t.line LIMIT {MAX_PROBLEMS}",
                         [list(blocked_states(self.state))])
        return _conflict_problems(self.cur.fetchall(), self.sheet)

    def locked(self, rows: list[tuple]) -> list[Problem]:
        """Only the problems of rows whose value is locked (the load is refused already: report them all)."""
        self._stage(rows)
        return self._locked_in_stage()

    def write(self, rows: list[tuple]) -> list[Problem]:
        """Write `rows`; the problems of rows whose value is locked (then nothing of `rows` is written)."""
        V, C = Value._meta.db_table, ValueChange._meta.db_table
        R, I = Region._meta.db_table, Indicator._meta.db_table
        key, join, cur = self.KEY, self.JOIN, self.cur
        self._stage(rows)
        conflicts = self._locked_in_stage()
        if conflicts:
            return conflicts
        updated = 0
        if not self.fresh:
            cur.execute(f"SELECT count(*) FROM lg_load t JOIN {V} v ON {join}")
            updated = cur.fetchone()[0]
        if self.fast:
            for table, column in ((R, "region_id"), (I, "indicator_id")):
                cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE id IN"
                            f" (SELECT DISTINCT {column} FROM lg_load) FOR KEY SHARE) locked")
            cur.execute(f"SELECT count(*) FROM lg_load t WHERE NOT EXISTS (SELECT 1 FROM {R} r WHERE r.id = t.region_id)"
                        f" OR NOT EXISTS (SELECT 1 FROM {I} i WHERE i.id = t.indicator_id)")
            if cur.fetchone()[0]:
                return [Problem(self.sheet, None, "", _("导入期间有区划或指标被删除，请重新导入"))]
            cur.execute("SET LOCAL session_replication_role = replica")
        columns = (f"{key}, value, unit, source, note, {self.FLAGS},"
                   " is_sample, state, submission_id, version, updated_at, updated_by_id")
        qualifiers = (f"source, note, {self.FLAGS}" if self.staged
                      else "%(source)s, note, " + ", ".join("false" for _ in FLAG_CODES))
        select = (f"SELECT {key}, value, unit, {qualifiers},"
                  f" %(sample)s, %(state)s, NULL, 1, %(now)s, %(user)s FROM lg_load")
        # A file with a 来源 / 标记 column says what they are; without, existing values keep theirs.
        source = ("EXCLUDED.source" if self.given.source
                  else f"CASE WHEN EXCLUDED.source = '' THEN {V}.source ELSE EXCLUDED.source END")
        flags = "".join(f", {code} = EXCLUDED.{code}" for code in FLAG_CODES) if self.given.flags else ""
        history = f"INSERT INTO {C} (value_id, action, old_value, new_value, old_state, new_state, reason, user_id, at)"
        inserted = False
        if updated == 0:
            # Nothing to update (the usual first load of a year): a plain insert skips the conflict
            # arbitration of every row. Should a value appear meanwhile, the upsert below runs instead.
            cur.execute("SAVEPOINT lg_plain")
            try:
                cur.execute(f"""
                    WITH up AS (INSERT INTO {V} ({columns}) {select} RETURNING id, value)
                    {history}
                    SELECT id, %(action)s, NULL, value, '', %(state)s, %(reason)s, %(user)s, %(now)s FROM up
                """, self.params)
                cur.execute("RELEASE SAVEPOINT lg_plain")
                inserted = True
            except psycopg.errors.UniqueViolation:
                cur.execute("ROLLBACK TO SAVEPOINT lg_plain")
        if not inserted:
            cur.execute(f"""
                WITH old AS (
                    SELECT t.indicator_id, t.region_id, t.year, t.sex, t.area, t.age_group,
                           v.value AS old_value, v.state AS old_state
                    FROM lg_load t JOIN {V} v ON {join}
                ), up AS (
                    INSERT INTO {V} ({columns}) {select}
                    ON CONFLICT ({key}) DO UPDATE SET
                        value = EXCLUDED.value, unit = EXCLUDED.unit, note = EXCLUDED.note,
                        source = {source}{flags},
                        is_sample = EXCLUDED.is_sample, state = EXCLUDED.state, version = {V}.version + 1,
                        updated_at = EXCLUDED.updated_at, updated_by_id = EXCLUDED.updated_by_id
                    RETURNING id, {key}, value
                )
                {history}
                SELECT up.id, %(action)s, old.old_value, up.value, COALESCE(old.old_state, ''), %(state)s,
                       %(reason)s, %(user)s, %(now)s
                FROM up LEFT JOIN old ON {" AND ".join(f"old.{c} = up.{c}" for c in key.split(", "))}
            """, self.params)
        if self.fast:
            cur.execute("SET LOCAL session_replication_role = origin")
        self.created += len(rows) - updated
        self.updated += updated
        return []

    def finish(self) -> None:
        self.cur.execute("DROP TABLE lg_load")


class ChunkWriter:
    """A thread that writes chunks through a PostgresLoad while the caller's thread checks the
    rest of the file: PostgreSQL inserts on one core while Python validates on the other.

    The first locked value or error stops it; `close()` waits for it and says what happened."""

    def __init__(self, load: PostgresLoad):
        self.load = load
        self.chunks: queue.Queue = queue.Queue()
        self.rows_sent = 0
        self.problems: list[Problem] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="lianggang-load-writer", daemon=True)
        self.thread.start()

    def put(self, rows: list[tuple]) -> None:
        if not self.thread.is_alive():
            raise RuntimeError("the writer is closed")
        self.rows_sent += len(rows)
        self.chunks.put(rows)

    def _run(self) -> None:
        while (rows := self.chunks.get()) is not None:
            if self.error:
                continue              # drain what was queued
            try:
                if self.problems:     # refused already: only find the other locked values
                    self.problems += self.load.locked(rows)
                else:
                    self.problems = self.load.write(rows)
            except BaseException as e:   # handed to the caller's thread by close()
                self.error = e

    def close(self) -> list[Problem]:
        """Wait for every chunk; the locked values' problems (re-raises the writer's error)."""
        if self.thread.is_alive():
            self.chunks.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error
        return self.problems


def _write_generic(batch: Batch, user, state, reason, source, is_sample, sheet,
                   given: GivenColumns) -> tuple[int, int]:
    """SQLite and others: existing values fetched once into a dict, then bulk_create and executemany."""
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    existing: dict[tuple, tuple] = {}
    ind_ids, years = {r[1] for r in batch}, {r[3] for r in batch}
    qs = (Value.objects.filter(indicator_id__in=ind_ids, year__in=years)
          .values_list("indicator_id", "region_id", "year", "sex", "area", "age_group", "id", "value", "state",
                       "version", "source"))
    for row in qs.iterator(chunk_size=20000):
        existing[row[:6]] = row[6:]
    blocked = blocked_states(state)
    conflicts, new, changed = [], [], []
    for r in batch:
        old = existing.get(r[1:7])
        if old is None:
            new.append(r)
        elif old[2] in blocked:
            conflicts.append((r[0], old[2]))
        else:
            changed.append((r, old))
    if conflicts:
        raise Refused(_conflict_problems(conflicts, sheet))
    created = Value.objects.bulk_create([
        Value(indicator_id=r[1], region_id=r[2], year=r[3], sex=r[4], area=r[5], age_group=r[6], value=r[7],
              unit=r[8], source=r[10] or source, note=r[9], is_sample=is_sample, state=state, version=1,
              updated_at=now, updated_by_id=user_id, **_flag_fields(r[11]))
        for r in new], batch_size=2000)
    history = [ValueChange(value_id=v.pk, action=LOADED, old_value=None, new_value=v.value, old_state="",
                           new_state=state, reason=reason, user_id=user_id, at=now) for v in created]
    if changed:
        V = Value._meta.db_table
        flags = "".join(f", {code} = %s" for code in FLAG_CODES) if given.flags else ""

        def new_source(r, old) -> str:
            # A file with a 来源 column says what it is; without, an existing value keeps its own.
            return r[10] if given.source else (source or old[4])

        def new_flags(r) -> tuple:
            return tuple(_flag_fields(r[11]).values()) if given.flags else ()
        with connection.cursor() as cur:
            cur.executemany(
                f"UPDATE {V} SET value = %s, unit = %s, note = %s, source = %s{flags}, is_sample = %s, state = %s,"
                f" version = version + 1, updated_at = %s, updated_by_id = %s WHERE id = %s",
                [(r[7], r[8], r[9], new_source(r, old), *new_flags(r), is_sample, state, now, user_id, old[0])
                 for r, old in changed])
        history += [ValueChange(value_id=old[0], action=LOADED, old_value=old[1], new_value=r[7], old_state=old[2],
                                new_state=state, reason=reason, user_id=user_id, at=now) for r, old in changed]
    ValueChange.objects.bulk_create(history, batch_size=2000)
    return len(new), len(changed)


# -- the use case ------------------------------------------------------------------------------

def load_values(user, plan: Plan, name: str, data: bytes, *, state: str = ValueState.DRAFT,
                reason: str = "") -> LoadResult:
    """Load a tidy file for `plan`: every row valid and writable, or nothing saved (Refused with the rows)."""
    allowed = loadable_region_ids(user)
    if state not in LOADABLE_STATES:
        raise Refused([Problem("", None, "", _("状态只能是 draft 或 approved，不能是 %(state)s") % {"state": state})])
    with gc_paused():   # the rows, the batch and the COPY text: millions of objects, no cycles
        table = read_tidy(name, data)
        reason = reason or f"批量导入 {table.sheet}"
        if connection.vendor == "postgresql":
            return _load_streamed(table, plan, allowed, user, state, reason)
        batch, problems = parse(table, plan, allowed)
        if problems:
            raise Refused(problems, refused_summary(len(problems)))
        return write(batch, user=user, state=state, reason=reason, sheet=table.sheet, given=GivenColumns.of(table))


def _load_streamed(table: RawTable, plan: Plan, allowed: set[int] | None, user, state: str,
                   reason: str) -> LoadResult:
    """Check and write at once, in one transaction: chunks of good rows go to the writer thread
    as they are checked. Any problem, in the file or a locked value, rolls everything back."""
    with transaction.atomic(), connection.cursor() as cur:
        load = PostgresLoad(cur.cursor, user, state, reason, "", False, table.sheet,
                            indicator_ids=list(plan.indicators.values_list("pk", flat=True)),
                            given=GivenColumns.of(table))
        load.begin()
        writer = ChunkWriter(load)
        try:
            # Streamed only into a plan without values: chunks joined against a big table one by one
            # would cost more than they save (a reload of every value is written in one go).
            batch, problems = parse(table, plan, allowed, on_chunk=writer.put if load.fresh else None,
                                    before_query=writer.close)
        finally:
            locked = writer.close()
        if problems:
            raise Refused(problems, refused_summary(len(problems)))
        rest = batch[writer.rows_sent:]
        if rest:
            locked = locked + load.locked(rest) if locked else load.write(rest)
        if locked:
            raise Refused(locked, refused_summary(len(locked)))
        load.finish()
    return LoadResult(len(batch), load.created, load.updated)


# -- export: the same tidy form ----------------------------------------------------------------

def export_rows(plan: Plan, region: Region, *, subtree: bool = False, years: tuple[int, int] | None = None,
                user=None):
    """The plan's values of `region` (and below it) as TidyRows, in the order load_values reads them.

    With `user`, only what that user may see (Action.VIEW_VALUE)."""
    from lianggang.monitoring.tabular import TidyRow

    region_ids = {region.pk} | (region.descendant_ids() if subtree else set())
    qs = Value.objects.all() if user is None else allowed_rows(user, Action.VIEW_VALUE, Value.objects.all())
    qs = qs.filter(indicator__plan=plan, region_id__in=region_ids)
    if years:
        qs = qs.filter(year__gte=years[0], year__lte=years[1])
    order = ORDER
    rows = qs.values_list("region__code", "region__name", "indicator__name", "year", "sex", "area", "age_group",
                          "value", "unit", "note", "source", *FLAG_CODES)
    for r in sorted(rows, key=lambda r: (r[0], r[2], r[3], order.get(r[4], 9), order.get(r[5], 9), r[6])):
        flags = frozenset(code for code, on in zip(FLAG_CODES, r[11:]) if on)
        yield TidyRow(*r[:11], flags=flags)
