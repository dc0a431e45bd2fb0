"""A department's Excel form (填报表) for a round, and reading it back — all rows or none.

`build_template(round, department)` writes the form: a header block (填报单位, 负责人,
填表人, 联系电话, 报出日期), one row per owed indicator and disaggregation with its
unit and the last three years' approved values, the input columns 本年数值 (guarded by
the sheet's own data validation), 说明, 来源 and 标记 (a drop-down of the flags'
names; several are typed separated by 、, as 初步数、估计数), and hidden keys: a hidden
column of row keys (indicator, cell, the value's version when the form was made) and a
very hidden sheet naming the round and department, signed with the site's secret so an
edited key is caught.

`import_values(data, user=…)` reads the form (or the tidy CSV of one round), checks
every row and applies them through the one entry path (`monitoring.entry`)
inside one transaction, with the header block's 负责人, 填表人 and 联系电话 saved on
the submission. Any problem refuses the whole file with a report of sheet,
row, column and message (tabular.Refused), and nothing is saved. The web page and
the `template` / `import-values` commands call these two functions. Columns are found
by their headers, so a form made before 来源 and 标记 existed is still read (its
values keep their source and flags).

Language: what the form holds (header block, column headers, sheet names, the
input cells' data-validation prompts) is Chinese whatever the page's language;
the messages of a refusal follow the active language (gettext), so an English
page gets English problems and the commands, which run in Chinese, Chinese.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lianggang.accounts.permissions import Action, can
from lianggang.lib.spreadsheet import xlsx_text
from lianggang.monitoring import rules
from lianggang.monitoring.entry import (Entry, EntriesRefused, EntryProblem, check_entries, submission_for,
                                        write_entries)
from lianggang.monitoring.errors import NotFound, StaleVersion
from lianggang.monitoring.models import (FLAGS, Round, Submission, Value, ValueState, flags_text,
                                         read_flags, source_error, unknown_flag_error)
from lianggang.lib.cells import AREA, SEX, TOTAL, cells_of
from lianggang.lib.units import unit_of
from lianggang.monitoring.tabular import Problem, Refused, format_decimal, read_tidy
from lianggang.plans.models import Indicator
from lianggang.regions.models import Department

MAX_BYTES = 5 * 1024 * 1024          # a department's form is a few dozen KB; larger is not one
# What the workbook unpacks to: a form of a few thousand rows is a few MB of XML. A small file that
# unpacks to far more (a million stray cells, 200,000 copied rows) is refused before it is parsed,
# so reading a form stays within a second and a few dozen MB however the file was made.
MAX_UNPACKED_BYTES = 25 * 1024 * 1024
MAX_PARTS = 200
FORM_SHEET = "填报表"
KEY_SHEET = "_lianggang"
HEADER_ROW = 6                        # the table's header; data rows follow
COLUMNS = ("序号", "指标", "性别", "城乡", "年龄组", "单位")   # then three past years and the inputs
PAST_YEARS = 3
INPUTS = ("说明", "来源", "标记")      # after 本年数值; then the hidden key
KEY_HEADER = "key"
HEADER_FIELDS = ("负责人", "填表人", "联系电话", "报出日期")
CONTACT_FIELDS = {"负责人": "head", "填表人": "filled_by", "联系电话": "phone"}   # saved on the submission
NOTE = ("填写说明：只在黄色单元格填写；“本年数值”填数字（不要填公式或文字），需要时在“说明”中写明原因；"
        "“来源”填数据来源（如部门年报、抽样调查）；“标记”可选" + "、".join(f.name for f in FLAGS) +
        "，有多项时用顿号分隔。不要插入、删除或合并行，不要改动其他单元格。填好后在系统中上传本文件。")
FLAG_PROMPT = "可从下拉列表选一项；有多项时直接输入，用顿号分隔，如：初步数、估计数。不是初步数等情况留空。"


def contact_cell(i: int) -> tuple[int, int]:
    """(row, column) of the i-th header field's input cell (its label is just left of it)."""
    return 3 + i // 2, 2 + (i % 2) * 4


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    sex: str
    area: str
    age_group: str

    @property
    def cell(self) -> rules.Cell:
        return rules.Cell(self.sex, self.area, self.age_group)


