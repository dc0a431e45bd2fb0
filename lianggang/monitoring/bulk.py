"""Bulk loading of tidy values for the statistics bureau: many regions and departments in one file.

`load_values(user, plan, name, data)` reads a tidy CSV/xlsx (see tabular), checks
every row with the same rules as entry (rules.validate_cell's parts: the cell
must exist for the indicator, the number must be in the unit's range; plus the
consistency rules over each region-year's cells), and refuses the whole file with
a row report if anything blocks. Otherwise it writes every value in one
transaction with one history row per value (action `value.loaded`).

Speed: ids are looked up in dicts once, the per-cell check is cached per
(indicator, cell), and the write is set-based — on PostgreSQL a COPY into a temp
table and one INSERT … ON CONFLICT … DO UPDATE whose CTE also writes the
history; on SQLite bulk_create and executemany.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from lianggang.monitoring import rules
from lianggang.monitoring.models import Value, ValueChange, ValueState
from lianggang.monitoring.tabular import AREA_IN, SEX_IN, Problem, RawTable, Refused, read_tidy
from lianggang.plans.models import Plan
from lianggang.regions.models import Region

LOADED = "value.loaded"
LOADABLE_STATES = (ValueState.DRAFT, ValueState.APPROVED)
MIN_YEAR = 1949
MAX_PROBLEMS = 100_000  # a file this broken is reported in part; nothing is saved either way


@dataclass
class Batch:
    """Values to write, column by column (cheaper than a million objects)."""
    lines: list[int] = field(default_factory=list)
    indicator_ids: list[int] = field(default_factory=list)
    region_ids: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    sexes: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    ages: list[str] = field(default_factory=list)
    values: list[Decimal] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, line, indicator_id, region_id, year, sex, area, age, value, unit, note) -> None:
        self.lines.append(line)
        self.indicator_ids.append(indicator_id)
        self.region_ids.append(region_id)
        self.years.append(year)
        self.sexes.append(sex)
        self.areas.append(area)
        self.ages.append(age)
        self.values.append(value)
        self.units.append(unit)
        self.notes.append(note)

    def __len__(self) -> int:
        return len(self.lines)


@dataclass
class LoadResult:
    rows: int
    created: int
    updated: int


# -- who may load ------------------------------------------------------------------------------

def loadable_region_ids(user) -> set[int] | None:
    """Regions `user` may bulk-load values for; None means every region.

    Adapter: accounts.permissions has no bulk action yet. The statistics bureau
    (统计局监测组) loads for its region and everything below it; the admin anywhere.
    """
    from lianggang.accounts.models import Role
    from lianggang.accounts.permissions import profile_of

    profile = profile_of(user)
    if profile is None and not getattr(user, "is_superuser", False):
        raise PermissionDenied("请先登录")
    if getattr(user, "is_superuser", False) or profile.role == Role.ADMIN:
        return None
    if profile.role != Role.STATISTICS:
        raise PermissionDenied("只有统计局监测组或系统管理员可以批量导入数据")
    return {profile.region_id} | profile.region.descendant_ids()


# -- reading and checking ------------------------------------------------------------------------

def plan_region_codes(plan: Plan) -> dict[str, int]:
    """Code → id of the plan's region and every region below it."""
    ids = {plan.region_id} | plan.region.descendant_ids()
    return dict(Region.objects.filter(pk__in=ids).values_list("code", "id"))


