"""Exchange with systems the user already has: DHIS2 `dataValueSets` JSON and SDMX-CSV.

Both directions go through the tidy form: an export is the plan's TidyRows (bulk.export_rows)
written with exchange codes; an import is read into the same RawTable a tidy upload becomes and
handed to the one bulk loader (bulk.load_table), so every rule, the state rule on locked values
and the history apply as for load-values, and nothing is saved unless every row is good. A
problem names the spot in the file as the file names it: `dataValues` entry 3, field
`categoryOptionCombo`; SDMX-CSV line 5, column `SEX`. The mapping of codes is docs/exchange.md.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from django.utils.translation import gettext as _

from lianggang.lib.cells import TOTAL
from lianggang.monitoring.tabular import Problem, RawTable, Refused, TidyRow, format_decimal, refused_summary
from lianggang.plans.models import Plan

FORMATS = ("dhis2", "sdmx")

# -- codes ---------------------------------------------------------------------------------------

# DHIS2 category option combo codes: one token per disaggregation, joined by "_"; the headline
# cell is DHIS2's own "default" combo. An age group is "AGE:" and the group as written (0-5岁).
DHIS2_DEFAULT = "default"
DHIS2_SEX = {"female": "F", "male": "M"}
DHIS2_AREA = {"urban": "URBAN", "rural": "RURAL"}
DHIS2_AGE = "AGE:"
# SDMX cross-domain code lists: CL_SEX (_T, F, M), CL_URBANISATION (_T, U, R), AGE (_T or the group).
SDMX_TOTAL = "_T"
SDMX_SEX = {TOTAL: SDMX_TOTAL, "female": "F", "male": "M"}
SDMX_AREA = {TOTAL: SDMX_TOTAL, "urban": "U", "rural": "R"}
# CL_UNIT_MEASURE where one fits; any other unit is written as lianggang writes it (人, 元 …).
SDMX_UNITS = {"%": "PT", "‰": "PER_1000", "1/10万": "PER_100000", "岁": "YR", "年": "YR"}
SDMX_UNITS_BACK = {"PT": "%", "PER_1000": "‰", "PER_100000": "1/10万"}   # YR: 岁 or 年, left to the indicator
# CL_OBS_STATUS: A normal, B break in series, E estimated, P provisional (one per observation:
# the first of these a value carries; 修订数 has no status of its own and is not written).
SDMX_STATUS = (("series_break", "B"), ("estimated", "E"), ("provisional", "P"))
SDMX_STATUS_BACK = {"A": "", "B": "口径变化", "E": "估计数", "P": "初步数"}
SDMX_DATAFLOW = "LIANGGANG:DF_LIANGGANG(1.0)"
SDMX_COLUMNS = ("DATAFLOW", "FREQ", "REF_AREA", "INDICATOR", "SEX", "URBANISATION", "AGE", "TIME_PERIOD",
                "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS", "COMMENT")
YEAR = re.compile(r"\d{4}")

# The tidy columns an exchange file is read into (tabular.HEADERS keys), in this order.
TIDY_KEYS = ("region_code", "indicator", "year", "sex", "area", "age_group", "value", "unit", "note", "flags")


def indicator_codes(plan: Plan) -> dict[str, str]:
    """The plan's indicator name → its exchange code: the national catalogue's (W102) where it has
    one, else its name (DHIS2 codes may be any text of up to 50 characters)."""
    return {i.name: (i.standard.code if i.standard_id else i.name)
            for i in plan.indicators.select_related("standard")}


def indicator_names(plan: Plan) -> dict[str, str]:
    """An exchange code → the plan's indicator name (codes are read back; a name stands for itself)."""
    return {code: name for name, code in indicator_codes(plan).items()}


def dhis2_combo(sex: str, area: str, age_group: str) -> str:
    tokens = [t for t in (DHIS2_SEX.get(sex, ""), DHIS2_AREA.get(area, "")) if t]
    if age_group:
        tokens.append(DHIS2_AGE + age_group)
    return "_".join(tokens) or DHIS2_DEFAULT


def read_dhis2_combo(code: str) -> tuple[str, str, str] | None:
    """(sex, area, age group) of a category option combo code, or None when it is not ours."""
    if code in ("", DHIS2_DEFAULT):
        return TOTAL, TOTAL, ""
    sex, area, age = TOTAL, TOTAL, ""
    head, _sep, age_part = code.partition(DHIS2_AGE)
    if _sep:
        age = age_part
        head = head.rstrip("_")
    for token in filter(None, head.split("_")):
        if token in DHIS2_SEX.values() and sex == TOTAL:
            sex = next(k for k, v in DHIS2_SEX.items() if v == token)
        elif token in DHIS2_AREA.values() and area == TOTAL:
            area = next(k for k, v in DHIS2_AREA.items() if v == token)
        else:
            return None
    return sex, area, age


# -- export --------------------------------------------------------------------------------------

