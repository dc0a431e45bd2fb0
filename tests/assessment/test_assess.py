"""Table-driven tests of the assessment core (pure, no Django)."""
import pytest
from hypothesis import given, settings, strategies as st

from lianggang.assessment import (Baseline, CaseError, Config, Period, Status, assess, assess_many,
                                  midterm, run_cases, summarise, summarise_by, warnings)

P = Period(2021, 2030)
S = Status


def T(op, value, unit="%", **kw):
    return {"indicator": "指标", "kind": "threshold", "op": op, "value": value, "unit": unit, **kw}


CASES = [
    # --- statistician's readings of published national numbers ---
    ("mmr_slow", T("<=", 12, "1/10万"), {2020: 16.9, 2021: 15.7, 2022: 16.1}, 2022, S.AT_RISK),
    ("hs_enrol", T(">=", 92, year=2025), {2020: 91.2, 2021: 91.4, 2022: 91.6}, 2022, S.ON_TRACK),
    ("already_95", T(">=", 90), {2022: 95}, 2022, S.ACHIEVED),
    ("nbs_20_1", T("<=", 20, "1/10万"), {2029: 21.0, 2030: 20.1}, 2030, S.BASICALLY_ACHIEVED),
    ("steady_fall", T("<=", 12, "1/10万"), {2020: 16.9, 2021: 15.0, 2022: 14.0, 2023: 13.2}, 2023, S.ON_TRACK),
    ("worsening", T(">=", 90), {2020: 85, 2021: 84, 2022: 83}, 2022, S.OFF_TRACK),
    # --- every op, value exactly at the bound ---
    (">=_at", T(">=", 90), {2022: 90}, 2022, S.ACHIEVED),
    ("<=_at", T("<=", 5, "‰"), {2022: 5}, 2022, S.ACHIEVED),
    (">_at", T(">", 90), {2020: 89, 2021: 89.5, 2022: 90}, 2022, S.ON_TRACK),
    ("<_at", T("<", 5, "‰"), {2020: 6, 2021: 5.5, 2022: 5}, 2022, S.ON_TRACK),
    (">_at_final", T(">", 90), {2030: 90}, 2030, S.BASICALLY_ACHIEVED),
    ("<_at_final", T("<", 5, "‰"), {2030: 5}, 2030, S.BASICALLY_ACHIEVED),
    ("=_met", T("=", 100), {2022: 100}, 2022, S.ACHIEVED),
    ("=_far_final", T("=", 100), {2030: 90}, 2030, S.NOT_ACHIEVED),
    # --- ~ at the tolerance edge (2 % of 50 = 1; 基本实现 adds 1 % = 0.5) ---
    ("~_edge", T("~", 50), {2022: 51.0}, 2022, S.ACHIEVED),
    ("~_edge_below", T("~", 50), {2022: 49.0}, 2022, S.ACHIEVED),
    ("~_just_out_basic", T("~", 50), {2030: 51.4}, 2030, S.BASICALLY_ACHIEVED),
    ("~_basic_edge", T("~", 50), {2030: 48.5}, 2030, S.BASICALLY_ACHIEVED),
    ("~_out_final", T("~", 50), {2030: 52}, 2030, S.NOT_ACHIEVED),
    ("srb_falling", T("~", 107, ""), {2020: 111.3, 2021: 110.9, 2022: 110.0}, 2022, S.ON_TRACK),
    ("srb_rising", T("~", 107, ""), {2020: 110.0, 2021: 110.9, 2022: 111.3}, 2022, S.OFF_TRACK),
    # --- final evaluation ---
    ("final_miss", T("<=", 12, "1/10万"), {2029: 14, 2030: 13.5}, 2030, S.NOT_ACHIEVED),
    ("final_after_end", T("<=", 12, "1/10万"), {2029: 14, 2030: 11.5}, 2032, S.ACHIEVED),
    ("early_year_target", T(">=", 80, year=2025), {2024: 78, 2025: 79}, 2027, S.NOT_ACHIEVED),
    ("met_then_lost_final", T(">=", 80), {2025: 81, 2030: 79.5}, 2030, S.BASICALLY_ACHIEVED),
    ("met_then_lost", T(">=", 80), {2021: 81, 2022: 78, 2023: 77}, 2023, S.OFF_TRACK),
    # --- gaps, one value, none ---
    ("gaps", T(">=", 92), {2016: 85, 2019: 88, 2022: 90}, 2022, S.ON_TRACK),
    ("one_value", T(">=", 92), {2022: 80}, 2022, S.NO_DATA),
    ("no_value", T(">=", 92), {}, 2022, S.NO_DATA),
    ("future_ignored", T(">=", 92), {2022: 80, 2024: 95}, 2022, S.NO_DATA),
    # --- zeros: already met, CAGR undefined → linear ---
    ("zero_le", T("<=", 0, ""), {2022: 0}, 2022, S.ACHIEVED),
    ("zero_lt", T("<", 1, "‰"), {2021: 0, 2022: 0}, 2022, S.ACHIEVED),
    ("zero_start_up", T(">=", 50), {2020: 0, 2021: 10, 2022: 20}, 2022, S.ON_TRACK),
    # --- bounded rates: projection clipped to 100 % ---
    ("bounded", T(">=", 99.5), {2020: 95, 2021: 98, 2022: 99}, 2022, S.ON_TRACK),
]