def parse(table: RawTable, plan: Plan, allowed_region_ids: set[int] | None) -> tuple[Batch, list[Problem]]:
    """Every row of `table` checked; the batch of good rows and the problems of the others."""
    sheet = table.sheet
    col = table.columns
    name = table.column_name
    problems: list[Problem] = []
    add_problem = problems.append
    batch = Batch()
    add = batch.add

    in_plan = plan_region_codes(plan)
    indicators = {i.name: (i.pk, rules.IndicatorMeta.of(i)) for i in plan.indicators.all()}
    years = {str(y): y for y in range(MIN_YEAR, plan.end_year + 1)}
    years.update({f"{y}.0": y for y in range(MIN_YEAR, plan.end_year + 1)})
    years.update({f"{y}年": y for y in range(MIN_YEAR, plan.end_year + 1)})
    cell_checks: dict[tuple, list[rules.Finding]] = {}
    seen: dict[tuple, int] = {}
    consistency: dict[tuple, dict[rules.Cell, Decimal]] = {}
    group_line: dict[tuple, int] = {}
    unknown_regions: dict[str, str] = {}

    i_code, i_ind, i_year, i_value = col["region_code"], col["indicator"], col["year"], col["value"]
    i_sex, i_area, i_age, i_unit, i_note = (col.get(k) for k in ("sex", "area", "age_group", "unit", "note"))
    width = max(col.values()) + 1
    parse_number, check_range = rules.parse_number, rules.check_range
    c_code, c_ind, c_year, c_value = name("region_code"), name("indicator"), name("year"), name("value")

    for line, cells in table.rows:
        if len(problems) >= MAX_PROBLEMS:
            break
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        bad = False
        code = cells[i_code].strip()
        region_id = in_plan.get(code)
        if region_id is None or (allowed_region_ids is not None and region_id not in allowed_region_ids):
            if region_id is None:
                msg = unknown_regions.get(code)
                if msg is None:
                    msg = _region_message(code, plan)
                    unknown_regions[code] = msg
            else:
                msg = f"无权为区划 {code} 导入数据（超出本人的区划范围）"
            add_problem(Problem(sheet, line, c_code, msg))
            bad = True
        ind_name = cells[i_ind].strip()
        ind = indicators.get(ind_name)
        if ind is None:
            add_problem(Problem(sheet, line, c_ind, f"纲要中没有指标“{ind_name}”" if ind_name else "缺少指标名称"))
            bad = True
        year_text = cells[i_year].strip()
        year = years.get(year_text)
        if year is None:
            add_problem(Problem(sheet, line, c_year,
                                f"年度“{year_text}”无效（应为{MIN_YEAR}—{plan.end_year}之间的四位年份）"))
            bad = True
        sex = "total" if i_sex is None else SEX_IN.get(cells[i_sex].strip().lower())
        if sex is None:
            add_problem(Problem(sheet, line, name("sex"), f"性别“{cells[i_sex]}”无效（应为 合计、女 或 男）"))
            bad = True
        area = "total" if i_area is None else AREA_IN.get(cells[i_area].strip().lower())
        if area is None:
            add_problem(Problem(sheet, line, name("area"), f"城乡“{cells[i_area]}”无效（应为 合计、城镇 或 乡村）"))
            bad = True
        age = "" if i_age is None else cells[i_age].strip()
        value_text = cells[i_value]
        number = parse_number(value_text) if value_text.strip() else None
        if number is None:
            add_problem(Problem(sheet, line, c_value,
                                f"“{value_text}”不是数字" if value_text.strip() else "缺少数值"))
            bad = True
        if ind is None:
            continue
        ind_id, meta = ind
        unit = "" if i_unit is None else cells[i_unit].strip()
        if unit and unit != meta.unit:
            add_problem(Problem(sheet, line, name("unit"), f"单位“{unit}”与指标“{ind_name}”的单位“{meta.unit}”不符"))
            bad = True
        if sex is not None and area is not None:
            ck = (ind_id, sex, area, age)
            found = cell_checks.get(ck)
            if found is None:
                found = cell_checks[ck] = rules.check_cell(meta, rules.Cell(sex, area, age))
            for f in found:
                add_problem(Problem(sheet, line, name(f.field if f.field in col else "indicator"), f.message))
                bad = True
        if number is not None:
            for f in check_range(meta, number):
                add_problem(Problem(sheet, line, c_value, f.message))
                bad = True
        if bad:
            continue
        key = (ind_id, region_id, year, sex, area, age)
        first = seen.get(key)
        if first is not None:
            add_problem(Problem(sheet, line, c_ind, f"与第 {first} 行是同一项数据（重复）"))
            continue
        seen[key] = line
        if (meta.by_sex and meta.is_count) or (meta.by_area and meta.is_rate):
            gk = (ind_id, region_id, year)
            consistency.setdefault(gk, {})[rules.Cell(sex, area, age)] = number
            if sex == "total" and area == "total":
                group_line[gk] = line
            else:
                group_line.setdefault(gk, line)
        add(line, ind_id, region_id, year, sex, area, age, number, meta.unit,
            "" if i_note is None else cells[i_note].strip())

    metas = {pk: meta for pk, meta in indicators.values()}
    for gk, cells_ in consistency.items():
        for f in rules.check_consistency(metas[gk[0]], cells_):
            add_problem(Problem(sheet, group_line[gk], c_value, f.message))
    problems.sort(key=lambda p: (p.row or 0))
    return batch, problems


def _region_message(code: str, plan: Plan) -> str:
    region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        return f"没有区划代码“{code}”" if code else "缺少区划代码"
    return f"{region.name}（{code}）不在纲要“{plan.title}”的范围（{plan.region.name}及其下级）内"


# -- writing ---------------------------------------------------------------------------------

def blocked_states(state: str) -> tuple[str, ...]:
    """Existing values a load may not overwrite: under review always; approved unless loading approved data."""
    return (ValueState.SUBMITTED,) if state == ValueState.APPROVED else (ValueState.SUBMITTED, ValueState.APPROVED)


CONFLICT_MESSAGES = {
    ValueState.SUBMITTED: "该数据已由部门报送、正在审核，不能覆盖",
    ValueState.APPROVED: "该数据已审核锁定，只能以 --state approved 重新导入（或请统计局重新开放）",
}


