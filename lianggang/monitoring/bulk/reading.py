"""Reading a tidy file's rows into a Batch, with the same checks as entry (monitoring.rules) and
every problem located at its row and column. Vectorised by caching: see parse()."""
from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from lianggang.lib.cells import AREA, SEX, TOTAL
from lianggang.lib.gcpause import without_gc
from lianggang.monitoring import rules
from lianggang.monitoring.bulk.rows import MAX_PROBLEMS, MIN_YEAR, NO_FLAGS, Batch
from lianggang.monitoring.entry import indicator_metas
from lianggang.monitoring.models import SOURCE_MAX_LENGTH, read_flags, source_error, unknown_flag_error
from lianggang.monitoring.rules import cell_word_error
from lianggang.monitoring.tabular import Problem, RawTable
from lianggang.plans.models import Plan, Target
from lianggang.regions.models import Region

CHUNK = 250_000         # rows handed to the database writer at a time while the rest is checked


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
    # The plan's own wording of an indicator (女性人均预期寿命 for 妇女人均预期寿命) names it too.
    for wording, indicator_id in (Target.objects.filter(goal__domain__plan=plan).exclude(indicator_name="")
                                  .values_list("indicator_name", "indicator_id")):
        indicators.setdefault(wording, (indicator_id, metas[indicator_id]))
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