@pytest.mark.parametrize("name,target,series,as_of,status", CASES, ids=[c[0] for c in CASES])
def test_threshold_table(name, target, series, as_of, status):
    a = assess(target, series, period=P, as_of=as_of)
    assert a.status is status, a.reason
    assert a.reason.endswith("。")


def test_reason_reads_aloud():
    a = assess(T("<=", 12, "1/10万"), {2021: 16.0, 2022: 15.6, 2023: 15.1}, period=P, as_of=2023)
    assert a.reason.startswith("2023年为15.1/10万，距目标12/10万尚差3.1/10万")
    assert "2030年预计为" in a.reason
    b = assess(T(">=", 92, year=2025), {2020: 91.2, 2021: 91.4, 2022: 91.6}, period=P, as_of=2022)
    assert "0.4个百分点" in b.reason and b.gap == pytest.approx(0.4)


def test_no_data_says_how_many():
    a = assess(T(">=", 92), {2022: 80}, period=P, as_of=2022)
    assert "至少需要2个" in a.reason


# --- baseline and the straight path (时间过半、任务过半) ---
@pytest.mark.parametrize("baseline,expected_required,on_path", [
    (Baseline(2020, 80.0), 84.0, True),      # 2020→2030: 80→90, 2024 asks 84
    (Baseline(2020, 0.0), 36.0, True),        # zero baseline: path defined, CAGR not
    (None, None, None),                       # no baseline: no path
])
def test_required_now(baseline, expected_required, on_path):
    a = assess(T(">=", 90), {2022: 84, 2023: 85, 2024: 86}, period=P, as_of=2024, baseline=baseline)
    if expected_required is None:
        assert a.required_now is None
    else:
        assert a.required_now == pytest.approx(expected_required)
        assert a.details["expected_to_date_met"] is on_path


def test_baseline_from_target_joins_series():
    t = T("<=", 12, "1/10万", baseline={"year": 2020, "value": 16.9})
    a = assess(t, {2021: 15.7, 2022: 16.1}, period=P, as_of=2022)
    assert a.details["ts"][0] == 2020 and a.status is S.AT_RISK
    assert a.details["progress_ratio"] is not None


