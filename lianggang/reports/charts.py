"""Trend charts (matplotlib Agg, CJK font): rendered once, as PNG for docx and SVG for html/pdf."""
from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

from lianggang.reports.fonts import cjk_font  # noqa: E402


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes
    svg: str


def trend(title: str, points, target: float | None, unit: str) -> Chart:
    """Each year's value, marked points for flagged values, and the target as a dashed line."""
    name, _path = cjk_font()
    fig = Figure(figsize=(5, 2.6), dpi=90)
    ax = fig.add_subplot()
    years = [p.year for p in points]
    ax.plot(years, [p.value for p in points], marker="o", color="#1f4e79")
    for p in points:
        if p.flags:
            ax.annotate("*", (p.year, p.value), color="#c00")
    if target is not None:
        ax.axhline(target, linestyle="--", color="#c00", label="目标值")
        ax.legend(prop={"family": name, "size": 8})
    ax.set_title(title, fontfamily=name, fontsize=10)
    ax.set_ylabel(unit, fontfamily=name, fontsize=8)
    ax.set_xticks(years)
    fig.tight_layout()
    png, svg = io.BytesIO(), io.StringIO()
    fig.savefig(png, format="png")
    return Chart(title, png.getvalue(), svg.getvalue())
