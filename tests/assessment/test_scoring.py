"""Statuses and scoring in the core: honest states, every target counted once, warnings grouped.

Tables of cases, pure Python (no Django).
"""
import pytest

from lianggang.assessment import (Period, Status, WarningKind, assess, summarise, summarise_by,
                                  warning_groups, warnings)

P = Period(2021, 2025)
S = Status


def T(op, value, unit="%", **kw):
    return {"indicator": kw.pop("indicator", "指标"), "kind": "threshold", "op": op, "value": value, "unit": unit,
            **kw}


def D(direction, **kw):
    return {"indicator": kw.pop("indicator", "指标"), "kind": "direction", "direction": direction, **kw}


# --- awaiting data: the target year has come, its value is not in ------------------------------
AWAITING = [
    # name, target, series, as_of, status, position
    ("missed_last_year", T(">=", 95), {2021: 90, 2022: 91, 2023: 92, 2024: 93}, 2025, S.AWAITING_DATA, S.AT_RISK),
    ("met_last_year", T(">=", 90), {2023: 89, 2024: 91}, 2025, S.AWAITING_DATA, S.ACHIEVED),
    ("on_course", T("<=", 12, "1/10万"), {2022: 15, 2023: 14, 2024: 12.6}, 2025, S.AWAITING_DATA, S.ON_TRACK),
    ("direction", D("increase"), {2021: 70, 2022: 71, 2023: 72, 2024: 73}, 2025, S.AWAITING_DATA, S.ACHIEVED),
    ("early_target_years_later", T(">=", 80, year=2023), {2021: 70, 2022: 75}, 2025, S.AWAITING_DATA, S.ON_TRACK),
    # the year's value is in: judged as final, as before
    ("in", T(">=", 95), {2023: 92, 2024: 93, 2025: 94}, 2025, S.NOT_ACHIEVED, None),
    ("in_met", T(">=", 90), {2024: 89, 2025: 91}, 2025, S.ACHIEVED, None),
    # before the target year nothing is awaited: the latest value is the position
    ("mid_plan", T(">=", 95), {2021: 90, 2022: 91}, 2023, S.AT_RISK, None),
    ("nothing_at_all", T(">=", 95), {}, 2025, S.NO_DATA, None),
]


@pytest.mark.parametrize("name,target,series,as_of,status,position", AWAITING, ids=[c[0] for c in AWAITING])
def test_a_target_is_awaiting_data_until_its_year_is_in(name, target, series, as_of, status, position):
    a = assess(target, series, period=P, as_of=as_of)
    assert a.status is status, a.reason
    assert a.details.get("position") == (None if position is None else str(position))
    if status is S.AWAITING_DATA:
        year = target.get("year", P.end)
        assert a.current_year < year and a.status.rank is None and not a.status.judged
        # the sentence names the awaited year and the latest known position, in both languages
        assert a.reason.startswith(f"{year}年（目标年）的数据尚未报送") and f"{a.current_year}年为" in a.reason
        assert position.zh in a.reason and position.en in a.reason_in("en")
        assert "未实现" not in a.reason


# --- 左右: judged with a tolerance, and the reason says so --------------------------------------
@pytest.mark.parametrize("value,series,status,says", [
    (45, {2024: 44.5}, S.ACHIEVED, "在目标45%左右的允许范围（±0.9个百分点，即44.1%—45.9%）以内"),
    (45, {2024: 45.8}, S.ACHIEVED, "允许范围"),
    (107, {2024: 108.5}, S.ACHIEVED, "107左右"),
])
def test_about_targets_are_met_within_a_stated_tolerance(value, series, status, says):
    unit = "" if value == 107 else "%"
    a = assess(T("~", value, unit), series, period=Period(2021, 2030), as_of=2024)
    assert a.status is status
    assert says in a.reason, a.reason
    assert "allowed range" in a.reason_in("en")


def test_an_at_least_target_says_no_tolerance():
    a = assess(T(">=", 45), {2024: 46}, period=Period(2021, 2030), as_of=2024)
    assert "允许范围" not in a.reason and "左右" not in a.reason


# --- changes of a % indicator are in 个百分点 -----------------------------------------------------
def test_a_direction_change_of_a_percent_is_in_points():
    a = assess({**D("increase"), "unit": "%"}, {2020: 60.0, 2021: 61.0, 2022: 62.0, 2023: 63.0},
               period=Period(2021, 2030), as_of=2023)
    assert "变动3个百分点" in a.reason and "3 percentage points" in a.reason_in("en")


