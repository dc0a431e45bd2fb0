"""A format-neutral report: sections of paragraphs and tables built from PlanAssessment.

Renderers (docx, html, pdf, xlsx) write this model; builders here never query
the database beyond the attributes the result objects hold.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lianggang.evaluation.results import STATUS_LABELS, PlanAssessment, TargetResult
from lianggang.reports.numbers import change_phrase, fmt_value

NUMERALS = "一二三四五六七八九十"
FLAG_MARKS = {"provisional": "*", "estimated": "#", "revised": "r", "series_break": "b", "sample": "s"}
NO_DATA = "本年度尚无已审核的监测数据，暂不能评估目标进展。"


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)


@dataclass
class Document:
    title: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    sample: bool = False


def indicator_sentence(r: TargetResult) -> str:
    unit = r.indicator.unit
    if r.current is None:
        return f"{r.indicator.name}：{NO_DATA}"
    text = f"{r.current.year}年，{r.indicator.name}为{fmt_value(r.current.value, unit)}"
    if r.previous is not None:
        text += "，" + change_phrase(r.current.value, r.previous.value, unit)
    text += f"。目标：{r.target}；评估：{STATUS_LABELS[r.status]}。{r.reason}"
    return text


def annual(pa: PlanAssessment, charts: bool = True) -> Document:
    title = f"{pa.plan.title}{pa.year}年统计监测报告"
    if not pa.has_data:
        return Document(title, [Section("一、总体情况", [NO_DATA])])
    s = pa.summary
    c = s.counts
    rate = "—" if s.attainment_rate is None else f"{s.attainment_rate}%"
    overview = (f"纲要共设{s.total}项目标，可评估{s.assessable}项，其中已实现{c.get('achieved', 0)}项、"
                f"基本实现{c.get('basically_achieved', 0)}项、进展顺利{c.get('on_track', 0)}项、"
                f"预计达标困难{c.get('at_risk', 0)}项、退步{c.get('off_track', 0)}项，达标率{rate}。")
    sections = [Section("一、总体情况", [overview])]
    domains = Section(f"{NUMERALS[1]}、各领域进展情况")
    for i, (domain, _summary) in enumerate(pa.by_domain):
        sub = Section(f"（{NUMERALS[i % 10]}）{domain.name}")
        sub.paragraphs = [f"{j}. {indicator_sentence(r)}" for j, r in
                          enumerate((r for r in pa.results if r.domain == domain), 1)]
        if charts:
            from lianggang.reports.charts import trend
            sub.charts = [trend(r.indicator.name, r.points, getattr(r.target, "value", None), r.indicator.unit)
                          for r in pa.results if r.domain == domain and r.points]
        domains.children.append(sub)
    sections.append(domains)
    warn = Section(f"{NUMERALS[2]}、需要关注的指标")
    warn.tables.append(Table(["指标", "状态", "责任单位"], [
        [w.indicator.name, STATUS_LABELS[w.status] + ("（波动较大）" if w.volatile else ""),
         getattr(w.department, "name", "") or ""] for w in pa.warnings]))
    sections.append(warn)
    sample = any("sample" in p.flags for r in pa.results for p in r.points)
    return Document(title, sections, ["注：带*为初步数。"], sample)
