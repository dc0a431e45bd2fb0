from lianggang.evaluation.results import YearValue
from lianggang.reports import charts
from lianggang.reports.charts import ChartSpec, bars, draw_all, trend

POINTS = [YearValue(2022, 16.0), YearValue(2023, 15.1, frozenset({"provisional"}))]


def test_a_trend_chart_is_png():
    chart = trend("孕产妇死亡率", POINTS, 14.0, "1/10万")
    assert chart.png.startswith(b"\x89PNG")


def test_a_bar_chart_of_sub_regions_is_png():
    chart = bars("孕产妇死亡率（2023年，分地区）", [(f"某县{i}", 10.0 + i) for i in range(9)], 12.0, "1/10万")
    assert chart.png.startswith(b"\x89PNG")


def test_charts_drawn_in_worker_processes_equal_those_drawn_here(monkeypatch):
    specs = [ChartSpec("trend", f"指标{i}", (POINTS, 14.0 + i, "%")) for i in range(charts.PARALLEL_FROM)]
    specs.append(ChartSpec("bars", "分地区", ([("甲", 1.0), ("乙", 2.0)], None, "%")))
    monkeypatch.setenv("LIANGGANG_CHART_WORKERS", "2")
    parallel = draw_all(specs)
    monkeypatch.setenv("LIANGGANG_CHART_WORKERS", "1")
    here = draw_all(specs)
    assert [c.title for c in parallel] == [s.title for s in specs]
    assert [c.png for c in parallel] == [c.png for c in here]
