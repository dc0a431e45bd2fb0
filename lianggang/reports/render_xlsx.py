"""Sheets (reports.tables.Sheet) → an .xlsx workbook: title, note, bold header, frozen panes, numbers
as numbers in their own precision with their flags' marks in the number format (5.2* stays 5.2)."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lianggang.evaluation.results import YearValue
from lianggang.lib.spreadsheet import xlsx_text
from lianggang.reports import marks
from lianggang.lib.units import decimals_of, unit_of

TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)


def number_format(value: float, mark: str = "", unit: str | None = None) -> str:
    """The value's own decimals (at most its unit's, as lib.units.format_value writes it: none for
    counts, two for rates), and its flags' marks after it ("0.0" → 5.2, '0.0"*"' → 5.2*)."""
    places = decimals_of(value)
    if unit is not None:
        places = min(places, unit_of(unit).places)
    digits = "0" if places == 0 else "0." + "0" * places
    return f'{digits}"{mark}"' if mark else digits


def _put(ws, row: int, col: int, value, unit: str | None = None) -> None:
    if value is None:
        return
    if isinstance(value, YearValue):
        cell = ws.cell(row, col, value.value)
        cell.number_format = number_format(value.value, marks.marks(value.flags), unit)
        return
    xlsx_text(ws.cell(row, col, value))


def workbook(sheets) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        ws.cell(TITLE_ROW, 1, sheet.title).font = TITLE_FONT
        if sheet.header:
            ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(sheet.header))
        ws.cell(NOTE_ROW, 1, sheet.note)
        for col, text in enumerate(sheet.header, 1):
            cell = xlsx_text(ws.cell(HEADER_ROW, col, text))
            cell.font = BOLD
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        if sheet.freeze_col:
            ws.freeze_panes = ws.cell(HEADER_ROW + 1, sheet.freeze_col + 1)
            ws.column_dimensions["B"].width = 36
        for n, row in enumerate(sheet.rows, 1):
            unit = row[sheet.unit_col] if sheet.unit_col is not None and sheet.unit_col < len(row) else None
            for col, value in enumerate(row, 1):
                _put(ws, HEADER_ROW + n, col, value, unit)
        if sheet.closing:
            ws.cell(ws.max_row + 2, 1, sheet.closing)
    return wb


def render(sheets) -> bytes:
    out = io.BytesIO()
    workbook(sheets).save(out)
    return out.getvalue()
