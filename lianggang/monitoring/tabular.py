"""The tidy form of monitoring values, shared by import and export (one row per value).

A tidy file has one header row and one row per value:

    区划代码, 区划名称, 指标, 年度, 性别, 城乡, 年龄组, 数值, 单位, 说明, 来源, 标记

English names (region_code, indicator, year, sex, area, age_group, value, unit,
note, source, flags) are accepted too; 区划名称 is for people and ignored on reading. Sex and
area may be written 合计/女/男, 合计/城镇/乡村 or total/female/male, total/urban/rural.
来源 is the value's data source (部门年报 …); 标记 its flags as words separated by 、
(初步数、估计数 — models.FLAGS; the codes provisional, estimated … are read too). Both
are optional: a file without the column leaves the stored source and flags as they are.

Exports separate data from format: a report yields `TidyRow`s, and one renderer
per format (`write_csv`, `write_xlsx`) writes them; `read_tidy` reads either back.
Problems found while reading any upload are `Problem`s (sheet, row, column,
message) and one `write_report` prints them. A problem's message is in the active
language (gettext, so English on an English page); headers, sheet names and the
words written into files stay Chinese.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Iterable

from django.utils.translation import gettext as _, ngettext

from lianggang.lib.cells import AREA, SEX
from lianggang.lib.gcpause import without_gc
from lianggang.lib.spreadsheet import csv_row, is_formula_like, xlsx_text
from lianggang.monitoring.models import flags_text

# canonical key → Chinese header written on export
HEADERS = {
    "region_code": "区划代码",
    "region_name": "区划名称",
    "indicator": "指标",
    "year": "年度",
    "sex": "性别",
    "area": "城乡",
    "age_group": "年龄组",
    "value": "数值",
    "unit": "单位",
    "note": "说明",
    "source": "来源",
    "flags": "标记",
}
ALIASES = {
    "区划代码": "region_code", "地区代码": "region_code", "行政区划代码": "region_code", "region_code": "region_code",
    "code": "region_code",
    "区划名称": "region_name", "区划": "region_name", "地区": "region_name", "region": "region_name",
    "region_name": "region_name",
    "指标": "indicator", "指标名称": "indicator", "indicator": "indicator",
    "年度": "year", "年份": "year", "年": "year", "year": "year",
    "性别": "sex", "sex": "sex",
    "城乡": "area", "area": "area",
    "年龄组": "age_group", "年龄": "age_group", "age_group": "age_group", "age": "age_group",
    "数值": "value", "值": "value", "value": "value",
    "单位": "unit", "计量单位": "unit", "unit": "unit", "units": "unit",
    "说明": "note", "备注": "note", "note": "note",
    "来源": "source", "数据来源": "source", "source": "source",
    "标记": "flags", "数据标记": "flags", "flags": "flags", "flag": "flags",
}
REQUIRED = ("region_code", "indicator", "year", "value")
COLUMNS = tuple(HEADERS)  # the order rows are written in

@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, pointing at the spot a person must mend."""
    sheet: str
    row: int | None
    column: str
    message: str

    def cells(self) -> list[str]:
        return [self.sheet, "" if self.row is None else str(self.row), self.column, self.message]


REPORT_HEADER = ["工作表", "行", "列", "问题"]   # the report file's header: Chinese, as files are


def refused_summary(n: int) -> str:
    return ngettext("文件有 %(n)s 处问题，未导入任何数据", "文件有 %(n)s 处问题，未导入任何数据", n) % {"n": n}


class Refused(Exception):
    """An upload refused as a whole; `problems` lists every reason (nothing was saved)."""

    def __init__(self, problems: list[Problem], summary: str = ""):
        self.problems = problems
        self.summary = summary or refused_summary(len(problems))
        super().__init__(self.summary)


