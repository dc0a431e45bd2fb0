"""Equity (缩小差距): the gap between women and men, town and country, and the worst-off sub-region.

Pure Python, no Django: the monitoring service hands in plain numbers per year and gets
frozen results back. Every plan asks that gaps narrow (缩小男女…差距, 缩小城乡差距); this module
says, for one indicator collected by sex or by town/country:

- each year's gap: the first side minus the second (女 − 男, 城镇 − 乡村), their ratio (女/男,
  城镇/乡村), and which side is behind — the lower one where higher is better, the higher one
  where lower is better (direction aware; a neutral indicator has no side behind);
- the trend of the gap's size |女 − 男| over the years: the least-squares slope times the span,
  counted as no change when smaller than 0.5 % of the level (the assessment's rule for a
  direction target, docs/assessment.md) — narrowing, widening or stable;
- whether a narrowing is bad news (拉平式缩小): the gap closed because the side ahead got worse,
  not because the side behind improved;
- the worst-off sub-region: the lowest value where higher is better, the highest where lower is.

A target naming a gap (城乡差距缩小, 男女收入差距明显缩小) is recognised by `gap_target` from its
indicator name and judged on `gap_series`: the size of the gap by year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable, Mapping


class Dimension(StrEnum):
    SEX = "sex"      # female − male
    AREA = "area"    # urban − rural


SIDES = {Dimension.SEX: ("female", "male"), Dimension.AREA: ("urban", "rural")}
SIDE_WORDS = {"female": "女性", "male": "男性", "urban": "城镇", "rural": "乡村"}
DIMENSION_WORDS = {Dimension.SEX: "男女", Dimension.AREA: "城乡"}


class Trend(StrEnum):
    NARROWING = "narrowing"      # 差距缩小
    WIDENING = "widening"        # 差距扩大
    STABLE = "stable"            # 差距基本稳定
    INSUFFICIENT = "insufficient"  # 数据不足: fewer than two years with both sides


TREND_WORDS = {Trend.NARROWING: "差距缩小", Trend.WIDENING: "差距扩大", Trend.STABLE: "差距基本稳定",
               Trend.INSUFFICIENT: "数据不足"}
NO_CHANGE_REL = 0.005    # a change of the gap below 0.5 % of the level is no change


@dataclass(frozen=True)
class Gap:
    """One year's two sides: `first` is 女 (or 城镇), `second` 男 (or 乡村)."""
    year: int
    first: float
    second: float
    behind: str | None     # the side code behind ("male", "rural" …), None when level or neutral

    @property
    def difference(self) -> float:
        """女 − 男 (城镇 − 乡村), signed."""
        return self.first - self.second

    @property
    def size(self) -> float:
        """How far apart the two sides are, whichever is ahead."""
        return abs(self.first - self.second)

    @property
    def ratio(self) -> float | None:
        """女/男 (城镇/乡村); None when the second side is zero."""
        return None if self.second == 0 else self.first / self.second


@dataclass(frozen=True)
class GapTrend:
    """The gap of one indicator along one dimension through the years."""
    dimension: Dimension
    better: str                   # higher / lower / neutral: which way the indicator improves
    gaps: tuple[Gap, ...]         # by year, only years where both sides are reported
    trend: Trend
    change: float | None          # the fitted change of the gap's size over the span (negative: narrower)
    levelling_down: bool = False  # narrowed because the side ahead worsened, not because the side behind improved

    @property
    def latest(self) -> Gap | None:
        return self.gaps[-1] if self.gaps else None

    @property
    def narrowing(self) -> bool | None:
        """True when the gap narrows, False when it widens or stays, None without two years."""
        return None if self.trend == Trend.INSUFFICIENT else self.trend == Trend.NARROWING

    def sentence(self, unit: str = "") -> str:
        """One Chinese sentence: 2024年女性9.1、男性8.7，差距0.4（女/男 1.05），2020年以来差距缩小。"""
        g = self.latest
        if g is None:
            return f"尚无同时分{'性别' if self.dimension == Dimension.SEX else '城乡'}报送的数据。"
        a, b = SIDES[self.dimension]
        ratio = "" if g.ratio is None else f"（{SIDE_WORDS[a][:2]}/{SIDE_WORDS[b][:2]} {g.ratio:.2f}）"
        text = (f"{g.year}年{SIDE_WORDS[a]}{_num(g.first)}{unit}、{SIDE_WORDS[b]}{_num(g.second)}{unit}，"
                f"相差{_num(g.size)}{'个百分点' if unit == '%' else unit}{ratio}")
        if g.behind:
            text += f"，{SIDE_WORDS[g.behind]}处于不利位置"
        if self.trend != Trend.INSUFFICIENT:
            text += f"；{self.gaps[0].year}年以来{TREND_WORDS[self.trend]}"
            if self.levelling_down:
                text += "，但缩小源于领先一方下降"
        return text + "。"


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x) < 1000 else f"{x:,.0f}"


