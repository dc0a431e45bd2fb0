"""A format-neutral report: sections of paragraphs and tables built from PlanAssessment.

Renderers (docx, html, pdf) write this model; builders here never query the
database beyond the attributes the result objects hold. Three documents:
the annual monitoring report (统计监测报告), and the mid-term and final
evaluation reports (中期 / 终期评估报告). Headings are numbered 一、（一）1.

Flagged values (初步数 …) carry their marks in tables (5.2*, see reports.marks) and
their names in sentences (5.2‰（初步数）); a table cell showing a value is a `Cell`
that keeps the value's flags, and `finish` adds the note explaining the marks used.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from lianggang.assessment.model import Status
from lianggang.assessment.scoring import Summary, WarningGroup
from lianggang.evaluation.results import PlanAssessment, TargetResult, YearValue
from lianggang.reports import marks
from lianggang.reports.charts import ChartSpec
from lianggang.reports.numbers import change_phrase, fmt_number, fmt_value
from lianggang.reports.summary import status_table
from lianggang.reports.titles import report_title

NUMERALS = "一二三四五六七八九十"
NO_DATA = "本年度尚无已审核的监测数据，暂不能评估目标进展。"
SAMPLE_NOTE = "注：本报告使用示例数据（演示用生成数据），不是真实统计。"
NEEDS_ACTION = (Status.AT_RISK, Status.OFF_TRACK, Status.NOT_ACHIEVED)
APPENDIX_HEADER = ["指标", "单位", "基期值", "上年", "本年", "目标值", "状态", "责任单位"]


class Cell(str):
    """A table cell showing a value: the number, the marks of the value's flags and what follows
    ("5.2*（2020年）"); `flags` keeps the flags, from which the document's note on marks is made."""
    flags: frozenset[str]

    def __new__(cls, number: str, flags: Iterable[str] = (), after: str = "") -> "Cell":
        cell = super().__new__(cls, number + marks.marks(flags) + after)
        cell.flags = frozenset(flags)
        return cell


def value_cell(point: YearValue | None, unit: str | None = None, after: str = "") -> str:
    """A value as a table shows it, marked: 5.2* (with `unit`: 5.2‰*); "—" when not reported."""
    if point is None:
        return "—"
    return Cell(fmt_number(point.value) if unit is None else fmt_value(point.value, unit), point.flags, after)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    kind: str = ""          # "summary" (the opening status table) … : renderers may lay it out apart
    widths: tuple[float, ...] = ()   # column widths in percent of the text width, where the default would wrap badly

    def flags(self) -> set[str]:
        """The flags of the values this table shows."""
        return {f for row in self.rows for cell in row if isinstance(cell, Cell) for f in cell.flags}


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


# -- numbering and small helpers ------------------------------------------------

def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (headings never run past 99)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def heading(level: int, n: int, text: str) -> str:
    """一、text / （一）text / 1. text — the numbering of Chinese official documents."""
    if level == 0:
        return f"{chinese_number(n)}、{text}"
    if level == 1:
        return f"（{chinese_number(n)}）{text}"
    return f"{n}. {text}"


def numbered(level: int, titled: list[tuple[str, Section]]) -> list[Section]:
    """Give each section its heading in order; `titled` pairs the bare title with the section."""
    for n, (text, sec) in enumerate(titled, 1):
        sec.heading = heading(level, n, text)
    return [sec for _, sec in titled]


def is_sample(pa: PlanAssessment) -> bool:
    return any("sample" in p.flags for r in pa.results for p in r.points)


def department_name(r: TargetResult) -> str:
    return getattr(r.department, "name", "") or ""


def target_text(r: TargetResult) -> str:
    """The target without the indicator's name: ≥ 95 % (describe_target starts with the name)."""
    text = str(r.target)
    name = r.indicator.name
    return text[len(name):].strip() if text.startswith(name) else text


def unit_of(r: TargetResult) -> str:
    return r.indicator.unit or ""


def baseline_of(r: TargetResult, plan) -> YearValue | None:
    """The target's own baseline, else the value of the year before the plan starts (as the service
    judges) with that value's flags."""
    year = getattr(r.target, "baseline_year", None)
    value = getattr(r.target, "baseline_value", None)
    if year is not None and value is not None:
        return YearValue(year, float(value))
    start = getattr(plan, "start_year", None)
    return point_in(r, start - 1) if start is not None else None