def write_report(problems: Iterable[Problem], out: IO[str], limit: int | None = None) -> None:
    """The refusal report as an aligned table (or CSV when `out` is a file the caller opened for CSV)."""
    problems = list(problems)
    shown = problems if limit is None else problems[:limit]
    rows = [REPORT_HEADER] + [p.cells() for p in shown]

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2e80 else 1 for ch in s)
    widths = [max(width(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        out.write("  ".join(c + " " * (w - width(c)) for c, w in zip(r[:3], widths)) + "  " + r[3] + "\n")
    if limit is not None and len(problems) > limit:
        more = len(problems) - limit
        out.write(ngettext("……另有 %(n)s 处问题未列出", "……另有 %(n)s 处问题未列出", more) % {"n": more} + "\n")


def write_report_csv(problems: Iterable[Problem], out: IO[str]) -> None:
    w = csv.writer(out)
    w.writerow(REPORT_HEADER)
    for p in problems:
        w.writerow(csv_row(p.cells()))


# -- the row -----------------------------------------------------------------------------

@dataclass(frozen=True)
class TidyRow:
    region_code: str
    region_name: str
    indicator: str
    year: int
    sex: str          # a code of lib/cells.SEX
    area: str         # a code of lib/cells.AREA
    age_group: str
    value: Decimal
    unit: str
    note: str
    source: str = ""
    flags: frozenset[str] = frozenset()   # flag codes (models.FLAGS)

    def cells(self) -> list:
        return [self.region_code, self.region_name, self.indicator, self.year, SEX.names.get(self.sex, self.sex),
                AREA.names.get(self.area, self.area), self.age_group, format_decimal(self.value), self.unit, self.note,
                self.source, flags_text(self.flags)]


def format_decimal(d: Decimal) -> str:
    """12.500000 → 12.5, 3.000000 → 3: the number as a person writes it, exactly."""
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d, "f").rstrip("0").rstrip(".")


# -- renderers ------------------------------------------------------------------------------

def write_csv(rows: Iterable[TidyRow], out: IO[str]) -> int:
    """Rows as UTF-8 CSV (the caller opens the file with encoding utf-8-sig so Excel reads it)."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(list(HEADERS.values()))
    n = 0
    for r in rows:
        w.writerow(csv_row(r.cells()))
        n += 1
    return n


def write_xlsx(rows: Iterable[TidyRow], path_or_file, sheet_title: str = "数据") -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title)
    bold = Font(bold=True)
    header = []
    for h in HEADERS.values():
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        header.append(c)
    ws.append(header)
    n = 0
    for r in rows:
        cells = r.cells()
        # numbers as numbers so Excel can sum them; text when a float could not hold it exactly
        if len(r.value.normalize().as_tuple().digits) <= 15:
            cells[7] = float(r.value)
        ws.append([xlsx_text(WriteOnlyCell(ws, value=c)) if is_formula_like(c) else c for c in cells])
        n += 1
    wb.save(path_or_file)
    return n


# -- reading -------------------------------------------------------------------------------

@dataclass
class RawTable:
    """Cells of a tidy upload as text: `columns` maps canonical keys to positions.

    `rows[i]` is spreadsheet row `first_line + i` (blank rows kept, so row numbers stay true)."""
    sheet: str
    columns: dict[str, int]
    rows: list[list[str]]
    headers: list[str]
    first_line: int = 2

    def column_name(self, key: str) -> str:
        i = self.columns.get(key)
        return self.headers[i] if i is not None else HEADERS.get(key, key)


def decode(data: bytes) -> str:
    """CSV text: UTF-8 (with or without BOM), else GB18030 as Excel in China saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _header_map(headers: list[str], sheet: str) -> tuple[dict[str, int], list[Problem]]:
    columns: dict[str, int] = {}
    problems = []
    for i, h in enumerate(headers):
        key = ALIASES.get(h.strip()) or ALIASES.get(h.strip().lower())
        if key is None:
            if h.strip():
                problems.append(Problem(sheet, 1, h, _("不认识的列名“%(name)s”（应为：%(expected)s）")
                                        % {"name": h, "expected": _("、").join(HEADERS.values())}))
            continue
        if key in columns:
            problems.append(Problem(sheet, 1, h, _("列“%(name)s”重复") % {"name": h}))
        columns[key] = i
    for key in REQUIRED:
        if key not in columns:
            problems.append(Problem(sheet, 1, HEADERS[key], _("缺少必需的列“%(name)s”") % {"name": HEADERS[key]}))
    return columns, problems


@without_gc   # a million small lists, no cycles
def read_tidy(name: str, data: bytes) -> RawTable:
    """A tidy CSV or xlsx file as text cells; raises Refused for a file that is not one."""
    sheet = Path(name).name
    if data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_tidy_xlsx(name, data)
    try:
        text = decode(data)
    except UnicodeDecodeError:
        raise Refused([Problem(sheet, None, "", _("文件不是文本格式的 CSV（无法按 UTF-8 或 GB18030 读取）"))])
    if "\x00" in text[:4096]:
        raise Refused([Problem(sheet, None, "", _("文件不是 CSV 文本文件"))])
    if '"' not in text:
        # No quoting anywhere: a CSV line is exactly its comma-separated parts (several times faster).
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        all_rows = [line[:-1].split(",") if line.endswith("\r") else line.split(",") for line in lines]
    else:
        try:
            all_rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as e:
            raise Refused([Problem(sheet, None, "", _("CSV 格式错误：%(error)s") % {"error": e})])
    if not all_rows or not any(all_rows[0]):
        raise Refused([Problem(sheet, None, "", _("文件是空的"))])
    headers = all_rows[0]
    columns, problems = _header_map(headers, sheet)
    if problems:
        raise Refused(problems)
    rows = all_rows[1:]
    if not any(any(r) for r in rows):
        raise Refused([Problem(sheet, None, "", _("文件只有表头，没有数据行"))])
    return RawTable(sheet, columns, rows, headers)


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    return str(v)


def _read_tidy_xlsx(name: str, data: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise Refused([Problem(Path(name).name, None, "", _("文件不是有效的 Excel（.xlsx）文件"))])
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    headers = [_cell_text(v) for v in next(it, ())]
    if not any(headers):
        raise Refused([Problem(ws.title, None, "", _("工作表是空的"))])
    columns, problems = _header_map(headers, ws.title)
    if problems:
        raise Refused(problems)
    rows = [[_cell_text(v) for v in values] for values in it]
    wb.close()
    if not any(any(r) for r in rows):
        raise Refused([Problem(ws.title, None, "", _("工作表只有表头，没有数据行"))])
    return RawTable(ws.title, columns, rows, headers)
