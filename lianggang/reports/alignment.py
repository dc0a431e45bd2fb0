"""The report section 与上级纲要衔接情况: the plan's targets beside its upper plans' (plans/alignment.py
judges them); build.py adds it to the annual report in one line, before the appendix."""
from __future__ import annotations

from lianggang.lib import alignment as core
from lianggang.plans.alignment import VERDICT_LABELS, plan_alignment
from lianggang.plans.models import describe_target
from lianggang.reports.content import Document, Section, Table, heading

TITLE = "与上级纲要衔接情况"


def _target(t) -> str:
    if t is None:
        return "—"
    text = describe_target(t)
    return f"{text}（{t.year}年）" if t.year else text


def section(plan) -> Section:
    pa = plan_alignment(plan)
    if not pa.uppers:
        return Section(TITLE, ["本纲要未设定衔接的上级纲要。"])
    upper = pa.uppers[0]
    counts = {v: pa.count(v) for v in core.VERDICTS}
    summary = (f"本纲要衔接《{upper.title}》。共有{pa.compared}项目标可与上级纲要的同一指标目标直接比较，"
               f"其中严于上级{counts[core.STRICTER]}项、与上级一致{counts[core.EQUAL]}项、"
               f"低于上级{counts[core.WEAKER]}项；上级纲要另有{counts[core.MISSING]}项指标目标本纲要未设定，"
               f"{counts[core.NOT_COMPARABLE]}项因单位、目标类型或目标年份不同不能直接比较。")
    header = ["指标", "本纲要目标", *[f"《{p.title}》" for p in pa.uppers], "衔接情况"]
    rows = [[r.indicator.name, _target(r.target), *[_target(s.target) for s in r.uppers],
             str(VERDICT_LABELS[r.verdict])]
            for r in pa.rows if r.verdict != core.NO_UPPER]
    return Section(TITLE, [summary], [Table(header, rows)] if rows else [])


def add_to(document: Document, plan) -> Document:
    """Insert the section as the last numbered one (before the appendix, which is unnumbered)."""
    sec = section(plan)
    numbered = [s for s in document.sections if not s.heading.startswith("附表")]
    sec.heading = heading(0, len(numbered) + 1, TITLE)
    document.sections.insert(len(numbered), sec)
    return document