def point_in(r: TargetResult, year: int) -> YearValue | None:
    """The result's value of `year` with its flags; None when not reported."""
    return next((p for p in r.points if p.year == year), None)


def value_in(r: TargetResult, year: int) -> str:
    return value_cell(point_in(r, year))


def latest_cell(r: TargetResult, year: int, unit: str | None = None) -> str:
    """The value the status was judged on; its year after it when that is not the report's year
    (a 2025 report judging on 2024 data says 8.2（2024年）)."""
    point = r.current
    if point is None:
        return "—"
    return value_cell(point, unit, after="" if point.year == year else f"（{point.year}年）")


def status_text(r: TargetResult) -> str:
    return r.status.zh + ("（波动较大）" if r.volatile else "")


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{fmt_number(rate)}%"


def indicator_groups(pa: PlanAssessment, domain) -> list[list[int]]:
    """Indexes into pa.results of one domain, grouped by indicator in plan order
    (an indicator may carry several targets; indexes let sub-region results be matched)."""
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(pa.results):
        if r.domain == domain:
            key = getattr(r.indicator, "pk", None) or id(r.indicator)   # each target loads its own copy
            groups.setdefault(key, []).append(i)
    return list(groups.values())


def domain_results(pa: PlanAssessment, domain) -> list[TargetResult]:
    return [r for r in pa.results if r.domain == domain]


# -- sentences -----------------------------------------------------------------

def indicator_sentence(r: TargetResult) -> str:
    """Where the indicator stands this year (said once per indicator, however many targets it has)."""
    unit = r.indicator.unit
    if r.current is None:
        return f"{r.indicator.name}：{NO_DATA}"
    text = (f"{r.current.year}年，{r.indicator.name}为{fmt_value(r.current.value, unit)}"
            f"{marks.flag_words(r.current.flags)}")
    if r.previous is not None:
        text += "，" + change_phrase(r.current.value, r.previous.value, unit)
    return text + "。"


def judgment_sentence(r: TargetResult) -> str:
    """One target's judgment: the target, the status word and the reason."""
    return f"目标：{r.target}；评估：{r.status.zh}。{r.reason}"


def counts_phrase(s: Summary) -> str:
    """已实现27项、…、未实现3项、待数据2项: every status that has targets, so the numbers add up to the total."""
    return "、".join(f"{status.zh}{n}项" for status, n in s.shown()) or "无目标"


def overview_sentence(pa: PlanAssessment) -> str:
    """Every target counted once: the counts add up to the total; 达标率 over the judged targets."""
    s = pa.summary
    unjudged = "、".join(st.zh for st, n in s.shown() if n and not st.judged)
    excluded = f"（不含{unjudged}的目标）" if unjudged else ""
    return (f"纲要共设{s.total}项目标，其中{counts_phrase(s)}。"
            f"可评估{s.assessable}项{excluded}，达标率{rate_text(s.attainment_rate)}。")


def midterm_sentence(pa: PlanAssessment) -> str:
    """时间过半、任务过半: the share of targets with a baseline that stand at or beyond the straight path."""
    s = pa.summary
    if not s.with_path:
        return "各项目标均无基期值，暂不能按“时间过半、任务过半”的要求判断序时进度。"
    share = fmt_number(round(100 * s.on_path / s.with_path, 1))
    return (f"按照“时间过半、任务过半”的要求，在有基期值的{s.with_path}项目标中，"
            f"{s.on_path}项达到或超过序时进度，占{share}%；{s.with_path - s.on_path}项未达到序时进度。")


def final_sentence(pa: PlanAssessment) -> str:
    s = pa.summary
    unmet = s.assessable - s.met
    unjudged = "、".join(f"{st.zh}{n}项" for st, n in s.shown() if n and not st.judged)
    return (f"截至{pa.year}年，纲要{s.total}项目标中可评估{s.assessable}项，已实现{s.met}项"
            f"（其中基本实现{s.count(Status.BASICALLY_ACHIEVED)}项），未实现{unmet}项，"
            f"实现率{rate_text(s.attainment_rate)}" + (f"；另有{unjudged}。" if unjudged else "。"))


