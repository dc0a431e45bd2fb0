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


# -- axes, ticks, labels -------------------------------------------------------------------

def _axes(kind: str):
    return charts._template(kind).ax


def test_a_rate_starts_its_axis_at_zero_never_below():
    trend("孕产妇死亡率", [YearValue(2020, 0.9), YearValue(2021, 0.3), YearValue(2022, 0.0)], None, "1/10万")
    assert _axes("trend").get_ylim()[0] == 0


def test_bars_start_at_zero_and_carry_their_values():
    bars("孕产妇死亡率（2023年，分地区）", [("甲县", 0.4), ("乙县", 1.25)], 0.8, "1/10万", 1.0)
    ax = _axes("bars")
    assert ax.get_ylim()[0] == 0
    labels = [t.get_text() for t in ax.texts if t.get_visible()]
    assert "0.4" in labels and "1.25" in labels                     # a value on each bar
    assert "目标值" in labels and "本级" in labels                    # the target line is on the comparison too


def test_a_percentage_that_needs_no_zero_keeps_its_range_but_stays_at_or_above_zero():
    trend("宫颈癌筛查率", [YearValue(2020, 95.1), YearValue(2021, 96.4), YearValue(2022, 97.2)], 98.0, "%")
    low, high = _axes("trend").get_ylim()
    assert 0 <= low < 95.1 and high > 98.0


def test_ticks_are_round_numbers_without_trailing_zeros():
    trend("妇女人均预期寿命", [YearValue(2020, 76.3), YearValue(2021, 77.9), YearValue(2022, 79.1)], 80.0, "岁")
    ax = _axes("trend")
    ax.figure.canvas.draw()
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1 and steps.pop() in (0.5, 1, 2, 2.5, 5, 10)
    assert all(not label.get_text().endswith(".0") for label in ax.get_yticklabels())


def test_a_chart_does_not_keep_the_last_charts_limits():
    trend("甲", [YearValue(2020, 0.5), YearValue(2021, 0.6)], None, "‰")
    trend("乙", [YearValue(2020, 70.5), YearValue(2021, 72.0)], None, "%")
    low, high = _axes("trend").get_ylim()
    assert high > 72.0 and low > 1
