"""One small mechanism for every list page: filter, search, sort and export to xlsx.

A view describes its columns once and hands over its rows (already limited to what the user may
see — this module decides nothing about permission):

    table = Table(request, "targets", _("全部目标"), [
        Column("indicator", _("指标"), lambda r: r.indicator.name, link=lambda r: url_of(r)),
        Column("status", _("状态"), lambda r: r.status_label, filter=True, badge=lambda r: f"status-{r.status}"),
    ], results)
    if table.exported:
        return table.exported          # ?export=xlsx: the rows as shown (filtered and sorted)
    return render(..., {"table": table})   # {% include "web/_table.html" %}

The query string carries the state, so a filtered list is a link one can send: `q` searches every
column's text, `f-<key>` keeps the rows whose column equals a value, `sort=<key>` or `sort=-<key>`.
Separating the rows from their format follows the reports (one renderer per format).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: Any                                   # a (lazy) translated string
    get: Callable[[Any], Any]                    # the cell's value: shown, searched, sorted, exported
    filter: bool = False                         # offer a list of the column's values to filter by
    num: bool = False                            # right-aligned, sorted as a number
    link: Callable[[Any], str] | None = None     # the cell links to this URL
    badge: Callable[[Any], str] | None = None    # the cell is a status badge with this CSS class
    show: Callable[[Any], Any] | None = None     # what the page shows, when not the value (e.g. with unit)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _sort_key(value: Any):
    """Empty cells last; numbers as numbers; the rest by their text."""
    if value is None or value == "":
        return (2, 0, "")
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0, str(value))


@dataclass
class Cell:
    text: str
    link: str = ""
    badge: str = ""
    num: bool = False


@dataclass
class Header:
    label: Any
    key: str
    url: str
    direction: str   # "asc", "desc" or "" (not sorted by this column)
    num: bool


@dataclass
class Filter:
    key: str
    label: Any
    options: list[str]
    selected: str


class Table:
    def __init__(self, request, name: str, title: Any, columns: list[Column], rows: Iterable[Any]):
        self.request, self.name, self._title, self.columns = request, name, title, columns
        self.all_rows = list(rows)
        get = request.GET
        self.query = get.get("q", "").strip()
        self.selected = {c.key: get.get(f"f-{c.key}", "") for c in columns if c.filter}
        sort = get.get("sort", "")
        self.sort_key = sort.lstrip("-")
        self.descending = sort.startswith("-")
        if self.sort_key not in {c.key for c in columns}:
            self.sort_key, self.descending = "", False
        self.rows = self._apply()

    @property
    def title(self) -> str:
        """The title in the active language; a callable title is asked each time (so the export,
        written in Chinese, names its file in Chinese too)."""
        return str(self._title() if callable(self._title) else self._title)

    # -- what the query string asks ----------------------------------------------------------

    def _apply(self) -> list[Any]:
        rows = self.all_rows
        for key, wanted in self.selected.items():
            if wanted:
                col = self._column(key)
                rows = [r for r in rows if _text(col.get(r)) == wanted]
        if self.query:
            q = self.query.lower()
            rows = [r for r in rows if any(q in _text(c.get(r)).lower() for c in self.columns)]
        if self.sort_key:
            col = self._column(self.sort_key)
            rows = sorted(rows, key=lambda r: _sort_key(col.get(r)), reverse=self.descending)
            if self.descending:   # empty cells stay last either way
                rows = [r for r in rows if col.get(r) not in (None, "")] + [r for r in rows if col.get(r) in (None, "")]
        return rows

    def _column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def _url(self, **changes: str) -> str:
        params = self.request.GET.copy()
        for key, value in changes.items():
            if value:
                params[key] = value
            else:
                params.pop(key, None)
        params.pop("export", None)
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    # -- what the page shows -------------------------------------------------------------------

    @property
    def headers(self) -> list[Header]:
        out = []
        for c in self.columns:
            direction = ("desc" if self.descending else "asc") if c.key == self.sort_key else ""
            next_sort = f"-{c.key}" if direction == "asc" else c.key
            out.append(Header(c.label, c.key, self._url(sort=next_sort), direction, c.num))
        return out

    @property
    def filters(self) -> list[Filter]:
        out = []
        for c in self.columns:
            if c.filter:
                options = sorted({_text(c.get(r)) for r in self.all_rows} - {""}, key=_sort_key)
                out.append(Filter(c.key, c.label, options, self.selected[c.key]))
        return out

    @property
    def body(self) -> list[list[Cell]]:
        return [[Cell(_text(c.show(r) if c.show else c.get(r)), c.link(r) if c.link else "",
                      c.badge(r) if c.badge else "", c.num) for c in self.columns] for r in self.rows]

    @property
    def export_url(self) -> str:
        return self._url() + ("&" if self.request.GET else "") + "export=xlsx"

    @property
    def filtered(self) -> bool:
        return bool(self.query or any(self.selected.values()))

    @property
    def hidden(self) -> list[tuple[str, str]]:
        """The query string's other parameters (region, year …), kept by the filter form."""
        own = {"q", "sort", "export", *(f"f-{k}" for k in self.selected)}
        return [(k, v) for k, v in self.request.GET.items() if k not in own]

    # -- the same rows as a file ---------------------------------------------------------------

    @property
    def exported(self) -> HttpResponse | None:
        """The ?export=xlsx download. Official files are Chinese whatever the page's language:
        headers, the words in cells and the file name are written under zh-hans."""
        if self.request.GET.get("export") != "xlsx":
            return None
        from django.utils import translation

        from lianggang.web.access import download
        with translation.override("zh-hans"):
            return download(self.xlsx(), f"{self.title}.xlsx", XLSX)

    def xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        wb = Workbook()
        ws = wb.active
        ws.title = str(self.title)[:31]
        ws.append([str(c.label) for c in self.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in self.rows:
            ws.append([self._export_value(c.get(r)) for c in self.columns])
        for i, c in enumerate(self.columns, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = 12 if c.num else 24
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    @staticmethod
    def _export_value(value: Any):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        return _text(value)