# -- tables --------------------------------------------------------------------

def appendix_row(r: TargetResult, pa: PlanAssessment) -> list[str]:
    return [r.indicator.name, unit_of(r), value_cell(baseline_of(r, pa.plan)),
            value_in(r, pa.year - 1), value_in(r, pa.year), target_text(r), status_text(r), department_name(r)]


def appendix(pa: PlanAssessment) -> Section:
    return Section(f"附表　{pa.year}年主要监测指标情况",
                   tables=[Table(APPENDIX_HEADER, [appendix_row(r, pa) for r in pa.results], kind="progress",
                                 widths=(21, 8, 9, 9, 9, 18, 12, 14))])


def warnings_table(results: list[TargetResult], year: int) -> Table:
    return Table(["指标", "目标值", "最新值", "状态", "责任单位"], widths=(26, 22, 16, 16, 20), rows=[
        [r.indicator.name, target_text(r), latest_cell(r, year, unit_of(r)), status_text(r), department_name(r)]
        for r in results])


def warnings_section(groups: list[WarningGroup]) -> Section:
    """需要关注的指标: one sub-section per kind (未实现, 退步, 预计达标困难, 波动较大), each indicator once."""
    if not groups:
        return Section("", ["本年度没有需要预警的指标。"])
    titled = []
    for g in groups:
        rows = [[row.lead.indicator.name, "；".join(target_text(r) for r in row.items),
                 "、".join(dict.fromkeys(status_text(r) for r in row.items)), department_name(row.lead)]
                for row in g.rows]
        titled.append((f"{g.kind.zh}（{len(g.rows)}个指标）",
                       Section("", [g.kind.explanation_zh], [Table(["指标", "目标值", "状态", "责任单位"], rows)])))
    return Section("", children=numbered(1, titled))


def progress_table(pa: PlanAssessment, results: list[TargetResult], with_path: bool) -> Table:
    """Baseline → now → target, per target of one domain (the mid-term adds 序时进度)."""
    header = ["指标", "单位", "基期值", "最新值", "目标值", "状态"] + (["序时进度"] if with_path else [])
    rows = []
    for r in results:
        base = baseline_of(r, pa.plan)
        row = [r.indicator.name, unit_of(r), value_cell(base, after=f"（{base.year}年）" if base else ""),
               latest_cell(r, pa.year), target_text(r), status_text(r)]
        if with_path:
            row.append({True: "达到", False: "未达到"}.get(r.on_path, "—"))
        rows.append(row)
    widths = (21, 9, 18, 11, 17, 12, 12) if with_path else (24, 9, 19, 13, 21, 14)
    return Table(header, rows, kind="progress", widths=widths)


def domain_rates_table(pa: PlanAssessment, with_path: bool) -> Table:
    header = ["领域", "目标数", "可评估", "已实现", "达标率"] + (["达到序时进度"] if with_path else [])
    rows = []
    for domain, s in [*pa.by_domain, (None, pa.summary)]:
        row = [domain.name if domain is not None else "合计", str(s.total), str(s.assessable), str(s.met),
               rate_text(s.attainment_rate)]
        if with_path:
            row.append(f"{s.on_path}/{s.with_path}" if s.with_path else "—")
        rows.append(row)
    return Table(header, rows)


def ranking_section(subregions: list[PlanAssessment]) -> Section:
    ranked = sorted((s for s in subregions if s.has_data),
                    key=lambda s: (-(s.summary.attainment_rate or 0.0), -s.summary.met, getattr(s.region, "code", "")))
    sec = Section("")
    if not ranked:
        sec.paragraphs.append("下级地区尚无已审核的监测数据，暂不能比较。")
        return sec
    sec.paragraphs.append(f"有监测数据的下级地区{len(ranked)}个，按达标率由高到低排列如下。")
    sec.tables.append(Table(["位次", "地区", "可评估目标", "已实现", "达标率"], [
        [str(i), s.region.name, str(s.summary.assessable), str(s.summary.met), rate_text(s.summary.attainment_rate)]
        for i, s in enumerate(ranked, 1)]))
    return sec