# --- methods chosen per indicator ---
@pytest.mark.parametrize("method,series,expect", [
    ("auto", {2020: 10.0, 2021: 11.0, 2022: 12.0}, "cagr"),
    ("auto", {2020: 10.0, 2021: 12.0, 2022: 11.0, 2023: 13.0}, "wls"),
    ("auto", {2020: 0.0, 2021: 1.0, 2022: 2.0}, "linear"),       # CAGR undefined at 0
    ("linear", {2020: 10.0, 2021: 11.0}, "linear"),
    ("wls", {2020: 10.0, 2021: 11.0}, "cagr"),                   # too few for wls: falls back
    ("wls", {2020: 10.0, 2021: 11.0, 2022: 12.0}, "wls"),
])
def test_method_choice(method, series, expect):
    a = assess(T(">=", 90), series, period=P, as_of=max(series), method=method)
    assert a.projected_method == expect


def test_unknown_method_is_case_error():
    with pytest.raises(CaseError) as e:
        assess(T(">=", 90), {2022: 1}, period=P, as_of=2022, method="magic")
    assert e.value.field == "target.method"


# --- change targets ---
@pytest.mark.parametrize("target,series,as_of,status", [
    ({"kind": "change", "direction": "decrease", "value": 18, "unit": "%", "base_year": 2020},
     {2020: 10.0, 2021: 9.5, 2022: 9.0}, 2022, S.ON_TRACK),
    ({"kind": "change", "direction": "decrease", "value": 18, "unit": "%", "base_year": 2020},
     {2020: 10.0, 2030: 8.1}, 2030, S.ACHIEVED),
    ({"kind": "change", "direction": "decrease", "value": 18, "unit": "%", "base_year": 2020},
     {2020: 10.0, 2030: 9.0}, 2030, S.NOT_ACHIEVED),
    # per-year: 每年降低0.5个百分点以上 → 2030 level 50 − 5 = 45
    ({"kind": "change", "direction": "decrease", "value": 0.5, "unit": "百分点", "per_year": True,
      "op": ">=", "base_year": 2020}, {2020: 50.0, 2021: 49.4, 2022: 48.9}, 2022, S.ON_TRACK),
    ({"kind": "change", "direction": "decrease", "value": 0.5, "unit": "百分点", "per_year": True,
      "op": ">=", "base_year": 2020}, {2020: 50.0, 2021: 49.9, 2022: 49.8}, 2022, S.AT_RISK),
    ({"kind": "change", "direction": "increase", "value": 10, "unit": "%", "base_year": 2020},
     {2021: 10.0, 2022: 11.0}, 2022, S.NO_DATA),                 # base year missing
    ({"kind": "change", "direction": "increase", "value": 2, "unit": "岁"},
     {2020: 77.0, 2021: 77.5, 2022: 78.0}, 2022, S.ON_TRACK),    # base = first year ≤ start
])
def test_change_table(target, series, as_of, status):
    a = assess(target, series, period=P, as_of=as_of)
    assert a.status is status, a.reason


def test_change_missing_base_reason():
    a = assess({"kind": "change", "direction": "increase", "value": 10, "unit": "%", "base_year": 2020},
               {2021: 10.0}, period=P, as_of=2022)
    assert "基期" in a.reason


# --- direction targets (noise rule) ---
@pytest.mark.parametrize("direction,series,as_of,status", [
    ("increase", {2019: 77.0, 2020: 77.3, 2021: 77.7, 2022: 78.1}, 2022, S.ACHIEVED),
    ("increase", {2019: 75.0, 2020: 75.3, 2021: 74.9, 2022: 75.2}, 2022, S.AT_RISK),   # noisy flat
    ("increase", {2019: 75.0, 2020: 74.0, 2021: 73.0, 2022: 72.0}, 2022, S.OFF_TRACK),
    ("increase", {2027: 75.0, 2028: 75.3, 2029: 74.9, 2030: 75.2}, 2030, S.NOT_ACHIEVED),
    ("decrease", {2019: 30.0, 2020: 29.0, 2021: 28.0}, 2021, S.ACHIEVED),
    ("maintain", {2019: 50.0, 2020: 50.2, 2021: 49.9, 2022: 50.1}, 2022, S.ACHIEVED),
    ("maintain", {2019: 50.0, 2020: 52.0, 2021: 54.0, 2022: 56.0}, 2022, S.OFF_TRACK),
    ("increase", {2022: 75.0}, 2022, S.NO_DATA),
])
def test_direction_table(direction, series, as_of, status):
    a = assess({"kind": "direction", "direction": direction}, series, period=P, as_of=as_of)
    assert a.status is status, (a.reason, a.details)


