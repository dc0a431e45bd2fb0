"""缩小差距 in the reports: the annual report's section (one part per domain where gaps exist) and
the statistical tables' sheets 分性别 and 分城乡 — content only, from the equity service's results
(monitoring/equity.py); the renderers write it like any other section or sheet.

The report builder calls one function each: `titled(found)` gives the annual report's
("缩小差距情况", Section) or nothing, `sheets(found, …)` the two sheets or nothing.
"""
from __future__ import annotations

from lianggang.assessment.equity import SIDES, SIDE_WORDS, TREND_WORDS, Dimension, GapTrend
from lianggang.monitoring.equity import IndicatorEquity, by_domain
from lianggang.reports.content import Section, Table, numbered
from lianggang.reports.numbers import fmt_number, fmt_value

TITLE = "缩小差距情况"
DIMENSION_NAMES = {Dimension.SEX: "男女差距", Dimension.AREA: "城乡差距"}
TABLE_HEADER = ["指标", "差距", "年度", "女性/城镇", "男性/乡村", "差值", "比值", "趋势", "最落后的下级地区"]
SHEET_NAMES = {Dimension.SEX: "分性别", Dimension.AREA: "分城乡"}


def _n(x: float) -> str:
    return fmt_number(round(x, 4))


def trend_text(t: GapTrend) -> str:
    if len(t.gaps) < 2:
        return TREND_WORDS[t.trend]
    text = f"{t.gaps[0].year}年以来{TREND_WORDS[t.trend]}"
    return text + "（领先一方下降所致）" if t.levelling_down else text


def table_row(e: IndicatorEquity, dimension: Dimension, t: GapTrend) -> list[str]:
    g, unit = t.latest, e.indicator.unit
    worst = f"{e.worst.name}（{fmt_value(e.worst.value, unit)}）" if e.worst else "—"
    return [e.indicator.name, DIMENSION_NAMES[dimension], f"{g.year}", fmt_value(round(g.first, 4), unit),
            fmt_value(round(g.second, 4), unit), _n(g.difference), "—" if g.ratio is None else fmt_number(round(g.ratio, 2)),
            trend_text(t), worst]


def _rows(found: list[IndicatorEquity]):
    for e in found:
        for dimension, t in e.trends.items():
            if t.latest is not None:
                yield e, dimension, t


def domain_section(found: list[IndicatorEquity]) -> Section:
    """One domain: a sentence per gap that is widening or levelled down, then the table of all."""
    paragraphs = []
    for e, dimension, t in _rows(found):
        sentence = f"{e.indicator.name}：{t.sentence(e.indicator.unit)}"
        if dimension in e.widest:
            sentence = sentence[:-1] + f"；下级地区中{e.widest[dimension][0]}差距最大。"
        paragraphs.append(sentence)
    return Section("", paragraphs, [Table(TABLE_HEADER, [table_row(e, d, t) for e, d, t in _rows(found)])])


def titled(found: list[IndicatorEquity]) -> list[tuple[str, Section]]:
    """[("缩小差距情况", section with a part per domain where gaps exist)], or [] when none is reported."""
    groups = [(domain, items) for domain, items in by_domain(found) if any(True for _ in _rows(items))]
    if not groups:
        return []
    intro = ("差值为女性减男性、城镇减乡村，比值为女性/男性、城镇/乡村；趋势按历年差距大小的线性趋势判断，"
             "变化小于水平的0.5%视为基本稳定。")
    return [(TITLE, Section("", [intro], children=numbered(1, [(d or "其他", domain_section(items))
                                                                for d, items in groups])))]


def sheet_rows(found: list[IndicatorEquity], dimension: Dimension, years: list[int]) -> list[list]:
    rows = []
    for e in found:
        t = e.trends.get(dimension)
        if t is None or t.latest is None:
            continue
        by_year = {g.year: g for g in t.gaps}
        cells = []
        for y in years:
            g = by_year.get(y)
            cells += [g.first if g else None, g.second if g else None]
        g = t.latest
        rows.append([e.domain, e.indicator.name, e.indicator.unit or "", *cells, round(g.difference, 4),
                     None if g.ratio is None else round(g.ratio, 4), trend_text(t),
                     e.widest[dimension][0] if dimension in e.widest else ""])
    return rows


def sheets(found: list[IndicatorEquity], title: str, note: str):
    """分性别 and 分城乡: per indicator each year's two sides, the latest gap, its ratio and trend."""
    from lianggang.reports.tables import Sheet

    out = []
    for dimension in (Dimension.SEX, Dimension.AREA):
        years = sorted({g.year for e in found if (t := e.trends.get(dimension)) for g in t.gaps})
        rows = sheet_rows(found, dimension, years)
        if not rows:
            continue
        a, b = (SIDE_WORDS[s][:2] if s in ("urban", "rural") else SIDE_WORDS[s][0] for s in SIDES[dimension])
        header = ["领域", "指标", "单位", *[f"{y}年{side}" for y in years for side in (a, b)],
                  f"差值（{a}−{b}）", f"比值（{a}/{b}）", "趋势", "差距最大的下级地区"]
        out.append(Sheet(SHEET_NAMES[dimension], f"{title}　{SHEET_NAMES[dimension]}", note, header, rows,
                         freeze_col=3))
    return out