# -- sub-region comparison (annual) -----------------------------------------

def subregion_rows(i: int, pa: PlanAssessment, subregions: list[PlanAssessment]) -> list[tuple[str, YearValue]]:
    """(sub-region name, value in the report year) for the i-th target, where reported.

    Every assessment of one plan lists its results in the same plan order, so index i matches.
    """
    rows = []
    for sub in subregions:
        point = point_in(sub.results[i], pa.year) if i < len(sub.results) else None
        if point is not None:
            rows.append((sub.region.name, point))
    return rows


COMPARISON_COLUMNS = 8      # regions side by side in one comparison table (more: a second table below)


def subregion_comparison(i: int, pa: PlanAssessment, subregions: list[PlanAssessment], charts: bool):
    """Tables (and a bar chart) of the region's and sub-regions' values for the report year, the
    regions side by side (a row of names over a row of values: two lines, not one per region);
    None when no sub-region reported."""
    r = pa.results[i]
    rows = subregion_rows(i, pa, subregions)
    if not rows:
        return None
    unit = unit_of(r)
    own = point_in(r, pa.year)
    label = f"{pa.year}年（{unit}）" if unit else f"{pa.year}年"
    cells = [(getattr(pa.region, "name", "本级"), value_cell(own))] + [(n, value_cell(p)) for n, p in rows]
    tables = [Table(["地区", *(n for n, _ in chunk)], [[label, *(v for _, v in chunk)]], kind="compare")
              for chunk in (cells[k:k + COMPARISON_COLUMNS] for k in range(0, len(cells), COMPARISON_COLUMNS))]
    chart = (ChartSpec("bars", f"{r.indicator.name}（{pa.year}年，分地区）",
                       ([(n, p.value) for n, p in rows], own.value if own else None, unit, _target_value(r)))
             if charts else None)
    return tables, chart, len(rows)


# -- the annual report -----------------------------------------------------------

def indicator_section(group: list[int], pa: PlanAssessment, subregions: list[PlanAssessment],
                      charts: bool) -> Section:
    first = pa.results[group[0]]
    sec = Section("", paragraphs=[indicator_sentence(first)] + [judgment_sentence(pa.results[i]) for i in group])
    if charts and first.points:
        trend = (first.points, _target_value(first), unit_of(first))
        sec.charts.append(ChartSpec("trend", first.indicator.name, trend))
    comparison = subregion_comparison(group[0], pa, subregions, charts) if subregions else None
    if comparison:
        # A block of its own (no heading) so that the trend chart stays right under its sentences
        # and the comparison's sentence, table and chart stay together.
        tables, chart, reporting = comparison
        block = Section("", [f"分地区看，{reporting}个下级地区报送了{pa.year}年数据："], tables)
        if chart is not None:
            block.charts.append(chart)
        sec.children.append(block)
    return sec


def _target_value(r: TargetResult) -> float | None:
    """The level a chart draws as the target line: a threshold's value in the indicator's own unit
    (a change — 下降18% — or a value in another unit is no level on the chart)."""
    value = getattr(r.target, "value", None)
    if value is None or getattr(r.target, "kind", "threshold") != "threshold":
        return None
    unit = getattr(r.target, "unit", None)
    if unit and r.indicator.unit and unit.strip() != r.indicator.unit.strip():
        return None
    return float(value)


def domain_progress(pa: PlanAssessment, subregions: list[PlanAssessment], charts: bool) -> Section:
    domains = []
    for domain, _summary in pa.by_domain:
        children = numbered(2, [(pa.results[g[0]].indicator.name, indicator_section(g, pa, subregions, charts))
                                for g in indicator_groups(pa, domain)])
        domains.append((domain.name, Section("", children=children)))
    return Section("", children=numbered(1, domains))