def write(batch: Batch, *, user, state: str = ValueState.DRAFT, reason: str = "", source: str = "",
          is_sample: bool = False, sheet: str = "") -> LoadResult:
    """Write every value of `batch` (all or none) with one history row each; Refused on locked values."""
    if state not in LOADABLE_STATES:
        raise ValueError(f"cannot load values as {state}")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            created, updated = _write_postgres(batch, user, state, reason, source, is_sample, sheet)
        else:
            created, updated = _write_generic(batch, user, state, reason, source, is_sample, sheet)
    return LoadResult(len(batch), created, updated)


def _conflict_problems(rows: list[tuple[int, str]], sheet: str) -> list[Problem]:
    return [Problem(sheet, line, "数值", CONFLICT_MESSAGES.get(st, f"该数据状态为{st}，不能覆盖")) for line, st in rows]


def _copy_text(s: str) -> str:
    if not s:
        return s
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _write_postgres(batch: Batch, user, state, reason, source, is_sample, sheet) -> tuple[int, int]:
    V, C = Value._meta.db_table, ValueChange._meta.db_table
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    key = "indicator_id, region_id, year, sex, area, age_group"
    join = " AND ".join(f"v.{c} = t.{c}" for c in key.split(", "))
    with connection.cursor() as cur:
        cur.execute("SET LOCAL work_mem = '256MB'")
        # ON COMMIT DROP does not fire when the caller's transaction goes on (tests, sample loads in a loop)
        cur.execute("DROP TABLE IF EXISTS lg_load")
        cur.execute("CREATE TEMP TABLE lg_load (line integer, indicator_id bigint, region_id bigint, year smallint,"
                    " sex varchar(6), area varchar(6), age_group varchar(20), value numeric(20, 6),"
                    " unit varchar(20), note text) ON COMMIT DROP")
        b = batch
        esc = _copy_text
        with cur.cursor.copy(f"COPY lg_load ({'line, ' + key + ', value, unit, note'}) FROM STDIN") as copy:
            chunk: list[str] = []
            for i in range(len(b)):
                chunk.append(f"{b.lines[i]}\t{b.indicator_ids[i]}\t{b.region_ids[i]}\t{b.years[i]}\t{b.sexes[i]}\t"
                             f"{b.areas[i]}\t{esc(b.ages[i])}\t{b.values[i]}\t{esc(b.units[i])}\t{esc(b.notes[i])}\n")
                if len(chunk) >= 20000:
                    copy.write("".join(chunk))
                    chunk = []
            if chunk:
                copy.write("".join(chunk))
        cur.execute("ANALYZE lg_load")
        cur.execute(f"SELECT t.line, v.state FROM lg_load t JOIN {V} v ON {join} WHERE v.state = ANY(%s)"
                    f" ORDER BY t.line LIMIT {MAX_PROBLEMS}", [list(blocked_states(state))])
        conflicts = cur.fetchall()
        if conflicts:
            raise Refused(_conflict_problems(conflicts, sheet))
        cur.execute(f"SELECT count(*) FROM lg_load t JOIN {V} v ON {join}")
        updated = cur.fetchone()[0]
        cur.execute(f"""
            WITH old AS (
                SELECT t.indicator_id, t.region_id, t.year, t.sex, t.area, t.age_group,
                       v.value AS old_value, v.state AS old_state
                FROM lg_load t JOIN {V} v ON {join}
            ), up AS (
                INSERT INTO {V} ({key}, value, unit, source, note, provisional, estimated, revised, series_break,
                                 is_sample, state, submission_id, version, updated_at, updated_by_id)
                SELECT {key}, value, unit, %(source)s, note, false, false, false, false,
                       %(sample)s, %(state)s, NULL, 1, %(now)s, %(user)s FROM lg_load
                ON CONFLICT ({key}) DO UPDATE SET
                    value = EXCLUDED.value, unit = EXCLUDED.unit, note = EXCLUDED.note,
                    source = CASE WHEN EXCLUDED.source = '' THEN {V}.source ELSE EXCLUDED.source END,
                    is_sample = EXCLUDED.is_sample, state = EXCLUDED.state, version = {V}.version + 1,
                    updated_at = EXCLUDED.updated_at, updated_by_id = EXCLUDED.updated_by_id
                RETURNING id, {key}, value
            )
            INSERT INTO {C} (value_id, action, old_value, new_value, old_state, new_state, reason, user_id, at)
            SELECT up.id, %(action)s, old.old_value, up.value, COALESCE(old.old_state, ''), %(state)s,
                   %(reason)s, %(user)s, %(now)s
            FROM up LEFT JOIN old ON {" AND ".join(f"old.{c} = up.{c}" for c in key.split(", "))}
        """, {"source": source, "sample": is_sample, "state": state, "now": now, "user": user_id,
              "action": LOADED, "reason": reason})
        cur.execute("DROP TABLE lg_load")
    return len(batch) - updated, updated


