"""Charts (matplotlib Agg, CJK font), rendered once as PNG and used by every format.

Speed matters: a 100-target annual report with sub-regions draws ~200 charts,
and matplotlib spends nearly all its time laying out tick labels and titles.
What keeps it within budget (measured with benchmarks/bench_reports.py, see
docs/reports.md):

- fixed margins instead of ``tight_layout`` (which draws the whole figure once
  more only to measure it), a fixed title position and fixed axis-label
  positions (else every draw measures every tick label again), four y ticks,
  and a text label on the target line instead of a legend box;
- one figure per chart kind (and thread), reused: only the data, title and
  ticks change between charts;
- PNG only: WeasyPrint lays out a PNG far faster than a matplotlib SVG, and Word
  takes the same PNG;
- many charts are drawn in parallel worker processes (``draw_all``).

matplotlib and Pillow are imported when the first chart is drawn, not with this module:
the report contents name ChartSpec, and nothing that draws no chart should pay for them.
"""
from __future__ import annotations

import io
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from lianggang.lib.env import env_int
from lianggang.lib.units import Kind, format_number, unit_of
from lianggang.reports import marks
from lianggang.reports.fonts import cjk_font

FIGSIZE = (6.2, 2.1)        # inches; shown the full text width (156 mm) in docx and pdf
DPI = 100                   # sharp enough at 156 mm, small enough to draw and embed fast
MARGINS = {"left": 0.09, "right": 0.98, "top": 0.85, "bottom": 0.14}
LINE, TARGET, OWN = "#1f4e79", "#c00", "#555"
TICK_STEPS = [1, 2, 2.5, 5, 10]   # ticks at round numbers: 0, 5, 10 … or 0.5, 1.0 …
PARALLEL_FROM = 12          # fewer charts than this: worker start-up costs more than it saves


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes
    svg: str = ""           # kept for callers that check it; charts are PNG only


@dataclass(frozen=True)
class ChartSpec:
    """What to draw, as plain data, so that worker processes can draw it."""
    kind: str               # "trend" or "bars"
    title: str
    args: tuple


def _figure():
    """An empty figure with fixed margins, title and axis-label positions (else matplotlib
    measures every tick label to place them on each draw)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    name, _path = cjk_font()
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    fig.subplots_adjust(**MARGINS)
    ax = fig.add_subplot()
    ax.set_title(" ", fontfamily=name, fontsize=10, y=1.02)
    ax.set_ylabel(" ", fontfamily=name, fontsize=8)
    ax.xaxis.set_label_coords(0.5, -0.12)
    ax.yaxis.set_label_coords(-0.09, 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=TICK_STEPS))
    ax.yaxis.set_major_formatter(FuncFormatter(_tick))
    ax.tick_params(labelsize=8)
    ax.margins(y=0.15)   # room for the reference label when the reference sets the top of the axis
    return fig, ax, name


def _tick(value: float, _pos=None) -> str:
    """A tick label as the tables write numbers: 5, 2.5, 0.25 — never 5.0 or −0."""
    return format_number(round(value, 6))


def _floor(ax, unit: str, values, bars: bool = False) -> None:
    """The value axis starts at 0 for bars and for rates (‰, /10万: a mortality rate never shows −0.9),
    and never goes below what the unit allows (no negative percentages) — when the data allow it."""
    values = [v for v in values if v is not None]
    low, high = ax.get_ylim()
    u = unit_of(unit)
    if values and min(values) >= 0 and (bars or u.kind is Kind.RATE):
        ax.set_ylim(0, high)
    elif u.low is not None and low < float(u.low) <= min(values, default=0):
        ax.set_ylim(float(u.low), high)


def _reference_line(ax, font: str, label: str, color: str = TARGET, style: str = "--"):
    line = ax.axhline(0, linestyle=style, color=color, linewidth=1)
    text = ax.text(1.0, 0, label, transform=ax.get_yaxis_transform(), ha="right", va="bottom",
                   fontfamily=font, fontsize=8, color=color)
    return line, text


def _set_reference(line, text, y: float | None) -> None:
    line.set_visible(y is not None)
    text.set_visible(y is not None)
    if y is not None:
        line.set_ydata([y, y])
        text.set_y(y)


class _TrendTemplate:
    """One figure reused for every trend chart: building the axes costs as much as drawing them."""

    def __init__(self):
        self.fig, self.ax, self.font = _figure()
        self.values, = self.ax.plot([], [], marker="o", color=LINE)
        # Flagged values (初步数, 估计数 …) ringed in red with their marks (the tables' *, # …) above,
        # and a key in the corner; sample data is said once for the whole report.
        self.flagged, = self.ax.plot([], [], linestyle="none", marker="o", markersize=9, markerfacecolor="none",
                                     markeredgecolor=TARGET)
        self.marks: list = []
        self.labels: list = []
        self.key = self.fig.text(0.01, 0.015, "", fontfamily=self.font, fontsize=7, color=TARGET)
        self.target, self.label = _reference_line(self.ax, self.font, "目标值")
        self.canvas = _canvas(self.fig)

    def _mark(self, points) -> None:
        for text in self.marks:
            text.remove()
        marked = [p for p in points if marks.marks(p.flags)]
        self.flagged.set_data([p.year for p in marked], [p.value for p in marked])
        self.marks = [self.ax.annotate(marks.marks(p.flags), (p.year, p.value), xytext=(0, 6),
                                       textcoords="offset points", ha="center", fontsize=8, color=TARGET)
                      for p in marked]
        used = {f for p in marked for f in p.flags}
        self.key.set_text(("注：" + "　".join(marks.legend(used))) if used else "")

    def _label(self, points) -> None:
        """Each point's value written below it (the marks of flagged values go above)."""
        for text in self.labels:
            text.remove()
        self.labels = [self.ax.annotate(format_number(p.value), (p.year, p.value), xytext=(0, -11),
                                        textcoords="offset points", ha="center", fontsize=7, color=LINE)
                       for p in points]

    def draw(self, title: str, points, target: float | None, unit: str) -> Chart:
        ax = self.ax
        ax.title.set_text(title)
        ax.yaxis.label.set_text(unit)
        years = [p.year for p in points]
        ax.set_autoscale_on(True)          # the last chart's fixed limits (_floor, set_xlim) do not carry over
        self.values.set_data(years, [p.value for p in points])
        self._mark(points)
        self._label(points)
        _set_reference(self.target, self.label, target)
        ax.relim(visible_only=True)
        if target is not None and years:
            ax.update_datalim([(years[0], target)])
        ax.autoscale_view()
        _floor(ax, unit, [p.value for p in points] + [target])
        ax.set_xticks(years)
        if years:
            ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        return _png(self.canvas, title)