# --- an increase still below the plan's baseline is not achieved ---------------------------------
@pytest.mark.parametrize("direction,series,as_of,status", [
    # life expectancy: baseline 2020 is 79.0; it fell and is recovering, still below
    ("increase", {2021: 77.0, 2022: 77.5, 2023: 78.0, 2024: 78.5}, 2024, S.AT_RISK),
    ("increase", {2021: 77.0, 2022: 77.5, 2023: 78.0, 2024: 78.5, 2025: 78.8}, 2025, S.NOT_ACHIEVED),
    ("increase", {2021: 79.2, 2022: 79.5, 2023: 79.9, 2024: 80.3}, 2024, S.ACHIEVED),   # above it: achieved
    ("decrease", {2021: 81.0, 2022: 80.6, 2023: 80.2, 2024: 79.8}, 2024, S.AT_RISK),    # a rate still above it
])
def test_a_direction_target_is_measured_from_the_plans_baseline(direction, series, as_of, status):
    t = {**D(direction), "baseline": {"year": 2020, "value": 79.0}}
    a = assess(t, series, period=P, as_of=as_of)
    assert a.status is status, a.reason
    if status is not S.ACHIEVED:
        assert "2020年基期水平79" in a.reason and "baseline of 79" in a.reason_in("en")


# --- a target that holds only on an occasion is judged by a person, once -------------------------
@pytest.mark.parametrize("note,status", [
    ("换届后当年", S.MANUAL), ("换届时", S.MANUAL), ("平时", S.AT_RISK), (None, S.AT_RISK), ("力争", S.AT_RISK),
])
def test_an_occasion_target_is_not_judged_beside_the_everyday_one(note, status):
    t = T(">=", 100, **({"note": note} if note else {}))
    a = assess(t, {2021: 80.0, 2022: 81.0, 2023: 81.5}, period=Period(2021, 2030), as_of=2023)
    assert a.status is status
    if status is S.MANUAL:
        assert f"“{note}”" in a.reason and "人工判断" in a.reason and not a.status.judged


@pytest.mark.parametrize("note,kept", [("换届后当年", True), ("平时", True), ("其余年份", True), ("全覆盖", False),
                                       ("原文单位‰缺失", False), (None, False)])
def test_a_condition_stays_with_its_target(note, kept):
    from lianggang.assessment.status import condition_of
    assert (condition_of(note) is not None) is kept


# --- the jargon is said in plain words ---------------------------------------------------------------
def test_the_volatility_reason_needs_no_statistics():
    a = assess(T(">=", 20), {2016: 10.0, 2017: 10.5, 2018: 11.0, 2019: 11.4, 2020: 11.9, 2021: 18.0},
               period=Period(2021, 2030), as_of=2021)
    assert a.volatile
    assert "z" not in a.reason and "稳健" not in a.reason
    assert "远超往年的正常变化幅度" in a.reason and "z-score" not in a.reason_in("en")


# --- every target counted once ---------------------------------------------------------------------
COUNT_CASES = [
    [S.ACHIEVED] * 3,
    [S.ACHIEVED, S.NOT_ACHIEVED, S.AWAITING_DATA, S.NO_DATA, S.MANUAL],
    list(Status) * 2,
    [],
]


class R:
    """A scored result as the evaluation service has it."""

    def __init__(self, status, indicator="x", gap=0.0, volatile=False, on_path=None):
        self.status, self.indicator_key, self.relative_gap = status, indicator, gap
        self.volatile, self.on_path = volatile, on_path


@pytest.mark.parametrize("statuses", COUNT_CASES)
def test_the_counts_add_up_to_the_total(statuses):
    s = summarise(R(st) for st in statuses)
    assert sum(s.counts.values()) == s.total == len(statuses)
    assert sum(n for _, n in s.shown()) == s.total
    assert s.assessable == sum(st.judged for st in statuses)
    assert s.met == sum(st.reached for st in statuses)
    assert list(s.counts) == list(Status)      # every status, in order


def test_the_attainment_rate_leaves_out_what_is_not_judged():
    s = summarise(R(st) for st in [S.ACHIEVED, S.BASICALLY_ACHIEVED, S.NOT_ACHIEVED, S.AWAITING_DATA, S.MANUAL])
    assert (s.assessable, s.met, s.attainment_rate) == (3, 2, 66.7)
    assert summarise([R(S.AWAITING_DATA)]).attainment_rate is None


