"""Indicator tables (重点指标目标表) flattened to one cell per line.

    table  := header row+
    header := cells up to the first row number: 领域, 序号, …指标…, 2020年, 2025年
    row    := [domain cell] NUMBER indicator-cell [(unit)] [baseline] [target]

Cells a web page or PDF tool lost are recovered by the table's own layout: a
domain cell split over two lines is joined (妇女与 / 决策管理); a domain cell
is written once for the rows under it; a target cell merged over several rows
is written once and holds for the rows that have only a baseline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import DOMAIN_CELL_START, HEADING_LEVELS, NUMBERING

_FIRST_HEADERS = frozenset({"领域", "序号", "编号", "发展领域", "类别"})
_HEADER_NUMBER = re.compile(r"^(?:序号|编号)$")
_HEADER_INDICATOR = re.compile(r"指标")
_HEADER_YEAR = re.compile(r"((?:19|20)\d\d)\s*年|基[期数准]|目标")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_EMPTY = re.compile(r"^[-—–/／无]$")
_INDICATOR_CELL = re.compile(r"[\u4e00-\u9fff]")  # an indicator names something in words
_UNIT_CELL = re.compile(r"^[（(][^（）()]{1,10}[)）]$")


@dataclass
class Cell:
    text: str
    start: int  # offset in the normalised text


@dataclass
class Row:
    number: int
    domain: str
    indicator: Cell
    baseline: Cell | None
    target: Cell | None
    base_year: int | None
    shared: bool = False  # the target cell is the row above's (a merged cell)


def is_header(cells: list[Cell], i: int) -> bool:
    """A table header starts here: 序号 and an indicator column within the next few cells."""
    if i >= len(cells) or cells[i].text not in _FIRST_HEADERS:
        return False
    window = [c.text for c in cells[i:i + 8]]
    return any(_HEADER_NUMBER.match(t) for t in window) and any(_HEADER_INDICATOR.search(t) for t in window)


def _is_row_start(cells: list[Cell], i: int, number: int) -> bool:
    return (i + 1 < len(cells) and cells[i].text == str(number)
            and _INDICATOR_CELL.search(cells[i + 1].text) and not _HEADER_YEAR.match(cells[i + 1].text))


def _ends_table(text: str) -> bool:
    """A heading or a sentence after the last row ends the table."""
    head = any(NUMBERING[k].match(text) for k in HEADING_LEVELS)
    return head or len(text) > 40 or text.endswith("。")


def parse_table(cells: list[Cell], i: int) -> tuple[list[Row], int]:
    """Rows of the table whose header starts at cells[i]; and the index after the table."""
    headers, first_domain = [], []
    while i < len(cells) and cells[i].text != "1":
        if first_domain or DOMAIN_CELL_START.match(cells[i].text):
            first_domain.append(cells[i].text)  # the first row's domain cell stands before its number
        else:
            headers.append(cells[i].text)
        i += 1
        if len(headers) + len(first_domain) > 12:
            return [], i
    value_heads = [h for h in headers[next((k for k, h in enumerate(headers) if _HEADER_INDICATOR.search(h)), 0) + 1:]
                   if _HEADER_YEAR.search(h)]
    years = [int(m.group(1)) for h in value_heads for m in [_HEADER_YEAR.search(h)] if m and m.group(1)]
    base_year = years[0] if len(value_heads) >= 2 and years else None
    n_values = max(1, min(2, len(value_heads)))
    # Row starts: each next row number followed by a text cell.
    starts, number, k = [], 1, i
    while k < len(cells):
        if _is_row_start(cells, k, number):
            starts.append(k)
            number += 1
        elif (starts and _ends_table(cells[k].text)) or (not starts and k > i):
            break  # after the last row; or the header's "1" starts no row: no table here
        k += 1
    if not starts:
        return [], i
    end = k
    rows: list[Row] = []
    domain, carried = "".join(first_domain), None
    for n, s in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end
        seg = cells[s + 1:stop]
        if not seg:
            continue
        indicator = Cell(seg[0].text, seg[0].start)
        j = 1
        while j < len(seg) and _UNIT_CELL.match(seg[j].text):
            indicator = Cell(indicator.text + seg[j].text, indicator.start)
            j += 1
        rest = seg[j:]
        cut = next((q for q, c in enumerate(rest) if DOMAIN_CELL_START.match(c.text)), len(rest))
        values, next_domain = rest[:cut], "".join(c.text for c in rest[cut:])
        baseline, target = _values(values, n_values)
        shared = target is None and carried is not None
        if target is None:
            target = carried  # a target cell merged over several rows
        else:
            carried = target
        rows.append(Row(n + 1, domain, indicator, baseline, target, base_year, shared))
        if next_domain:
            domain = next_domain
    return rows, end


def _values(values: list[Cell], n_values: int) -> tuple[Cell | None, Cell | None]:
    """(baseline, target) cells of one row; a lone plain number under two columns is a baseline."""
    if not values:
        return None, None
    if len(values) == 1:
        only = values[0]
        if n_values == 2 and (_NUMBER.match(only.text) or _EMPTY.match(only.text)):
            return only, None
        return None, only
    return values[0], Cell("".join(c.text for c in values[1:]), values[1].start)


def baseline_value(row: Row) -> dict | None:
    if row.baseline is None or row.base_year is None or not _NUMBER.match(row.baseline.text):
        return None
    value = float(row.baseline.text)
    return {"year": row.base_year, "value": int(value) if value.is_integer() and "." not in row.baseline.text else value}
