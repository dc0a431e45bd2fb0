"""Who reports each indicator of a round (指标 → 责任单位), in bulk: a page's multi-select and an
Excel sheet the office downloads, fills and uploads. Both end in services.set_obligations (all or
nothing, audited); a sheet is read whole first and refused with every problem located by row and
column, so nothing is half-saved.
"""
from __future__ import annotations

import io

from django.db import transaction
from django.utils.translation import gettext as _

from lianggang.audit.services import record
from lianggang.monitoring import services
from lianggang.monitoring.models import Round, Value
from lianggang.monitoring.tabular import Problem, Refused
from lianggang.regions.models import Department

SHEET = "指标责任单位"
HEADER = ["指标", "单位", "责任单位", "已有数据"]
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows(rnd: Round) -> list[tuple]:
    """(indicator, department or None, has values) of every indicator the round collects, by name."""
    indicators = list(services.round_indicators(rnd).order_by("name"))
    owed = dict(rnd.obligations.values_list("indicator_id", "department_id"))
    departments = {d.pk: d for d in Department.objects.filter(region=rnd.region)}
    with_values = set(Value.objects.filter(region=rnd.region, year=rnd.year, indicator__in=indicators)
                      .values_list("indicator_id", flat=True))
    return [(i, departments.get(owed.get(i.pk)), i.pk in with_values) for i in indicators]


def assign_many(user, rnd: Round, indicator_ids: list[int], department_id: int | None) -> int:
    """The page's multi-select: give every chosen indicator to one department (None: nobody)."""
    with transaction.atomic():
        changed = services.set_obligations(user, rnd, {pk: department_id for pk in indicator_ids})
        record(user, "round.assign", rnd, indicators=len(indicator_ids), department=department_id, changed=changed)
    return changed


def assign_each(user, rnd: Round, departments: dict[int, int | None]) -> int:
    """The per-indicator page: each indicator its own department (None: nobody), recorded as one act."""
    with transaction.atomic():
        changed = services.set_obligations(user, rnd, departments)
        record(user, "round.assign", rnd, indicators=len(departments), changed=changed)
    return changed


def filename(rnd: Round) -> str:
    return f"{rnd.region.name}{rnd.year}年度监测指标责任单位.xlsx"


def build_sheet(rnd: Round) -> bytes:
    """The round's indicators with their current 责任单位; a list of the region's departments beside."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for indicator, department, has_values in rows(rnd):
        ws.append([indicator.name, indicator.unit, department.name if department else "", "是" if has_values else ""])
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["C"].width = 30
    names = wb.create_sheet("成员单位")
    names.append(["成员单位", "简称"])
    departments = list(Department.objects.filter(region=rnd.region).order_by("short_name"))
    for d in departments:
        names.append([d.name, d.short_name])
    if departments and ws.max_row > 1:
        dv = DataValidation(type="list", formula1=f"=成员单位!$A$2:$A${len(departments) + 1}", allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"C2:C{ws.max_row}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_sheet(rnd: Round, data: bytes) -> dict[int, int | None]:
    """indicator id → department id (None: nobody) from a filled sheet; Refused with every
    problem (row, column, what) when any row is wrong."""
    from openpyxl import load_workbook
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:   # openpyxl raises many kinds for a file that is no workbook
        raise Refused([Problem("", None, "", _("文件不是 Excel 工作簿（.xlsx）"))])
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    table = list(ws.iter_rows(values_only=True))
    if not table or [str(c or "").strip() for c in table[0][:3]] != HEADER[:3]:
        raise Refused([Problem(ws.title, 1, "A—C", _("表头应为：指标、单位、责任单位"))])
    listed = rows(rnd)
    indicators = {i.name: i for i, _d, _v in listed}
    current = {i.pk: (d.pk if d else None) for i, d, _v in listed}
    has_values = {i.pk for i, _d, v in listed if v}
    departments: dict[str, int] = {}
    for d in Department.objects.filter(region=rnd.region):
        departments[d.name] = d.pk
        departments.setdefault(d.short_name, d.pk)
    problems, chosen, seen = [], {}, {}
    for n, row in enumerate(table[1:], start=2):
        name = str(row[0] or "").strip() if row else ""
        dept = str(row[2] or "").strip() if row and len(row) > 2 else ""
        if not name and not dept:
            continue
        indicator = indicators.get(name)
        if indicator is None:
            problems.append(Problem(ws.title, n, "A", _("“%(name)s”不是本次年度监测的指标") % {"name": name}))
            continue
        if name in seen:
            problems.append(Problem(ws.title, n, "A", _("指标“%(name)s”与第 %(row)d 行重复") % {"name": name, "row": seen[name]}))
            continue
        seen[name] = n
        if dept and dept not in departments:
            problems.append(Problem(ws.title, n, "C", _("“%(dept)s”不是%(region)s的成员单位") %
                                    {"dept": dept, "region": rnd.region.name}))
            continue
        department_id = departments.get(dept) if dept else None
        if department_id != current.get(indicator.pk) and indicator.pk in has_values:
            problems.append(Problem(ws.title, n, "C", _("指标“%(name)s”已有填报数据，不能改由其他单位填报") % {"name": name}))
            continue
        chosen[indicator.pk] = department_id
    if problems:
        raise Refused(problems)
    return chosen


def apply_sheet(user, rnd: Round, data: bytes, filename: str = "") -> int:
    """Read the sheet whole, then save every row at once (set_obligations); how many changed hands."""
    from lianggang.accounts.permissions import Action, require
    require(user, Action.MANAGE_ROUND, rnd)
    chosen = read_sheet(rnd, data)
    changed = services.set_obligations(user, rnd, chosen)
    record(user, "round.assign_sheet", rnd, file=filename, rows=len(chosen), changed=changed)
    return changed
