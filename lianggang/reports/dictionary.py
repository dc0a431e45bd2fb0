"""数据字典 (the data dictionary): each indicator's explanation — 指标解释 — as a Sheet, for the
`export-dictionary` command, the plan page's download and the Excel form's notes sheet.

Rows come from monitoring indicators (a plan's; the text falls back to the catalogue entry's,
Indicator.explained) or from the standard catalogue itself; render_xlsx writes them."""
from __future__ import annotations

from django.utils.translation import override

from lianggang.plans.models import Indicator, Plan, Rollup, StandardIndicator
from lianggang.reports.tables import Sheet

HEADER = ["编码", "指标", "单位", "定义", "计算方法", "数据来源", "汇总方法", "分性别", "分城乡"]
FORM_HEADER = ["指标", "单位", "定义", "计算方法", "数据来源"]   # the Excel form's 指标解释 sheet
NOTE = "指标解释依据国家妇女儿童发展纲要统计监测指标的说明编写；地方自设指标由本地区补充。"


def _rollup_label(code: str) -> str:
    with override("zh-hans"):
        return str(Rollup(code).label) if code in Rollup.values else ""


def indicator_row(ind: Indicator) -> list[str]:
    return [ind.standard.code if ind.standard_id else "", ind.name, ind.unit, ind.explained("definition"),
            ind.explained("method"), ind.explained("data_source"), _rollup_label(ind.rollup),
            "是" if ind.by_sex else "", "是" if ind.by_area else ""]


def standard_row(s: StandardIndicator) -> list[str]:
    return [s.code, s.name, s.unit, s.definition, s.method, s.data_source, _rollup_label(s.rollup),
            "是" if s.by_sex else "", "是" if s.by_area else ""]


def form_row(ind: Indicator) -> list[str]:
    return [ind.name, ind.unit, ind.explained("definition"), ind.explained("method"), ind.explained("data_source")]


def plan_dictionary(plan: Plan) -> list[Sheet]:
    indicators = plan.indicators.select_related("standard").order_by("name")
    return [Sheet("指标解释", f"{plan.title}监测指标解释", NOTE, HEADER, [indicator_row(i) for i in indicators],
                  freeze_col=2)]


def catalogue_dictionary() -> list[Sheet]:
    return [Sheet("指标解释", "妇女儿童发展纲要统计监测指标解释（标准指标目录）", NOTE, HEADER,
                  [standard_row(s) for s in StandardIndicator.objects.order_by("code")], freeze_col=2)]


def dictionary_filename(plan: Plan | None) -> str:
    return f"{plan.title}指标解释.xlsx" if plan else "标准指标目录指标解释.xlsx"