def annual(pa: PlanAssessment, charts: bool = True, subregions: list[PlanAssessment] = (), equity=()) -> Document:
    """统计监测报告: overview, each domain's indicators (trend, sub-regions), the gaps by sex and
    town/country where any is reported (`equity`, monitoring.equity's results), warnings, appendix."""
    from lianggang.reports import equity as gaps
    title = report_title(pa.plan, pa.region, pa.year, "统计监测报告")
    if not pa.has_data:
        return no_data_document(title, pa)
    subregions = list(subregions)
    overview = Section("", [overview_sentence(pa)], [status_table(pa)])
    warn = warnings_section(pa.warning_groups)
    sections = numbered(0, [("总体情况", overview), ("各领域进展情况", domain_progress(pa, subregions, charts)),
                            *gaps.titled(list(equity)), ("需要关注的指标", warn)])
    sections.append(appendix(pa))
    return finish(draw_charts(Document(title, sections)), pa)


def walk(sections: list[Section]):
    for sec in sections:
        yield sec
        yield from walk(sec.children)


def draw_charts(document: Document) -> Document:
    """Replace every ChartSpec by its drawn Chart, all in one batch (drawn in parallel when many)."""
    from lianggang.reports.charts import draw_all

    holders = [sec for sec in walk(document.sections) if sec.charts]
    drawn = iter(draw_all([spec for sec in holders for spec in sec.charts]))
    for sec in holders:
        sec.charts = [next(drawn) for _ in sec.charts]
    return document


def finish(document: Document, pa: PlanAssessment) -> Document:
    """The document's notes: what the marks of its tables mean, and that its data are sample data."""
    flags = {f for sec in walk(document.sections) for table in sec.tables for f in table.flags()}
    if marks.note(flags):
        document.notes.append(marks.note(flags))
    document.sample = is_sample(pa)
    if document.sample:
        document.notes.append(SAMPLE_NOTE)
    return document


def no_data_document(title: str, pa: PlanAssessment) -> Document:
    region = getattr(pa.region, "name", "")
    return Document(title, [Section(heading(0, 1, "总体情况"),
                                    [f"{region}{pa.year}年：{NO_DATA}" if region else NO_DATA])])


# -- mid-term and final evaluation ---------------------------------------------

def self_assessment(pa: PlanAssessment) -> Section:
    """各成员单位自评情况: the responsible departments; reports/committee.py puts each one's accepted
    self-assessment here (the report builder weaves it in)."""
    names = list(dict.fromkeys(department_name(r) for r in pa.results if department_name(r)))
    if not names:
        return Section("", ["各项指标均未明确责任单位。"])
    return Section("", [f"{'、'.join(names)}尚未报送自评。"])


def evaluation(pa: PlanAssessment, final: bool, subregions: list[PlanAssessment] = ()) -> Document:
    """中期 / 终期评估报告: targets baseline → now → target, rates by domain, sub-regions ranked, actions."""
    title = report_title(pa.plan, pa.region, pa.year, "终期评估报告" if final else "中期评估报告", dated=False)
    if not pa.has_data:
        return no_data_document(title, pa)
    with_path = not final
    overview = Section("", [overview_sentence(pa), final_sentence(pa) if final else midterm_sentence(pa)],
                       [status_table(pa)])
    progress = Section("", children=numbered(1, [
        (d.name, Section("", tables=[progress_table(pa, domain_results(pa, d), with_path)]))
        for d, _ in pa.by_domain]))
    rates = Section("", tables=[domain_rates_table(pa, with_path)])
    action = [r for r in pa.results if r.status in NEEDS_ACTION]
    actions = Section("", [f"共{len(action)}项目标需要采取措施，请责任单位研究提出改进办法。"],
                      [warnings_table(action, pa.year)]) if action else Section("", ["没有需要采取措施的目标。"])
    sections = numbered(0, [
        ("总体情况", overview),
        ("各领域目标实现情况" if final else "各领域目标进展情况", progress),
        ("各领域达标情况", rates),
        ("各地区达标情况", ranking_section(list(subregions))),
        ("未实现的目标" if final else "需要采取措施的目标", actions),
        ("各成员单位自评情况", self_assessment(pa)),
    ])
    return finish(Document(title, sections), pa)


def midterm(pa: PlanAssessment, subregions: list[PlanAssessment] = ()) -> Document:
    return evaluation(pa, final=False, subregions=subregions)


def final(pa: PlanAssessment, subregions: list[PlanAssessment] = ()) -> Document:
    return evaluation(pa, final=True, subregions=subregions)