# --- comparison targets ---
@pytest.mark.parametrize("op,values,ref,status", [
    (">=", {2022: 30.0}, {2022: 28.0}, S.ACHIEVED),
    ("~", {2022: 30.0}, {2022: 30.5}, S.ACHIEVED),
    ("~", {2030: 20.0}, {2030: 31.0}, S.NOT_ACHIEVED),
    (">=", {2022: 30.0}, None, S.NO_DATA),
])
def test_comparison_table(op, values, ref, status):
    t = {"kind": "comparison", "op": op, "reference": "女职工比例", "unit": "%"}
    a = assess(t, values, period=P, as_of=max(values), reference=ref)
    assert a.status is status, a.reason
    if ref is None:
        assert "参照" in a.reason


# --- volatility ---
@pytest.mark.parametrize("series,unit,volatile,measure", [
    ({2016: 10.0, 2017: 10.5, 2018: 11.0, 2019: 11.4, 2020: 11.9, 2021: 18.0}, "%", True, "robust_z"),
    ({2016: 10.0, 2017: 10.5, 2018: 11.0, 2019: 11.4, 2020: 11.9, 2021: 12.3}, "%", False, "robust_z"),
    ({2019: 10.0, 2020: 10.5, 2021: 112.0}, "%", True, "bounds"),
    ({2020: 10.0, 2021: 12.0}, "%", False, None),               # too short to judge
])
def test_volatility(series, unit, volatile, measure):
    a = assess(T(">=", 20, unit), series, period=P, as_of=2021)
    assert a.volatile is volatile
    assert (a.volatility or {}).get("measure") == measure
    if volatile:
        assert "波动较大" in a.reason or "合理范围" in a.reason


def test_config_tolerance_is_configurable():
    t = T("<=", 20, "1/10万")
    s = {2029: 21.0, 2030: 20.1}
    assert assess(t, s, period=P, as_of=2030, config=Config(basically_rel=0.0)).status is S.NOT_ACHIEVED


# --- validation ---
@pytest.mark.parametrize("target,field", [
    ({"kind": "nonsense"}, "target.kind"),
    ({"kind": "threshold", "op": "!=", "value": 1}, "target.op"),
    ({"kind": "threshold", "op": ">=", "value": "abc"}, "target.value"),
    ({"kind": "direction", "direction": "sideways"}, "target.direction"),
])
def test_case_errors(target, field):
    with pytest.raises(CaseError) as e:
        assess(target, {}, period=P, as_of=2022, id="c1")
    assert e.value.field == field and e.value.case == "c1"


# --- many targets, many regions ---
def test_summarise_and_warnings():
    items = [("A", {2020: 16.9, 2021: 15.7, 2022: 16.1}), ("B", {2022: 11.0}),
             ("C", {}), ("D", {2020: 14.0, 2021: 15.0, 2022: 16.0})]
    t = T("<=", 12, "1/10万", baseline={"year": 2020, "value": 16.9}, department="卫生健康委")
    res = assess_many(t, items, period=P, as_of=2022, group={"domain": "健康"})
    by = {a.id: a.status for a in res}
    assert by == {"A": S.AT_RISK, "B": S.ACHIEVED, "C": S.NO_DATA, "D": S.OFF_TRACK}
    s = summarise_by(res, lambda a: a.group["domain"])["健康"]
    assert s.assessable == 3 and s.met == 1 and s.attainment_rate == pytest.approx(33.3)
    assert s.counts["no_data"] == 1 and s.total == 4
    w = warnings(res)
    assert [x.id for x in w] == ["D", "A"]
    assert w[0].target["department"] == "卫生健康委" and w[0].reason
    per_region = summarise_by(res, lambda a: a.id)
    assert set(per_region) == {"A", "B", "C", "D"}


