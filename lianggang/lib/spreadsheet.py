"""Text that a spreadsheet would run as a formula, made inert on every export (CSV and xlsx).

A note or reason a person typed, such as ``=HYPERLINK("http://…")`` or ``@SUM(A1)``, must reach the
reader as the text it is. Every CSV writer passes its rows through `csv_row`; every xlsx writer passes
its cells through `xlsx_text` after setting their value. Plain numbers (-5.2, +3) are left alone, so
exported values read back unchanged.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?([eE][-+]?\d+)?%?")


def is_formula_like(value: Any) -> bool:
    """Would a spreadsheet take this text for a formula (and it is not simply a number)?"""
    return isinstance(value, str) and value[:1] in TRIGGERS and not _NUMBER.fullmatch(value)


def csv_safe(value: Any) -> Any:
    """The cell for a CSV file: formula-like text gets a leading apostrophe, which spreadsheets show
    as text (the OWASP recommendation for CSV); anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def csv_row(row: Iterable[Any]) -> list[Any]:
    return [csv_safe(v) for v in row]


def xlsx_text(cell) -> Any:
    """An openpyxl cell whose value is formula-like text kept as text: string type (openpyxl would
    store "=…" as a formula) and Excel's quote prefix, so editing the cell does not run it either.
    The text itself is unchanged, so a department's form reads back what it wrote."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
