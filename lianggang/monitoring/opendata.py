"""Open data (开放数据): a published plan's values for anyone, as CSV and xlsx, per plan or per indicator.

What the public may read is the permission table's answer for the public (Action.VIEW_VALUE:
approved values that a published plan of their own region watches) — asked here for an
anonymous reader whoever downloads, so the file is the same for everyone. The rows are the tidy
form (monitoring/tabular.py), so an open-data file loads back with load-values.

Spreadsheet formula injection: a text cell beginning with = + - @ (or a tab or carriage return)
would run as a formula when the file is opened in Excel; such cells get a leading apostrophe
(OWASP's advice). Numbers stay numbers (-0.5 is a value, not a formula).
"""
from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Iterable, Iterator

from django.contrib.auth.models import AnonymousUser

from lianggang.monitoring.bulk import export_rows
from lianggang.monitoring.tabular import TidyRow, write_csv, write_xlsx
from lianggang.plans.models import Indicator, Plan

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
TEXT_FIELDS = ("region_name", "indicator", "age_group", "unit", "note", "source")
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def safe_text(text: str) -> str:
    """The text as a spreadsheet must show it, never run it: '=HYPERLINK(…) for =HYPERLINK(…)."""
    if text and text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(row: TidyRow) -> TidyRow:
    return replace(row, **{f: safe_text(getattr(row, f)) for f in TEXT_FIELDS})


def public_rows(plan: Plan, indicator: Indicator | None = None) -> Iterator[TidyRow]:
    """What the public may read of the plan's values in its region (all, or one indicator's), escaped."""
    rows: Iterable[TidyRow] = export_rows(plan, plan.region, user=AnonymousUser())
    if indicator is not None:
        rows = (r for r in rows if r.indicator == indicator.name)
    return (safe_row(r) for r in rows)


def render(rows: Iterable[TidyRow], fmt: str) -> bytes:
    """The rows as a CSV (UTF-8 with BOM, so Excel reads the Chinese) or an xlsx file."""
    if fmt == "xlsx":
        out = io.BytesIO()
        write_xlsx(rows, out, sheet_title="开放数据")
        return out.getvalue()
    text = io.StringIO()
    write_csv(rows, text)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def open_data(plan: Plan, fmt: str, indicator: Indicator | None = None) -> tuple[bytes, str, str]:
    """(file, file name, content type) of a published plan's open data."""
    if not plan.published:
        raise ValueError("纲要未公开")
    name = f"{plan.title}{'·' + indicator.name if indicator else ''}开放数据.{fmt}"
    return render(public_rows(plan, indicator), fmt), name, FORMATS[fmt]