def test_run_cases_shape():
    out = run_cases([{"id": "x", "target": T(">=", 90), "period": {"start": 2021, "end": 2030},
                      "series": {"2021": 95}, "as_of": 2022}])
    r = out[0]
    assert r["id"] == "x" and r["status"] == "achieved"
    assert set(r) >= {"id", "status", "current", "projected", "gap", "volatile", "reason"}


@pytest.mark.parametrize("case,field", [
    ({"target": T(">=", 90), "period": {"start": 2021, "end": 2030}, "series": {}}, "as_of"),
    ({"target": T(">=", 90), "period": {"start": 2021, "end": 2030}, "series": {"2021": "x"}, "as_of": 2022}, "series.2021"),
    ({"target": T(">=", 90), "period": {"start": 2021, "end": 2030}, "series": {"2024": 1}, "as_of": 2022}, "series.2024"),
    ({"target": T(">=", 90), "period": {"start": 2021, "end": 2030}, "series": {"1950": 1}, "as_of": 2022}, "series.1950"),
    ({"target": T(">=", 90), "period": {"start": 2021}, "series": {}, "as_of": 2022}, "period"),
])
def test_run_cases_errors(case, field):
    with pytest.raises(CaseError) as e:
        run_cases([case])
    assert e.value.field == field and "#0" in str(e.value.case)


def test_labels_complete():
    assert all(s.zh and s.en and s.css for s in Status)
    assert S.BASICALLY_ACHIEVED.label("zh") == "基本实现" and S.AWAITING_DATA.label("en") == "awaiting data"


# --- properties ---
years = st.lists(st.integers(2015, 2024), min_size=1, max_size=8, unique=True)
vals = st.floats(1, 99, allow_nan=False, allow_infinity=False)
ops = st.sampled_from([">=", "<=", ">", "<"])


@settings(max_examples=300, deadline=None)
@given(ys=years, data=st.data(), op=ops, tv=vals, as_of=st.integers(2024, 2032),
       bump=st.floats(0.001, 30))
def test_improving_latest_never_worsens(ys, data, op, tv, as_of, bump):
    series = {y: data.draw(vals) for y in ys}
    t = T(op, tv)
    a = assess(t, series, period=P, as_of=as_of)
    last = max(ys)
    better = dict(series)
    better[last] = series[last] + (bump if op in (">=", ">") else -bump)
    b = assess(t, better, period=P, as_of=as_of)
    # awaiting data is judged on its latest known position
    ra, rb = (Status(x.details.get("position", x.status)).rank for x in (a, b))
    if ra is None or rb is None:
        return
    assert rb <= ra, (series, better, a.reason, b.reason)


@settings(max_examples=200, deadline=None)
@given(ys=years, data=st.data(), op=ops, tv=vals, as_of=st.integers(2022, 2032))
def test_order_of_keys_does_not_matter(ys, data, op, tv, as_of):
    series = {y: data.draw(vals) for y in ys}
    rev = dict(reversed(list(series.items())))
    a = assess(T(op, tv), series, period=P, as_of=as_of)
    b = assess(T(op, tv), rev, period=P, as_of=as_of)
    assert (a.status, a.projected_value, a.volatile, a.reason) == (b.status, b.projected_value, b.volatile, b.reason)


# --- numbers as a statistician writes them ---
@pytest.mark.parametrize("x,dec,out", [
    (12.0, 1, "12"), (15.10, 2, "15.1"), (3.0999999, 1, "3.1"), (0.0, 2, "0"), (-0.001, 1, "0"),
    (92.2033, 1, "92.2"), (5.25, 2, "5.25"),
])
def test_fmt(x, dec, out):
    from lianggang.assessment.reasons import fmt
    assert fmt(x, dec) == out