@dataclass(frozen=True)
class Line:
    """One filled row of an upload, as read: where it is, the row key and the cells' contents.

    `source` and `flags` are None when the file has no such column (the stored ones are kept)."""
    sheet: str
    row: int
    column: str            # the value's column, as problems name it
    key: str               # indicator|sex|area|age|version ("*": not checked)
    raw: object
    note: object
    source: str | None = None
    flags: str | None = None
    source_column: str = ""
    flags_column: str = ""


@dataclass
class ImportResult:
    round: Round
    department: Department
    entered: int          # values saved (new or changed)
    unchanged: int        # rows whose value and note were already so
    blank: int            # rows left empty
    contact: dict         # the header block as filled (负责人, 填表人, 联系电话, 报出日期)


# -- what a department owes, cell by cell ------------------------------------------------

def form_rows(rnd: Round, department: Department) -> list[Row]:
    indicators = (Indicator.objects.filter(obligations__round=rnd, obligations__department=department)
                  .select_related("standard").order_by("pk").distinct())
    return [Row(ind, *cell) for ind in indicators for cell in cells_of(ind.by_sex, ind.by_area, ind.age_groups)]


def _row_key(row: Row, version: int) -> str:
    return f"{row.indicator.pk}|{row.sex}|{row.area}|{row.age_group}|{version}"


def _signature(round_id: int, department_id: int, keys: list[str]) -> str:
    """HMAC over the form's identity and row keys: an edited or forged key does not match."""
    message = f"{round_id}:{department_id}:" + "\n".join(keys)
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


# -- writing the form ------------------------------------------------------------------

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT = PatternFill("solid", fgColor="FFF2CC")
GREY = PatternFill("solid", fgColor="EEEEEE")


def _validation_for(unit_code: str) -> DataValidation:
    """Excel's own check of a value cell, from the unit's bounds (lib/units.py) — the server checks again."""
    unit = unit_of(unit_code)
    low, high = unit.low, unit.high
    if unit.whole:
        dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high))
        dv.error = f"单位为{unit.code}，请填写{low}到{high}之间的整数"
    elif low is not None and high is not None:
        dv = DataValidation(type="decimal", operator="between", formula1=str(low), formula2=str(high))
        dv.error = f"单位为{unit.code}，请填写{low}到{high}之间的数字"
    elif low is not None:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=str(low))
        dv.error = f"请填写不小于{low}的数字"
    else:
        dv = DataValidation(type="decimal", operator="between", formula1="-1E+13", formula2="1E+13")
        dv.error = "请填写数字"
    dv.errorTitle = "数值无效"
    dv.showErrorMessage = True
    dv.allow_blank = True
    return dv


NOTES_SHEET = "指标解释"