def _write_generic(batch: Batch, user, state, reason, source, is_sample, sheet) -> tuple[int, int]:
    """SQLite and others: existing values fetched once into a dict, then bulk_create and executemany."""
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    b = batch
    existing: dict[tuple, tuple] = {}
    ind_ids, years = set(b.indicator_ids), set(b.years)
    qs = (Value.objects.filter(indicator_id__in=ind_ids, year__in=years)
          .values_list("indicator_id", "region_id", "year", "sex", "area", "age_group", "id", "value", "state",
                       "version", "source"))
    for row in qs.iterator(chunk_size=20000):
        existing[row[:6]] = row[6:]
    blocked = blocked_states(state)
    conflicts, new, changed = [], [], []
    for i in range(len(b)):
        key = (b.indicator_ids[i], b.region_ids[i], b.years[i], b.sexes[i], b.areas[i], b.ages[i])
        old = existing.get(key)
        if old is None:
            new.append(i)
        elif old[2] in blocked:
            conflicts.append((b.lines[i], old[2]))
        else:
            changed.append((i, old))
    if conflicts:
        raise Refused(_conflict_problems(conflicts, sheet))
    created = Value.objects.bulk_create([
        Value(indicator_id=b.indicator_ids[i], region_id=b.region_ids[i], year=b.years[i], sex=b.sexes[i],
              area=b.areas[i], age_group=b.ages[i], value=b.values[i], unit=b.units[i], source=source,
              note=b.notes[i], is_sample=is_sample, state=state, version=1, updated_at=now, updated_by_id=user_id)
        for i in new], batch_size=2000)
    history = [ValueChange(value_id=v.pk, action=LOADED, old_value=None, new_value=v.value, old_state="",
                           new_state=state, reason=reason, user_id=user_id, at=now) for v in created]
    if changed:
        V = Value._meta.db_table
        with connection.cursor() as cur:
            cur.executemany(
                f"UPDATE {V} SET value = %s, unit = %s, note = %s, source = %s, is_sample = %s, state = %s,"
                f" version = version + 1, updated_at = %s, updated_by_id = %s WHERE id = %s",
                [(b.values[i], b.units[i], b.notes[i], source or old[4], is_sample, state, now, user_id, old[0])
                 for i, old in changed])
        history += [ValueChange(value_id=old[0], action=LOADED, old_value=old[1], new_value=b.values[i],
                                old_state=old[2], new_state=state, reason=reason, user_id=user_id, at=now)
                    for i, old in changed]
    ValueChange.objects.bulk_create(history, batch_size=2000)
    return len(new), len(changed)


# -- the use case ------------------------------------------------------------------------------

def load_values(user, plan: Plan, name: str, data: bytes, *, state: str = ValueState.DRAFT,
                reason: str = "") -> LoadResult:
    """Load a tidy file for `plan`: every row valid and writable, or nothing saved (Refused with the rows)."""
    allowed = loadable_region_ids(user)
    if state not in LOADABLE_STATES:
        raise Refused([Problem("", None, "", f"状态只能是 draft 或 approved，不能是 {state}")])
    table = read_tidy(name, data)
    batch, problems = parse(table, plan, allowed)
    if problems:
        raise Refused(problems, f"文件有 {len(problems)} 处问题，未导入任何数据")
    return write(batch, user=user, state=state, reason=reason or f"批量导入 {table.sheet}", sheet=table.sheet)


# -- export: the same tidy form ----------------------------------------------------------------

def export_rows(plan: Plan, region: Region, *, subtree: bool = False, years: tuple[int, int] | None = None,
                user=None):
    """The plan's values of `region` (and below it) as TidyRows, in the order load_values reads them.

    With `user`, only what that user may see (Value.objects.visible_to)."""
    from lianggang.monitoring.tabular import TidyRow

    region_ids = {region.pk} | (region.descendant_ids() if subtree else set())
    qs = Value.objects.all() if user is None else Value.objects.visible_to(user)
    qs = qs.filter(indicator__plan=plan, region_id__in=region_ids)
    if years:
        qs = qs.filter(year__gte=years[0], year__lte=years[1])
    order = {"total": 0, "female": 1, "male": 2, "urban": 1, "rural": 2}
    rows = qs.values_list("region__code", "region__name", "indicator__name", "year", "sex", "area", "age_group",
                          "value", "unit", "note")
    for r in sorted(rows, key=lambda r: (r[0], r[2], r[3], order.get(r[4], 9), order.get(r[5], 9), r[6])):
        yield TidyRow(*r)