def test_precision_follows_data():
    a = assess(T("<=", 5, "‰"), {2020: 5.62, 2021: 5.48, 2022: 5.31}, period=P, as_of=2022)
    assert "5.31‰" in a.reason and "0.31‰" in a.reason


def test_comparison_reason_in_points():
    t = {"kind": "comparison", "op": ">=", "reference": "女职工比例", "unit": "%"}
    a = assess(t, {2022: 30.0}, period=P, as_of=2022, reference={2022: 28.0})
    assert "2个百分点" in a.reason


def test_midterm_counts_on_path():
    t = T(">=", 90, baseline={"year": 2020, "value": 80})
    res = assess_many(t, [("a", {2024: 85}), ("b", {2024: 82}), ("c", {})], period=P, as_of=2024)
    on = {a.id: a.on_path for a in res}
    assert on["a"] is True and on["b"] is False
    assert midterm(res) == (1, 2)   # no_data is not checked against the path


def test_string_years_and_nan_are_cleaned():
    a = assess(T(">=", 92, year=2025), {"2020": 91.2, "2021": float("nan"), "2022": 91.6, 2019: None},
               period=P, as_of=2022)
    assert a.details["ts"] == [2020, 2022] and a.status is S.ON_TRACK


def test_core_is_pure_python():
    import subprocess
    import sys
    code = "import sys, lianggang.assessment; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_trace_keeps_inputs_and_intermediates():
    t = T("<=", 12, "1/10万", baseline={"year": 2020, "value": 16.9})
    a = assess(t, {2021: 15.7, 2022: 16.1}, period=P, as_of=2022)
    d = a.details
    for k in ("ts", "vs", "window", "slope", "progress_ratio", "expected_to_date_met", "tolerance", "op"):
        assert k in d, k
    assert a.required_now == pytest.approx(16.9 + (12 - 16.9) * 2 / 10)


# --- the reason in English: the same judgment and the same numbers as the Chinese ---
_HAN = __import__("re").compile(r"[\u4e00-\u9fff]")
_NUMBER = __import__("re").compile(r"-?\d+(?:\.\d+)?")
EN_CASES = [(c[0], c[1], c[2], c[3], None) for c in CASES] + [
    ("direction_up", {"kind": "direction", "direction": "increase"},
     {2019: 75.0, 2020: 74.0, 2021: 73.0, 2022: 72.0}, 2022, None),
    ("direction_stable", {"kind": "direction", "direction": "maintain"},
     {2019: 50.0, 2020: 50.2, 2021: 49.9, 2022: 50.1}, 2022, None),
    ("change_no_base", {"kind": "change", "direction": "increase", "value": 10, "unit": "%", "base_year": 2020},
     {2021: 10.0}, 2022, None),
    ("change_points", {"kind": "change", "direction": "decrease", "value": 0.5, "unit": "百分点", "per_year": True},
     {2020: 52.0, 2021: 51.6, 2022: 51.2}, 2022, None),
    ("comparison", {"kind": "comparison", "op": ">=", "reference": "参照", "unit": "%"},
     {2021: 29.0, 2022: 30.0}, 2022, {2021: 28.5, 2022: 28.0}),
    ("comparison_no_ref", {"kind": "comparison", "op": ">=", "reference": "参照", "unit": "%"},
     {2022: 30.0}, 2022, None),
    ("volatile", T(">=", 20), {2016: 10.0, 2017: 10.5, 2018: 11.0, 2019: 11.4, 2020: 11.9, 2021: 18.0}, 2021, None),
    ("implausible", T(">=", 20), {2019: 10.0, 2020: 10.5, 2021: 112.0}, 2021, None),
    ("hours", T(">=", 1, "小时"), {2020: 0.5, 2021: 0.7, 2022: 0.8}, 2022, None),
]