def _notes_sheet(wb, indicators) -> None:
    """The form's indicators explained (definition, method, unit, source), one row each, for the filler."""
    from lianggang.reports.dictionary import FORM_HEADER, form_row
    ws = wb.create_sheet(NOTES_SHEET)
    ws.append(FORM_HEADER)
    for cell in ws[1]:
        cell.font, cell.fill, cell.border = Font(bold=True), GREY, BOX
    seen = set()
    for ind in indicators:
        if ind.pk not in seen:
            seen.add(ind.pk)
            ws.append(form_row(ind))
    for c, width in zip("ABCDE", (30, 8, 50, 40, 30)):
        ws.column_dimensions[c].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_template(rnd: Round, department: Department, *, user=None) -> bytes:
    """The department's form for `rnd` as .xlsx bytes (user: checked for value.edit when given)."""
    rows = form_rows(rnd, department)
    if not rows:
        raise NotFound(_("%(department)s在本次年度监测中没有应填报的指标") % {"department": department.name},
                       "department")
    if user is not None:
        probe = Value(indicator=rows[0].indicator, region=rnd.region, year=rnd.year,
                      submission=submission_for(rnd, department))
        # The department fills it; the office and the bureau may hand it out.
        if not (can(user, Action.EDIT_VALUE, probe) or can(user, Action.MANAGE_ROUND, rnd)):
            raise PermissionDenied(_("无权下载%(department)s的填报表") % {"department": department.name})
    year = rnd.year
    past = [year - n for n in range(PAST_YEARS, 0, -1)]
    ind_ids = {r.indicator.pk for r in rows}
    values = {(v.indicator_id, v.year, v.sex, v.area, v.age_group): v
              for v in Value.objects.filter(indicator_id__in=ind_ids, region=rnd.region, year__in=[*past, year])}

    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    headers = [*COLUMNS, *(f"{y}年" for y in past), value_header(year), *INPUTS, KEY_HEADER]
    input_col = headers.index(value_header(year)) + 1
    note_col, source_col, flags_col, key_col = (headers.index(h) + 1 for h in (*INPUTS, KEY_HEADER))
    last = get_column_letter(flags_col)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = f"{rnd.region.name}{year}年妇女儿童发展纲要（规划）监测数据填报表"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"], ws["B2"] = "填报单位", department.name
    xlsx_text(ws["B2"])
    if rnd.deadline:
        ws["E2"], ws["F2"] = "截止日期", rnd.deadline.isoformat()
    sub = submission_for(rnd, department)
    for i, label in enumerate(HEADER_FIELDS):
        r, c = contact_cell(i)
        ws.cell(r, c - 1, label)
        saved = getattr(sub, CONTACT_FIELDS[label]) if label in CONTACT_FIELDS else ""
        target = xlsx_text(ws.cell(r, c, saved or None))
        target.fill, target.border = INPUT, BOX
        target.protection = Protection(locked=False)
    ws.merge_cells(f"A5:{last}5")
    ws["A5"] = NOTE
    ws["A5"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[5].height = 48
    for c, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, c, text)
        cell.font, cell.fill, cell.border = Font(bold=True), GREY, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    validations: dict[str, DataValidation] = {}
    flag_choice = _flag_validation()
    ws.add_data_validation(flag_choice)
    keys = []
    for n, row in enumerate(rows, start=1):
        r = HEADER_ROW + n
        ind = row.indicator
        current = values.get((ind.pk, year, row.sex, row.area, row.age_group))
        key = _row_key(row, current.version if current else 0)
        keys.append(key)
        cells = [n, ind.name, SEX.names[row.sex], AREA.names[row.area], row.age_group, ind.unit]
        for y in past:
            v = values.get((ind.pk, y, row.sex, row.area, row.age_group))
            cells.append(float(v.value) if v is not None and v.state == ValueState.APPROVED else None)
        cells += [float(current.value) if current else None, current.note if current else "",
                  current.source if current else "", flags_text(current.flag_codes) if current else "", key]
        for c, value in enumerate(cells, start=1):
            cell = xlsx_text(ws.cell(r, c, value))
            cell.border = BOX
        for c in (input_col, note_col, source_col, flags_col):
            ws.cell(r, c).fill = INPUT
            ws.cell(r, c).protection = Protection(locked=False)
        flag_choice.add(ws.cell(r, flags_col))
        dv = validations.get(ind.unit)
        if dv is None:
            dv = validations[ind.unit] = _validation_for(ind.unit)
            ws.add_data_validation(dv)
        dv.add(ws.cell(r, input_col))
    ws.column_dimensions[get_column_letter(key_col)].hidden = True
    for c, width in zip(range(1, flags_col + 1), (6, 36, 6, 6, 8, 8, 10, 10, 10, 12, 30, 14, 16)):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.protection.sheet = True          # structure guarded; the yellow cells stay open
    ws.protection.formatRows = False
    ws.protection.formatColumns = False

    _notes_sheet(wb, [r.indicator for r in rows])
    meta = wb.create_sheet(KEY_SHEET)
    meta.sheet_state = "veryHidden"
    for r, (label, value) in enumerate((("round", rnd.pk), ("department", department.pk), ("year", year),
                                        ("region", rnd.region.code), ("rows", len(rows)),
                                        ("signature", _signature(rnd.pk, department.pk, keys))), start=1):
        meta.cell(r, 1, label)
        meta.cell(r, 2, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def value_header(year: int) -> str:
    return f"{year}年数值"


def _flag_validation() -> DataValidation:
    """标记: a drop-down of the flags' names that also takes typed text (several flags: 初步数、估计数);
    the upload checks every word."""
    dv = DataValidation(type="list", formula1='"' + ",".join(f.name for f in FLAGS) + '"', allow_blank=True)
    dv.showErrorMessage = False
    dv.error = "标记应为" + "、".join(f.name for f in FLAGS) + "，多项用顿号分隔"   # not shown: typed text is allowed
    dv.showInputMessage = True
    dv.promptTitle = "标记"
    dv.prompt = FLAG_PROMPT
    return dv


def template_filename(rnd: Round, department: Department) -> str:
    return f"{rnd.region.name}{rnd.year}年{department.short_name or department.name}填报表.xlsx"


# -- reading it back -----------------------------------------------------------------------

def _refuse(sheet: str, message: str, row: int | None = None, column: str = "") -> Refused:
    return Refused([Problem(sheet, row, column, message)], message)


def import_values(data: bytes, *, user, filename: str = "填报表.xlsx", round: Round | None = None,
                  department: Department | None = None) -> ImportResult:
    """Apply a filled form (xlsx) or a round's tidy CSV; all rows or none (Refused lists every problem).

    `round` / `department`, when given (the page the file was uploaded on), must be the form's own."""
    name = Path(filename).name
    if len(data) > MAX_BYTES:
        raise _refuse(name, _("文件大小 %(size)s KB 超过上限 %(limit)s MB，请上传系统生成的填报表")
                      % {"size": len(data) // 1024, "limit": MAX_BYTES // 1024 // 1024})
    if not data:
        raise _refuse(name, _("文件是空的"))
    if data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm")):
        rnd, dept, entries, contact = _read_form(name, data)
        read_problems: list[Problem] = []
    else:
        if round is None:
            raise _refuse(name, _("CSV 文件须在某次年度监测中上传（命令行请加 --round）"))
        rnd, dept, entries, contact, read_problems = _read_csv(name, data, round, department, user)
    if round is not None and rnd.pk != round.pk:
        raise _refuse(name, _("此表是%(region)s%(year)s年的填报表，不是本次（%(this_region)s%(this_year)s年）的，"
                              "请下载本次的模板") % {"region": rnd.region.name, "year": rnd.year,
                                                "this_region": round.region.name, "this_year": round.year})
    if department is not None and dept.pk != department.pk:
        raise _refuse(name, _("此表是%(form_department)s的填报表，不是%(department)s的")
                      % {"form_department": dept.name, "department": department.name})
    return _apply(name, rnd, dept, entries, contact, user, read_problems)


def _check_unpacked(name: str, data: bytes) -> None:
    """Refuse a workbook whose content is far larger than any form's, before parsing it."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(name, _("文件不是有效的 Excel（.xlsx）文件，请上传系统生成的填报表"))
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise _refuse(name, _("表格内容远多于填报表（大量多余的行或单元格），请在系统中重新下载模板填写"))


def _read_form(name: str, data: bytes):
    _check_unpacked(name, data)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _refuse(name, _("文件不是有效的 Excel（.xlsx）文件，请上传系统生成的填报表"))
    except Exception:   # openpyxl raises many kinds on damaged files; any of them means the same to a person
        raise _refuse(name, _("文件已损坏，无法读取，请重新下载模板填写"))
    if KEY_SHEET not in wb.sheetnames or FORM_SHEET not in wb.sheetnames:
        raise _refuse(name, _("这不是本系统生成的填报表（缺少校验信息），请在系统中下载模板后填写"))
    meta = {str(r[0].value): r[1].value for r in wb[KEY_SHEET].iter_rows(min_row=1, max_col=2) if r[0].value}
    try:
        rnd = Round.objects.select_related("region").get(pk=int(meta["round"]))
        dept = Department.objects.get(pk=int(meta["department"]))
    except (KeyError, TypeError, ValueError, Round.DoesNotExist, Department.DoesNotExist):
        raise _refuse(name, _("填报表的校验信息已损坏或对应的年度监测已删除，请重新下载模板"))
    ws = wb[FORM_SHEET]
    sheet = ws.title
    problems: list[Problem] = []
    headers = {str(c.value).strip(): c.column for c in ws[HEADER_ROW] if c.value is not None}
    input_col, note_col, key_col = (headers.get(h) for h in (value_header(rnd.year), "说明", KEY_HEADER))
    if None in (input_col, note_col, key_col):
        raise _refuse(sheet, _("填报表第 %(row)s 行的表头被改动，请重新下载模板") % {"row": HEADER_ROW}, HEADER_ROW)
    source_col, flags_col = headers.get("来源"), headers.get("标记")   # absent from forms made before them
    for merged in ws.merged_cells.ranges:
        if merged.max_row > HEADER_ROW:
            problems.append(Problem(sheet, merged.min_row, str(merged), _("数据区有合并的单元格，请取消合并")))
    if ws.max_row <= HEADER_ROW:
        raise _refuse(sheet, _("工作表是空的（没有任何数据行），请重新下载模板"))
    expected = _expected_keys(rnd, dept)
    seen: dict[str, int] = {}
    entries = []
    keys_in_order = []
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        key = ws.cell(r, key_col).value
        value_cell = ws.cell(r, input_col)
        if key is None or str(key).strip() == "":
            if any(ws.cell(r, c).value not in (None, "") for c in range(1, key_col)):
                problems.append(Problem(sheet, r, "", _("这一行不是模板中的行（插入的行？）：请删除，在原有行中填写")))
            continue
        key = str(key)
        keys_in_order.append(key)
        if key in seen:
            problems.append(Problem(sheet, r, "", _("与第 %(row)s 行重复（复制的行？）") % {"row": seen[key]}))
            continue
        seen[key] = r
        if key.rsplit("|", 1)[0] not in expected:
            problems.append(Problem(sheet, r, "key", _("隐藏的校验键被改动，或该行不属于本单位的填报任务")))
            continue
        if value_cell.data_type == "f" or (isinstance(value_cell.value, str) and value_cell.value.startswith("=")):
            problems.append(Problem(sheet, r, get_column_letter(input_col), _("请填写数值，不要填写公式")))
            continue
        entries.append(Line(sheet, r, get_column_letter(input_col), key, value_cell.value, ws.cell(r, note_col).value,
                            source=_text_at(ws, r, source_col), flags=_text_at(ws, r, flags_col),
                            source_column=get_column_letter(source_col) if source_col else "",
                            flags_column=get_column_letter(flags_col) if flags_col else ""))
    if not problems and _signature(rnd.pk, dept.pk, keys_in_order) != meta.get("signature"):
        problems.append(Problem(sheet, None, "", _("表中的行与下载时不一致（下载时 %(rows)s 行，现有 %(now)s 行："
                                                   "删除、调换或改动了行？），请重新下载模板填写")
                                % {"rows": meta.get("rows"), "now": len(keys_in_order)}))
    if problems:
        raise Refused(problems)
    contact = {}
    for i, label in enumerate(HEADER_FIELDS):
        v = ws.cell(*contact_cell(i)).value
        contact[label] = "" if v is None else str(v).strip()
    return rnd, dept, entries, contact


def _text_at(ws, row: int, column: int | None) -> str | None:
    """A cell's text, stripped ("" when empty); None when the form has no such column."""
    if column is None:
        return None
    value = ws.cell(row, column).value
    return "" if value is None else str(value).strip()


def _expected_keys(rnd: Round, dept: Department) -> set[str]:
    """Row keys (without the version) a form of this round and department may hold."""
    return {_row_key(row, 0).rsplit("|", 1)[0] for row in form_rows(rnd, dept)}


def _read_csv(name: str, data: bytes, rnd: Round, department: Department | None, user):
    table = read_tidy(name, data)
    dept = department or getattr(getattr(user, "profile", None), "department", None)
    if dept is None:
        raise _refuse(name, _("请指明填报单位（--department）"))
    by_name = {r.indicator.name: r.indicator for r in form_rows(rnd, dept)}
    col = table.columns
    entries = []
    problems = []
    for line, cells in enumerate(table.rows, start=table.first_line):
        cells = cells + [""] * (len(table.headers) - len(cells))
        if not any(cells):
            continue
        ind = by_name.get(cells[col["indicator"]].strip())
        if ind is None:
            problems.append(Problem(table.sheet, line, table.column_name("indicator"),
                                    _("“%(indicator)s”不是%(department)s本次应填报的指标")
                                    % {"indicator": cells[col["indicator"]], "department": dept.name}))
            continue
        if cells[col["region_code"]].strip() != rnd.region.code or cells[col["year"]].strip() not in (
                str(rnd.year), f"{rnd.year}.0", f"{rnd.year}年"):
            problems.append(Problem(table.sheet, line, table.column_name("region_code"),
                                    _("本次只收%(region)s（%(code)s）%(year)s年的数据")
                                    % {"region": rnd.region.name, "code": rnd.region.code, "year": rnd.year}))
            continue
        sex = SEX.read(cells[col["sex"]]) if "sex" in col else TOTAL
        area = AREA.read(cells[col["area"]]) if "area" in col else TOTAL
        if sex is None or area is None:
            dimension = SEX if sex is None else AREA
            problems.append(Problem(table.sheet, line, table.column_name(dimension.code),
                                    rules.cell_word_error(dimension, cells[col[dimension.code]])))
            continue
        age = cells[col["age_group"]].strip() if "age_group" in col else ""
        note = cells[col["note"]].strip() if "note" in col else ""
        key = f"{ind.pk}|{sex}|{area}|{age}"
        entries.append(Line(table.sheet, line, table.column_name("value"), key + "|*", cells[col["value"]], note,
                            source=cells[col["source"]].strip() if "source" in col else None,
                            flags=cells[col["flags"]].strip() if "flags" in col else None,
                            source_column=table.column_name("source"), flags_column=table.column_name("flags")))
    # The rows' own problems go on with the checks of the good rows: every problem of a file at once.
    return rnd, dept, entries, {}, problems


def _apply(name: str, rnd: Round, dept: Department, lines: list[Line], contact: dict, user,
           read_problems: list[Problem] = ()) -> ImportResult:
    """The filled rows through the one entry path (monitoring.entry), every problem at its row and column."""
    inds = {i.pk: i for i in Indicator.objects.filter(obligations__round=rnd, obligations__department=dept)}
    if not inds:
        raise _refuse(name, _("%(department)s在本次年度监测中没有应填报的指标") % {"department": dept.name})
    problems: list[Problem] = list(read_problems)
    entries: list[Entry] = []
    where: list[Line] = []
    blank = 0
    for line in lines:
        ind_id, sex, area, age, version = line.key.split("|")
        raw = line.raw
        text = "" if raw is None else (format_decimal(Decimal(str(raw))) if isinstance(raw, (int, float)) else str(raw))
        if not text.strip():
            blank += 1
            continue
        qualifier_problems = _qualifier_problems(line)
        problems += qualifier_problems
        if qualifier_problems:
            continue
        entries.append(Entry(inds[int(ind_id)], rules.Cell(sex, area, age), text.strip(),
                             "" if line.note is None else str(line.note).strip(), line.source,
                             None if line.flags is None else read_flags(line.flags)[0],
                             None if version == "*" else int(version)))
        where.append(line)
    contact_fields, contact_problems = _contact_fields(contact)
    problems += contact_problems
    try:
        found = check_entries(user, rnd, dept, entries)
    except PermissionDenied:
        raise _refuse(name, _("无权填报%(department)s的数据（%(region)s%(year)s年）")
                      % {"department": dept.name, "region": rnd.region.name, "year": rnd.year})
    whole = next((p for p in found if p.index is None), None)
    if whole is not None:     # a closed round, a submitted department: one answer for the file
        raise _refuse(name, whole.message)
    problems += [_located(p, where, name) for p in found]
    if problems:
        raise Refused(sorted(problems, key=lambda p: p.row or 0))
    if not entries:
        raise _refuse(name, _("表中没有填写任何数值"))
    try:
        with transaction.atomic():   # the values and the header block, or neither
            written = write_entries(user, rnd, dept, entries, reason=f"Excel 导入：{name}")
            if contact_fields:
                Submission.objects.filter(round=rnd, department=dept).update(**contact_fields)
    except EntriesRefused as e:   # e.g. saved by someone else this very second: nothing is kept
        raise Refused([_located(p, where, name) for p in e.problems])
    return ImportResult(rnd, dept, entered=written.written, unchanged=written.unchanged, blank=blank,
                        contact=contact)


def _located(problem: EntryProblem, where: list[Line], name: str) -> Problem:
    """An entry's problem at the row and column of the file it came from."""
    if problem.index is None:
        return Problem(name, None, "", problem.message)
    line = where[problem.index]
    if problem.error is StaleVersion and problem.stored is not None:
        message = _("%(indicator)s：下载模板后此数据已被%(user)s改为%(value)s，请重新下载模板再填写") % {
            "indicator": problem.subject, "user": problem.stored.updated_by or _("他人"),
            "value": format_decimal(problem.stored.value)}
        return Problem(line.sheet, line.row, line.column, message)
    column = {"source": line.source_column, "flags": line.flags_column}.get(problem.field, line.column)
    return Problem(line.sheet, line.row, column, problem.described)


def _qualifier_problems(entry: Line) -> list[Problem]:
    """What is wrong with a row's 来源 and 标记 cells, each at its column."""
    problems = []
    message = source_error(entry.source) if entry.source else None
    if message:
        problems.append(Problem(entry.sheet, entry.row, entry.source_column, message))
    if entry.flags:
        problems += [Problem(entry.sheet, entry.row, entry.flags_column, unknown_flag_error(word))
                     for word in read_flags(entry.flags)[1]]
    return problems


def _contact_fields(contact: dict) -> tuple[dict[str, str], list[Problem]]:
    """The header block's filled 负责人, 填表人, 联系电话 as Submission fields (an empty cell keeps what
    was saved), and the problems of those too long to keep."""
    fields, problems = {}, []
    for i, label in enumerate(HEADER_FIELDS):
        text = contact.get(label, "")
        if label not in CONTACT_FIELDS or not text:
            continue
        field = CONTACT_FIELDS[label]
        limit = Submission._meta.get_field(field).max_length
        if len(text) > limit:
            row, column = contact_cell(i)
            problems.append(Problem(FORM_SHEET, row, get_column_letter(column),
                                    _("%(field)s不能超过%(limit)s个字") % {"field": label, "limit": limit}))
        else:
            fields[field] = text
    return fields, problems