def write_dhis2(rows: Iterable[TidyRow], codes: dict[str, str]) -> tuple[bytes, int]:
    """A DHIS2 dataValueSets document (codes as ids: import with idScheme=CODE)."""
    values = []
    for r in rows:
        dv = {"dataElement": codes.get(r.indicator, r.indicator), "period": str(r.year), "orgUnit": r.region_code,
              "categoryOptionCombo": dhis2_combo(r.sex, r.area, r.age_group),
              "attributeOptionCombo": DHIS2_DEFAULT, "value": format_decimal(r.value)}
        if r.note:
            dv["comment"] = r.note
        values.append(dv)
    return json.dumps({"dataValues": values}, ensure_ascii=False, indent=1).encode("utf-8"), len(values)


def sdmx_status(flags: Iterable[str]) -> str:
    flags = set(flags)
    return next((code for flag, code in SDMX_STATUS if flag in flags), "A")


def write_sdmx(rows: Iterable[TidyRow], codes: dict[str, str]) -> tuple[bytes, int]:
    """SDMX-CSV (version 1: DATAFLOW first, then dimensions, OBS_VALUE, attributes)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(SDMX_COLUMNS)
    n = 0
    for r in rows:
        w.writerow([SDMX_DATAFLOW, "A", r.region_code, codes.get(r.indicator, r.indicator),
                    SDMX_SEX.get(r.sex, r.sex), SDMX_AREA.get(r.area, r.area), r.age_group or SDMX_TOTAL, r.year,
                    format_decimal(r.value), SDMX_UNITS.get(r.unit, r.unit), sdmx_status(r.flags), r.note])
        n += 1
    return out.getvalue().encode("utf-8"), n


def export_exchange(plan: Plan, rows: Iterable[TidyRow], fmt: str) -> tuple[bytes, int]:
    """The rows (bulk.export_rows of `plan`) as a DHIS2 or SDMX file, and how many values it holds."""
    codes = indicator_codes(plan)
    return write_dhis2(rows, codes) if fmt == "dhis2" else write_sdmx(rows, codes)


# -- import --------------------------------------------------------------------------------------

@dataclass
class _Reading:
    """Rows in TIDY_KEYS order, the headers the file calls them, and the problems found converting."""
    sheet: str
    headers: list[str]
    first_line: int
    rows: list[list[str]]
    problems: list[Problem]

    def table(self, omit: Iterable[str] = ()) -> RawTable:
        """The table for the loader; `omit` the optional columns the file does not carry (their
        stored values are then kept: DHIS2 has no flags, an SDMX file may lack OBS_STATUS)."""
        if self.problems:
            raise Refused(self.problems, refused_summary(len(self.problems)))
        if not any(any(r) for r in self.rows):
            raise Refused([Problem(self.sheet, None, "", _("文件中没有数据"))])
        columns = {k: i for i, k in enumerate(TIDY_KEYS) if k not in set(omit)}
        return RawTable(self.sheet, columns, self.rows, self.headers, self.first_line)


def read_dhis2(name: str, data: bytes, names: dict[str, str]) -> RawTable:
    """A dataValueSets JSON document as a tidy table; entry n of dataValues is row n."""
    sheet = "dataValues"
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Refused([Problem(Path(name).name, None, "", _("不是有效的 DHIS2 JSON 文件：%(error)s") % {"error": e})])
    values = doc.get("dataValues") if isinstance(doc, dict) else None
    if not isinstance(values, list):
        raise Refused([Problem(Path(name).name, None, "dataValues", _("缺少 dataValues 列表"))])
    headers = ["orgUnit", "dataElement", "period", "categoryOptionCombo", "categoryOptionCombo",
               "categoryOptionCombo", "value", "unit", "comment", "flags"]
    reading = _Reading(sheet, headers, 1, [], [])
    for n, dv in enumerate(values, start=1):
        if not isinstance(dv, dict):
            reading.problems.append(Problem(sheet, n, "", _("应为一个数据值对象")))
            continue
        missing = [f for f in ("dataElement", "period", "orgUnit", "value") if dv.get(f) in (None, "")]
        for f in missing:
            reading.problems.append(Problem(sheet, n, f, _("缺少 %(field)s") % {"field": f}))
        period = str(dv.get("period", ""))
        if "period" not in missing and not YEAR.fullmatch(period):
            reading.problems.append(Problem(sheet, n, "period", _("期间“%(period)s”不是年度（应为四位年份，如 2024）")
                                            % {"period": period}))
        combo = read_dhis2_combo(str(dv.get("categoryOptionCombo") or ""))
        if combo is None:
            reading.problems.append(Problem(sheet, n, "categoryOptionCombo",
                                            _("不认识的分组组合“%(code)s”（应为 default、F、M、URBAN、RURAL 及其组合，见 docs/exchange.md）")
                                            % {"code": dv.get("categoryOptionCombo")}))
            combo = (TOTAL, TOTAL, "")
        aoc = str(dv.get("attributeOptionCombo") or DHIS2_DEFAULT)
        if aoc != DHIS2_DEFAULT:
            reading.problems.append(Problem(sheet, n, "attributeOptionCombo",
                                            _("属性组合只能是 default（现为“%(code)s”）") % {"code": aoc}))
        code = str(dv.get("dataElement", ""))
        reading.rows.append([str(dv.get("orgUnit", "")), names.get(code, code), period, *combo,
                             str(dv.get("value", "")), "", str(dv.get("comment") or ""), ""])
    return reading.table(omit=("unit", "flags"))


def read_sdmx(name: str, data: bytes, names: dict[str, str]) -> RawTable:
    """An SDMX-CSV file as a tidy table; line numbers as the file has them (the header is line 1).
    Columns other than those of docs/exchange.md (further attributes) are ignored."""
    sheet = Path(name).name
    try:
        text = data.decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text)))
    except (UnicodeDecodeError, csv.Error) as e:
        raise Refused([Problem(sheet, None, "", _("不是有效的 SDMX-CSV 文件：%(error)s") % {"error": e})])
    if not lines:
        raise Refused([Problem(sheet, None, "", _("文件是空的"))])
    header = [h.strip() for h in lines[0]]
    col = {h: i for i, h in enumerate(header)}
    missing = [c for c in ("REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE") if c not in col]
    if missing:
        raise Refused([Problem(sheet, 1, c, _("缺少必需的列“%(name)s”") % {"name": c}) for c in missing])
    headers = ["REF_AREA", "INDICATOR", "TIME_PERIOD", "SEX", "URBANISATION", "AGE", "OBS_VALUE", "UNIT_MEASURE",
               "COMMENT", "OBS_STATUS"]
    reading = _Reading(sheet, headers, 2, [], [])
    sex_back = {v: k for k, v in SDMX_SEX.items()}
    area_back = {v: k for k, v in SDMX_AREA.items()}
    for n, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            reading.rows.append([""] * len(TIDY_KEYS))   # kept, so row numbers stay true
            continue

        def cell(column: str, default: str = "") -> str:
            i = col.get(column)
            return line[i].strip() if i is not None and i < len(line) else default

        freq = cell("FREQ", "A")
        if freq != "A":
            reading.problems.append(Problem(sheet, n, "FREQ", _("只接受年度数据（FREQ 应为 A，现为“%(code)s”）") % {"code": freq}))
        period = cell("TIME_PERIOD")
        if not YEAR.fullmatch(period):
            reading.problems.append(Problem(sheet, n, "TIME_PERIOD", _("期间“%(period)s”不是年度（应为四位年份，如 2024）")
                                            % {"period": period}))
        sex, area = cell("SEX", SDMX_TOTAL), cell("URBANISATION", SDMX_TOTAL)
        for column, code, back in (("SEX", sex, sex_back), ("URBANISATION", area, area_back)):
            if code not in back:
                reading.problems.append(Problem(sheet, n, column, _("不认识的代码“%(code)s”（可用：%(codes)s）")
                                                % {"code": code, "codes": "、".join(back)}))
        status = cell("OBS_STATUS", "A")
        if status not in SDMX_STATUS_BACK:
            reading.problems.append(Problem(sheet, n, "OBS_STATUS", _("不认识的代码“%(code)s”（可用：%(codes)s）")
                                            % {"code": status, "codes": "、".join(SDMX_STATUS_BACK)}))
        age = cell("AGE", SDMX_TOTAL)
        unit = cell("UNIT_MEASURE")
        code = cell("INDICATOR")
        reading.rows.append([cell("REF_AREA"), names.get(code, code), period, sex_back.get(sex, TOTAL),
                             area_back.get(area, TOTAL), "" if age == SDMX_TOTAL else age, cell("OBS_VALUE"),
                             SDMX_UNITS_BACK.get(unit, "" if unit == "YR" else unit), cell("COMMENT"),
                             SDMX_STATUS_BACK.get(status, "")])
    omit = [key for key, column in (("unit", "UNIT_MEASURE"), ("flags", "OBS_STATUS"), ("note", "COMMENT"))
            if column not in col]
    return reading.table(omit)


def read_exchange(fmt: str, name: str, data: bytes, plan: Plan) -> RawTable:
    """A DHIS2 or SDMX file as the tidy table the bulk loader checks and writes."""
    names = indicator_names(plan)
    return read_dhis2(name, data, names) if fmt == "dhis2" else read_sdmx(name, data, names)


def format_of(path: str, given: str | None) -> str:
    """The format named, else the one a file name suggests (.json: dhis2); "tidy" for CSV and xlsx."""
    if given:
        return given
    return "dhis2" if path.lower().endswith(".json") else "tidy"


__all__ = ["FORMATS", "export_exchange", "format_of", "indicator_codes", "read_exchange"]