def test_summaries_by_key_partition_the_targets():
    items = [R(S.ACHIEVED, "a"), R(S.AT_RISK, "b"), R(S.ACHIEVED, "a"), R(S.NO_DATA, "c")]
    by = summarise_by(items, lambda r: r.indicator_key)
    assert list(by) == ["a", "b", "c"] and sum(s.total for s in by.values()) == len(items)


def test_the_midterm_check_counts_reached_targets_as_on_path():
    s = summarise([R(S.ACHIEVED, on_path=False), R(S.AT_RISK, on_path=False), R(S.ON_TRACK, on_path=True),
                   R(S.NO_DATA, on_path=True), R(S.AT_RISK)])
    assert (s.on_path, s.with_path) == (2, 3)


# --- warnings: honest groups, each indicator once per group --------------------------------------
def test_warnings_are_grouped_by_what_they_ask_for():
    items = [R(S.NOT_ACHIEVED, "孕产妇死亡率", 0.2), R(S.AT_RISK, "婴儿死亡率", 0.1, volatile=True),
             R(S.AT_RISK, "婴儿死亡率", 0.3), R(S.OFF_TRACK, "肥胖率", 0.1), R(S.ACHIEVED, "筛查率", volatile=True),
             R(S.ON_TRACK, "入学率")]
    groups = warning_groups(items)
    assert [g.kind for g in groups] == [WarningKind.NOT_ACHIEVED, WarningKind.OFF_TRACK, WarningKind.AT_RISK,
                                        WarningKind.VOLATILE]
    rows = {g.kind: [(row.lead.indicator_key, len(row.items)) for row in g.rows] for g in groups}
    assert rows[WarningKind.AT_RISK] == [("婴儿死亡率", 2)]          # two targets, one row, the larger gap leads
    assert groups[2].rows[0].lead.relative_gap == 0.3
    assert rows[WarningKind.VOLATILE] == [("婴儿死亡率", 1), ("筛查率", 1)]
    assert rows[WarningKind.NOT_ACHIEVED] == [("孕产妇死亡率", 1)]
    # the flat list has each target once, most severe first
    flat = warnings(items)
    assert [r.status for r in flat] == [S.NOT_ACHIEVED, S.OFF_TRACK, S.AT_RISK, S.AT_RISK, S.ACHIEVED]
    assert all(g.kind.zh and g.kind.en and g.kind.explanation_zh for g in groups)


def test_awaiting_and_unjudged_targets_are_no_warnings():
    assert warning_groups([R(S.AWAITING_DATA), R(S.NO_DATA), R(S.MANUAL), R(S.ON_TRACK)]) == []


# --- the one list of statuses ----------------------------------------------------------------------
def test_each_status_has_its_words_order_and_class():
    assert [s.order for s in Status] == list(range(len(Status)))
    assert len({s.zh for s in Status}) == len(Status) == len({s.en for s in Status})
    assert S.AWAITING_DATA.zh == "待数据" and S.MANUAL.css == "status status-manual"
    ranked = [s for s in Status if s.rank is not None]
    assert ranked == [S.ACHIEVED, S.BASICALLY_ACHIEVED, S.ON_TRACK, S.AT_RISK, S.OFF_TRACK, S.NOT_ACHIEVED]
    assert Status("achieved") is S.ACHIEVED and S.ACHIEVED == "achieved"


# --- the new sentences say the same in both languages ----------------------------------------------
_NUMBER = __import__("re").compile(r"-?\d+(?:\.\d+)?")
PARITY = [
    ("awaiting", T(">=", 95), {2021: 90, 2022: 91, 2023: 92, 2024: 93}, 2025),
    ("awaiting_met", T(">=", 90), {2023: 89, 2024: 91}, 2025),
    ("about", T("~", 45), {2024: 44.5}, 2024),
    ("below_baseline", {**D("increase"), "baseline": {"year": 2020, "value": 79.0}},
     {2021: 77.0, 2022: 77.5, 2023: 78.0, 2024: 78.5}, 2024),
    ("basically", T("<=", 20, "1/10万"), {2024: 20.1, 2025: 20.1}, 2025),
]


@pytest.mark.parametrize("name,target,series,as_of", PARITY, ids=[c[0] for c in PARITY])
def test_the_english_sentence_gives_the_same_numbers(name, target, series, as_of):
    a = assess(target, series, period=P, as_of=as_of)
    en, zh = a.reason_in("en"), a.reason_in("zh")
    numbers = lambda s: sorted(_NUMBER.findall(s.replace("/10万", "").replace("per 100,000", "")))
    assert numbers(en) == numbers(zh), (zh, en)
    assert en.endswith(".") and zh.endswith("。")
