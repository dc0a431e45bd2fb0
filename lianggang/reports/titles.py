"""Report titles and file names, and the years each kind of report may be made for.

Pure (no Django): reads `plan.title`, `plan.region`, `plan.start_year`/`end_year` and the region's
`name` / `short_name` from whatever objects are passed.

A report on a plan's own region is titled by the plan (嘉兴市妇女发展“十四五”规划2024年统计监测报告);
a report on another region judged against that plan (a county against its city's plan) starts
with the region's own name and quotes the plan: 南湖区《嘉兴市妇女发展“十四五”规划》2024年统计监测报告 —
the same in the document's title and its file name.
"""
from __future__ import annotations


def _names(region) -> tuple[str, ...]:
    return tuple(n for n in (getattr(region, "name", ""), getattr(region, "short_name", "")) if n)


def subject_of(plan, region) -> str:
    """What the report is about: the plan's title, preceded by the region's name when the
    region is not the plan's own (and the title does not already start with it)."""
    title = plan.title
    plan_region = getattr(plan, "region", None)
    same = region is None or plan_region is None or getattr(plan_region, "pk", None) == getattr(region, "pk", None)
    if same and (not _names(region) or title.startswith(_names(region))):
        return title
    if same:
        return f"{region.name}{title}"
    return f"{region.name}《{title}》"


def report_title(plan, region, year: int, name: str, dated: bool = True) -> str:
    """统计监测报告: '…2024年统计监测报告'; evaluations: '…中期评估报告' (the year goes in the file name)."""
    subject = subject_of(plan, region)
    return f"{subject}{year}年{name}" if dated else f"{subject}{name}"


def file_name(plan, region, year: int, name: str, fmt: str, dated: bool = True) -> str:
    base = report_title(plan, region, year, name, dated)
    if not dated:
        base += f"（{year}年）"
    return f"{base.replace('/', '／')}.{fmt}"


def midterm_years(plan) -> range:
    """A mid-term evaluation looks at the years strictly inside the plan period (2021—2025: 2022—2024)."""
    return range(plan.start_year + 1, plan.end_year)


def final_years(plan) -> range:
    """A final evaluation is of the plan's last year (with the latest data then in)."""
    return range(plan.end_year, plan.end_year + 1)


def year_problem(kind: str, plan, year: int) -> str | None:
    """Why `year` cannot be the year of a `kind` report on `plan` (one Chinese sentence), or None."""
    period = f"《{plan.title}》的规划期为{plan.start_year}—{plan.end_year}年"
    if kind == "midterm":
        years = midterm_years(plan)
        if year not in years:
            if not years:
                return f"{period}，期内没有可作中期评估的年份；请生成年度统计监测报告"
            middle = (plan.start_year + plan.end_year + 1) // 2
            return (f"中期评估只能针对规划期中的年份（{years[0]}—{years[-1]}年，通常为{middle}年），"
                    f"不能选{year}年：{period}")
    if kind == "final" and year not in final_years(plan):
        return f"终期评估针对规划期末年份（{plan.end_year}年），不能选{year}年：{period}；其他年份请生成年度统计监测报告"
    return None
