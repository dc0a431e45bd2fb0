from lianggang.evaluation.results import YearValue
from lianggang.reports.charts import trend


def test_a_trend_chart_is_png_and_svg():
    chart = trend("孕产妇死亡率", [YearValue(2022, 16.0), YearValue(2023, 15.1, frozenset({"sample"}))], 14.0, "1/10万")
    assert chart.png.startswith(b"\x89PNG")
