"""The table a report opens with: targets by domain and status, counted by the evaluation service.

Counts are read from PlanAssessment (`by_domain` summaries and the plan's `summary`) as the service
made them — never counted again here — so the table, the overview sentence and the pages agree.
Columns are the statuses (the core's order, best to worst) that any row counts; each row's status counts add up to its 目标数, and the 合计 row is the plan's summary.
"""
from __future__ import annotations

from lianggang.assessment.model import Status
from lianggang.evaluation.results import PlanAssessment
from lianggang.reports.numbers import fmt_number

TITLE = "各领域目标状态汇总"


def statuses(pa: PlanAssessment) -> list[Status]:
    """The status columns: those any domain or the plan counts, in the core's order."""
    counted = {s for _d, summary in [*pa.by_domain, (None, pa.summary)] for s, n in summary.counts.items() if n}
    return [s for s in Status if s in counted]


def status_table(pa: PlanAssessment):
    """领域 × 状态: one row per domain and a 合计 row, with 目标数 and 达标率."""
    from lianggang.reports.content import Table

    columns = statuses(pa)
    header = ["领域", "目标数", *(s.zh for s in columns), "达标率"]
    rows = []
    for domain, s in [*pa.by_domain, (None, pa.summary)]:
        rate = "—" if s.attainment_rate is None else f"{fmt_number(s.attainment_rate)}%"
        rows.append([domain.name if domain is not None else "合计", str(s.total),
                     *(str(s.count(status)) for status in columns), rate])
    return Table(header, rows, kind="summary")