class _BarsTemplate:
    """One figure reused for every bar chart; only the bars are made anew."""

    def __init__(self):
        self.fig, self.ax, self.font = _figure()
        self.own, self.label = _reference_line(self.ax, self.font, "本级", OWN, "-.")
        self.label.set_ha("left")
        self.label.set_x(0.0)
        self.target, self.target_label = _reference_line(self.ax, self.font, "目标值")
        self.bars = None
        self.values: list = []
        self.canvas = _canvas(self.fig)

    def draw(self, title: str, rows: list[tuple[str, float]], own: float | None, unit: str,
             target: float | None = None) -> Chart:
        ax = self.ax
        if self.bars is not None:
            self.bars.remove()
        for text in self.values:
            text.remove()
        ax.title.set_text(title)
        ax.yaxis.label.set_text(unit)
        slant = len(rows) > 6   # long lists of county names slant to stay legible
        ax.set_autoscale_on(True)
        self.bars = ax.bar(range(len(rows)), [v for _, v in rows], color=LINE, width=0.6)
        self.values = ax.bar_label(self.bars, labels=[format_number(v) for _, v in rows], fontsize=7, padding=1)
        ax.set_xticks(range(len(rows)))
        ax.set_xticklabels([n for n, _ in rows], fontfamily=self.font, fontsize=7, rotation=30 if slant else 0,
                           ha="right" if slant else "center")
        _set_reference(self.own, self.label, own)
        _set_reference(self.target, self.target_label, target)
        ax.relim(visible_only=True)
        for y in (own, target):
            if y is not None:
                ax.update_datalim([(0, y)])
        ax.autoscale_view()
        _floor(ax, unit, [v for _, v in rows] + [own, target], bars=True)
        self.fig.subplots_adjust(bottom=0.33 if slant else MARGINS["bottom"])
        return _png(self.canvas, title)


_templates = threading.local()   # a figure is not safe to share between threads


def _template(kind: str):
    cache = _templates.__dict__.setdefault("by_kind", {})
    if kind not in cache:
        cache[kind] = {"trend": _TrendTemplate, "bars": _BarsTemplate}[kind]()
    return cache[kind]


def _canvas(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg   # drawn off-screen, whatever the backend

    return FigureCanvasAgg(fig)


def _png(canvas, title: str) -> Chart:
    """An RGB PNG (no alpha channel: WeasyPrint would split it into a second image and encode both),
    quickly compressed (level 1: WeasyPrint re-compresses it anyway; Word files grow by a few percent)."""
    from PIL import Image

    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", compress_level=1)
    return Chart(title, out.getvalue())


def trend(title: str, points, target: float | None, unit: str) -> Chart:
    """Each year's value, flagged values marked (with a key to the marks), and the target as a dashed line."""
    return _template("trend").draw(title, points, target, unit)


def bars(title: str, rows: list[tuple[str, float]], own: float | None, unit: str,
         target: float | None = None) -> Chart:
    """One bar per sub-region for the report year with its value on it; the region's own value as a
    grey dash-dot line (本级), the target as the red dashed line (目标值) the trend chart has too."""
    return _template("bars").draw(title, rows, own, unit, target)


DRAW = {"trend": trend, "bars": bars}


def draw(spec: ChartSpec) -> Chart:
    return DRAW[spec.kind](spec.title, *spec.args)


def workers() -> int:
    """Worker processes for drawing: LIANGGANG_CHART_WORKERS, else the CPUs (at most 4); 1 = in this process.

    Without the setting, a process running other threads (a threaded web server) draws in-process:
    forking a threaded process can copy a lock another thread holds and hang the child.
    """
    if os.environ.get("LIANGGANG_CHART_WORKERS", "").strip():
        return max(env_int("LIANGGANG_CHART_WORKERS", 1), 1)
    if threading.active_count() > 1:
        return 1
    return min(os.cpu_count() or 1, 4)


def draw_all(specs: list[ChartSpec]) -> list[Chart]:
    """Every chart, in order; in forked worker processes when there are many and forking is available."""
    n = workers()
    if n < 2 or len(specs) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return [draw(s) for s in specs]
    cjk_font()   # found once here, inherited by the forked workers
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(draw, specs, chunksize=max(len(specs) // (4 * n), 1)))
