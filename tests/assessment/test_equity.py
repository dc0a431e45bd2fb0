"""The equity core (pure): gaps, ratios, their trend, the side behind, the worst-off sub-region."""
import pytest

from lianggang.assessment.equity import (Dimension, GapTarget, Standing, Trend, behind_side, gap_series,
                                         gap_target, gap_trend, widest_gap, worst_off)

SEX, AREA = Dimension.SEX, Dimension.AREA

# (case, dimension, better, year → (first, second), trend, levelling down)
TRENDS = [
    # --- narrowing: the side behind catches up ---
    ("rural_mmr_falls_faster", AREA, "lower", {2020: (12.0, 20.0), 2022: (11.5, 17.0), 2024: (11.0, 14.0)},
     Trend.NARROWING, False),
    ("women_income_catches_up", SEX, "higher", {2020: (80.0, 100.0), 2024: (90.0, 102.0)}, Trend.NARROWING, False),
    # --- narrowing because the side ahead got worse: reported, not praised ---
    ("urban_enrolment_drops", AREA, "higher", {2020: (98.0, 90.0), 2024: (92.0, 90.0)}, Trend.NARROWING, True),
    # --- widening, whichever side is ahead ---
    ("rural_falls_behind", AREA, "higher", {2020: (95.0, 93.0), 2022: (95.0, 91.0), 2024: (96.0, 89.0)},
     Trend.WIDENING, False),
    ("sides_cross_and_part", SEX, "higher", {2020: (49.0, 51.0), 2024: (56.0, 50.0)}, Trend.WIDENING, False),
    # --- stable: a change below 0.5 % of the level ---
    ("tiny_move", SEX, "higher", {2020: (80.0, 81.0), 2024: (80.1, 81.0)}, Trend.STABLE, False),
    # --- too little data ---
    ("one_year", SEX, "higher", {2024: (80.0, 81.0)}, Trend.INSUFFICIENT, False),
    ("sides_in_different_years", AREA, "lower", {2020: (5.0, None), 2024: (None, 6.0)}, Trend.INSUFFICIENT, False),
]


@pytest.mark.parametrize("case,dimension,better,sides,trend,levelling", TRENDS, ids=[c[0] for c in TRENDS])
def test_trend_of_a_gap(case, dimension, better, sides, trend, levelling):
    result = gap_trend(dimension, sides, better)
    assert result.trend == trend
    assert result.levelling_down is levelling
    assert result.narrowing is (None if trend == Trend.INSUFFICIENT else trend == Trend.NARROWING)


def test_a_gap_knows_its_difference_ratio_and_size():
    g = gap_trend(SEX, {2024: (84.0, 80.0)}, "higher").latest
    assert g.difference == 4.0 and g.size == 4.0 and g.ratio == pytest.approx(1.05)
    g = gap_trend(AREA, {2024: (3.0, 0.0)}, "lower").latest
    assert g.ratio is None


# (dimension, first, second, better, the side behind)
BEHIND = [
    (SEX, 80.0, 85.0, "higher", "female"),
    (SEX, 80.0, 85.0, "lower", "male"),
    (AREA, 10.0, 14.0, "lower", "rural"),
    (AREA, 98.0, 93.0, "higher", "rural"),
    (AREA, 98.0, 93.0, "neutral", None),
    (SEX, 5.0, 5.0, "higher", None),
]


@pytest.mark.parametrize("dimension,first,second,better,behind", BEHIND)
def test_the_side_behind_depends_on_which_way_is_better(dimension, first, second, better, behind):
    assert behind_side(dimension, first, second, better) == behind


def test_the_worst_off_sub_region_is_the_lowest_or_highest_by_direction():
    places = [Standing("南湖区", 8.0), Standing("海宁市", 14.0), Standing("平湖市", 11.0)]
    assert worst_off(places, "lower").name == "海宁市"
    assert worst_off(places, "higher").name == "南湖区"
    assert worst_off(places, "neutral") is None
    assert worst_off([], "higher") is None


def test_the_widest_gap_names_its_sub_region():
    a = gap_trend(AREA, {2024: (10.0, 12.0)}).latest
    b = gap_trend(AREA, {2024: (10.0, 19.0)}).latest
    assert widest_gap({"甲": a, "乙": b})[0] == "乙"
    assert widest_gap({}) is None


# (indicator name as plans write it, what it names)
GAP_TARGETS = [
    ("男女收入差距", GapTarget((SEX,), "收入")),
    ("两性家务劳动时间差距", GapTarget((SEX,), "家务劳动时间")),
    ("男女两性科学素质水平差距", GapTarget((SEX,), "科学素质水平")),
    ("孕产妇死亡率城乡、区域差距", GapTarget((AREA,), "孕产妇死亡率")),
    ("新生儿、婴儿和5岁以下儿童死亡率地区和城乡差距", GapTarget((AREA,), "新生儿、婴儿和5岁以下儿童死亡率")),
    ("地区和城乡差距", GapTarget((AREA,), "")),   # the quantity is in the sentence around it
    ("区域差距", None),                            # regions are no cell of a value
    ("孕产妇死亡率", None),
    ("城乡居民收入", None),                        # 城乡 without 差距 names no gap
]


@pytest.mark.parametrize("name,expected", GAP_TARGETS, ids=[c[0] for c in GAP_TARGETS])
def test_a_target_naming_a_gap_is_recognised(name, expected):
    assert gap_target(name) == expected


def test_the_gap_series_is_the_size_of_the_gap_by_year():
    assert gap_series({2021: (10.0, 14.0), 2022: (11.0, None), 2023: (12.0, 13.0)}) == {2021: 4.0, 2023: 1.0}


def test_the_sentence_says_the_year_the_sides_and_the_trend():
    text = gap_trend(AREA, {2020: (12.0, 20.0), 2024: (11.0, 14.0)}, "lower").sentence("1/10万")
    assert "2024年" in text and "城镇11" in text and "乡村14" in text and "差距缩小" in text and "乡村处于不利位置" in text


def test_a_difference_of_percentages_is_said_in_percentage_points():
    text = gap_trend(SEX, {2024: (55.0, 50.9)}, "lower").sentence("%")
    assert "相差4.1个百分点" in text and "女性处于不利位置" in text