@pytest.mark.parametrize("name,target,series,as_of,ref", EN_CASES, ids=[c[0] for c in EN_CASES])
def test_the_english_reason_says_what_the_chinese_says(name, target, series, as_of, ref):
    a = assess(target, series, period=P, as_of=as_of, reference=ref)
    en, zh = a.reason_in("en"), a.reason_in("zh")
    assert zh == a.reason                      # Chinese stays the default (reports, command line)
    assert en.endswith(".") and en[0].isupper()
    assert not _HAN.search(en.replace(str(target.get("reference", "")), "")), en
    # Every number the Chinese sentence gives, the English gives too (units aside: 1/10万 → per 100,000).
    numbers = lambda s: sorted(_NUMBER.findall(s.replace("/10万", "").replace("per 100,000", "")))
    assert numbers(en) == numbers(zh), (zh, en)


def test_english_units_and_plurals():
    a = assess(T("<=", 12, "1/10万"), {2021: 16.0, 2022: 15.6, 2023: 15.1}, period=P, as_of=2023)
    assert a.reason_in("en").startswith("In 2023 the value was 15.1 per 100,000, 3.1 per 100,000 short of the "
                                        "target of 12 per 100,000")
    b = assess(T(">=", 92, year=2025), {2020: 91.2, 2021: 91.4, 2022: 91.6}, period=P, as_of=2022)
    assert "0.4 percentage points short of the target of 92%" in b.reason_in("en")
    c = assess(T(">=", 8, "小时"), {2020: 6, 2021: 6.5, 2022: 7}, period=P, as_of=2022)
    assert "1 hour short" in c.reason_in("en") and "8 hours" in c.reason_in("en")
    d = assess(T(">=", 92), {2022: 80}, period=P, as_of=2022)
    assert d.reason_in("en") == "Only 1 year of data; at least 2 are needed for a judgment."


def test_a_reason_in_an_unknown_language_is_refused():
    a = assess(T(">=", 92), {2022: 80}, period=P, as_of=2022)
    with pytest.raises(ValueError, match="fr"):
        a.reason_in("fr")


# --- a unit's plausible range applies to values in that unit, not to differences or other units ---
@pytest.mark.parametrize("name,target,series,as_of,ref,volatile,projected_above", [
    # 降低20% of a rate in 1/10万: the levels are no percentages, nothing is implausible or clipped to 100.
    ("relative_change_of_a_rate", {"kind": "change", "direction": "increase", "value": 10, "unit": "%",
                                   "base_year": 2020, "level_unit": "1/10万"},
     {2020: 5000.0, 2021: 5100.0, 2022: 5150.0}, 2022, None, False, 5150.0),
    ("relative_change_unknown_level", {"kind": "change", "direction": "increase", "value": 10, "unit": "%",
                                       "base_year": 2020},
     {2020: 5000.0, 2021: 5100.0, 2022: 5150.0}, 2022, None, False, 5150.0),
    # 0.5个百分点 moves a level in %: 120 is still implausible.
    ("points_change_of_a_percent", {"kind": "change", "direction": "increase", "value": 0.5, "unit": "百分点",
                                    "per_year": True, "base_year": 2020},
     {2020: 50.0, 2021: 51.0, 2022: 120.0}, 2022, None, True, None),
    # A share below its reference gives a negative difference: not implausible.
    ("comparison_below_reference", {"kind": "comparison", "op": "~", "reference": "参照", "unit": "%"},
     {2021: 20.0, 2022: 21.0}, 2022, {2021: 31.0, 2022: 31.0}, False, None),
])
def test_unit_bounds_apply_to_levels_in_that_unit(name, target, series, as_of, ref, volatile, projected_above):
    a = assess(target, series, period=P, as_of=as_of, reference=ref)
    assert a.volatile is volatile, (a.volatility, a.reason)
    if projected_above is not None:
        assert a.projected_value > projected_above, a.reason
