"""The table a report opens with: targets by domain and status, counted by the evaluation service.

Counts are read from PlanAssessment (`by_domain` summaries and the plan's `summary`) as the service
made them — never counted again here — so the table, the overview sentence and the pages agree.
Columns follow STATUS_LABELS (best to worst), plus any status the service counts that the labels
lack; each row's status counts add up to its 目标数, and the 合计 row is the plan's summary.
"""
from __future__ import annotations

from lianggang.evaluation.results import STATUS_LABELS, PlanAssessment
from lianggang.reports.numbers import fmt_number

TITLE = "各领域目标状态汇总"


def statuses(pa: PlanAssessment) -> list[str]:
    """The status columns: every labelled status, then any other the counts hold."""
    extra = [s for _d, summary in [*pa.by_domain, (None, pa.summary)] for s in summary.counts
             if s not in STATUS_LABELS]
    return [*STATUS_LABELS, *dict.fromkeys(extra)]


def status_table(pa: PlanAssessment):
    """领域 × 状态: one row per domain and a 合计 row, with 目标数 and 达标率."""
    from lianggang.reports.content import Table

    columns = statuses(pa)
    header = ["领域", "目标数", *(str(STATUS_LABELS.get(s, s)) for s in columns), "达标率"]
    rows = []
    for domain, s in [*pa.by_domain, (None, pa.summary)]:
        rate = "—" if s.attainment_rate is None else f"{fmt_number(s.attainment_rate)}%"
        rows.append([domain.name if domain is not None else "合计", str(s.total),
                     *(str(s.counts.get(status, 0)) for status in columns), rate])
    return Table(header, rows, kind="summary")