def behind_side(dimension: Dimension, first: float, second: float, better: str) -> str | None:
    """The side code behind: where higher is better the lower side, where lower is better the higher."""
    if better not in ("higher", "lower") or first == second:
        return None
    a, b = SIDES[dimension]
    first_lower = first < second
    return (a if first_lower else b) if better == "higher" else (b if first_lower else a)


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of y on the year."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return 0.0 if sxx == 0 else sum((x - mx) * (y - my) for x, y in points) / sxx


def gap_trend(dimension: Dimension | str, sides: Mapping[int, tuple[float | None, float | None]],
              better: str = "higher") -> GapTrend:
    """The gap along `dimension` from year → (first side, second side); years missing a side are left out."""
    dimension = Dimension(dimension)
    gaps = tuple(Gap(y, float(a), float(b), behind_side(dimension, float(a), float(b), better))
                 for y, (a, b) in sorted(sides.items()) if a is not None and b is not None)
    if len(gaps) < 2:
        return GapTrend(dimension, better, gaps, Trend.INSUFFICIENT, None)
    span = gaps[-1].year - gaps[0].year
    change = _slope([(g.year, g.size) for g in gaps]) * span
    level = sum(abs(g.first) + abs(g.second) for g in gaps) / (2 * len(gaps))
    tolerance = NO_CHANGE_REL * level
    trend = Trend.STABLE if abs(change) <= tolerance else Trend.NARROWING if change < 0 else Trend.WIDENING
    levelling_down = False
    if trend == Trend.NARROWING and better in ("higher", "lower"):
        first, last = gaps[0], gaps[-1]
        behind = first.behind
        if behind is not None:
            a, _b = SIDES[dimension]
            ahead_then, ahead_now = (first.second, last.second) if behind == a else (first.first, last.first)
            worsened = ahead_now < ahead_then - tolerance if better == "higher" else ahead_now > ahead_then + tolerance
            levelling_down = worsened
    return GapTrend(dimension, better, gaps, trend, change, levelling_down)


@dataclass(frozen=True)
class Standing:
    """A sub-region's value, for finding the worst off."""
    name: str
    value: float


def worst_off(standings: Iterable[Standing], better: str) -> Standing | None:
    """The sub-region furthest behind: lowest where higher is better, highest where lower is; None
    for a neutral indicator or without values."""
    standings = list(standings)
    if not standings or better not in ("higher", "lower"):
        return None
    pick = min if better == "higher" else max
    return pick(standings, key=lambda s: s.value)


def widest_gap(gaps: Mapping[str, Gap]) -> tuple[str, Gap] | None:
    """The sub-region (name → its latest gap) where the two sides lie furthest apart."""
    if not gaps:
        return None
    return max(gaps.items(), key=lambda item: item[1].size)


# -- targets that name a gap ------------------------------------------------------

@dataclass(frozen=True)
class GapTarget:
    """A target's indicator that names a gap: which dimensions, and the quantity whose gap it is
    (empty when the name leaves it to the sentence around: 地区和城乡差距逐步缩小)."""
    dimensions: tuple[Dimension, ...]
    base: str


_GAP_HEAD = re.compile(r"(差距|差异)$")
_DIMENSION_WORDS: tuple[tuple[Dimension, tuple[str, ...]], ...] = (
    (Dimension.SEX, ("男女两性", "男女", "两性", "性别")),
    (Dimension.AREA, ("城乡",)),
)
# Gaps with no cell of their own (地区, 区域, 校际), and 之间: dropped from the name.
_OTHER_GAPS = ("地区", "区域", "校际", "之间")
_JOINERS = "、，,和及与的 "


def gap_target(indicator_name: str) -> GapTarget | None:
    """Whether an indicator name names a sex or town/country gap, and of what.

    男女收入差距 → (sex, 收入); 孕产妇死亡率城乡、区域差距 → (area, 孕产妇死亡率); 地区和城乡差距 → (area, "");
    区域差距 (no cell of its own) → None."""
    name = indicator_name.strip()
    if not _GAP_HEAD.search(name):
        return None
    stem = _GAP_HEAD.sub("", name)
    found: list[Dimension] = []
    for dimension, words in _DIMENSION_WORDS:
        for word in words:
            if word in stem:
                found.append(dimension)
                stem = stem.replace(word, "、")
                break
    if not found:
        return None
    for word in _OTHER_GAPS:
        stem = stem.replace(word, "、")
    return GapTarget(tuple(found), stem.strip(_JOINERS))


def gap_series(sides: Mapping[int, tuple[float | None, float | None]]) -> dict[int, float]:
    """year → the gap's size |first − second|: the series a gap target is judged on."""
    return {y: round(abs(a - b), 10) for y, (a, b) in sorted(sides.items()) if a is not None and b is not None}
