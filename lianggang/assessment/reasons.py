"""One sentence per assessment, numbers formatted as a statistician would.

Chinese (``zh``, the reports' language) or English (``en``, for English pages); the core
knows no web framework, so the caller names the language.  Built lazily
(``Assessment.reason``) so the batch path never pays for it.
"""
from __future__ import annotations

from .model import Assessment, Status

S = Status
_UNIT_SHOW = {"1/10万": "/10万", "ratio": "", "百分点": "个百分点"}
_METHOD = {"cagr": "年均增长率", "linear": "直线趋势", "wls": "加权趋势回归"}


def decimals_of(values) -> int:
    """The precision of the data: the most decimals any value shows (max 3)."""
    d = 0
    for v in values:
        s = repr(float(v))
        if "e" in s:
            continue
        frac = s.split(".")[1].rstrip("0")
        d = max(d, len(frac))
    return min(d, 3)


def fmt(x: float, dec: int) -> str:
    """Round to ``dec`` decimals and trim trailing zeros (12.0 → 12, 15.10 → 15.1)."""
    s = f"{x:.{dec}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def with_unit(x: str, unit: str) -> str:
    return x + _UNIT_SHOW.get(unit, unit)


LANGUAGES = ("zh", "en")


def reason(a: Assessment, lang: str = "zh") -> str:
    """The assessment explained in one sentence, in ``lang`` (one of ``LANGUAGES``)."""
    if lang == "en":
        return _reason_en(a)
    if lang != "zh":
        raise ValueError(f"no reasons in {lang!r} (one of {', '.join(LANGUAGES)})")
    return _reason_zh(a)


def _reason_zh(a: Assessment) -> str:
    d = a.details
    vs = d.get("vs") or []
    tv = a.target_value
    raw = a.target.get("value")
    dec = decimals_of(list(vs) + ([raw] if isinstance(raw, (int, float)) else []))
    u = a.unit
    gap_u = "个百分点" if u == "%" else _UNIT_SHOW.get(u, u)

    def v(x):
        return with_unit(fmt(x, dec), u)

    st = a.status
    cur = f"{a.current_year}年为{v(a.current_value)}" if a.current_value is not None else ""
    vol = ""
    if a.volatile and a.volatility:
        m = a.volatility
        if m.get("measure") == "bounds":
            vol = f"；{m['year']}年数值{fmt(m['value'], dec)}超出合理范围，需核实数据"
        else:
            vol = f"；最近一年变化异常（稳健z值{m['z']}，超过{fmt(m['threshold'], 1)}），波动较大，需核实"
    if st is S.NO_DATA:
        need = d.get("needed")
        if need == "reference":
            return f"缺少参照指标（{d.get('reference') or '参照值'}）的数据，无法比较，需提供参照指标数据。"
        if need == "base":
            return f"缺少基期（{d.get('base_year') or '基年'}年）数值，无法计算变化幅度。"
        n = d.get("n_values", 0)
        return f"仅有{n}个年份的数据，至少需要{need}个年份的数据才能判断。"
    if a.kind == "direction":
        dirw = {"increase": "提高", "decrease": "下降", "maintain": "保持稳定"}[a.target.get("direction")]
        chg = d.get("total_change", 0.0)
        move = "基本持平" if not d.get("real_change") else ("上升" if chg > 0 else "下降")
        tail = {S.ACHIEVED: f"符合“{dirw}”的目标要求", S.AT_RISK: f"尚未显现{dirw}趋势",
                S.OFF_TRACK: f"与“{dirw}”的目标方向相反", S.NOT_ACHIEVED: f"未实现“{dirw}”的目标"}[st]
        return f"{cur}，近{d.get('window')}年{move}（变动{fmt(chg, dec)}），{tail}{vol}。"
    op = d.get("op")
    if a.kind == "comparison":
        ref = d.get("reference") or "参照指标"
        rel = {"~": "相适应", "=": "相等", ">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于"}[op]
        return (f"{a.current_year}年比{ref}{'高' if a.current_value >= 0 else '低'}"
                f"{with_unit(fmt(abs(a.current_value), dec), u)}，目标为与之{rel}，"
                f"{a.label}{vol}。")
    tgt = v(tv)
    if a.kind == "change":
        tgt = f"{tgt}（由{d['base_year']}年{fmt(d['base_value'], dec)}推算）"
    gap = f"{fmt(a.gap, dec)}{gap_u}" if a.gap else ""
    trend = ""
    if a.projected_value is not None:
        k = d.get("window") or 0
        ts = d.get("ts") or []
        span = f"近{k}年" if k and ts and ts[-1] - ts[-k] == k - 1 else (
            f"{ts[-k]}—{ts[-1]}年" if k and ts else "")
        trend = (f"按{span}{_METHOD.get(a.projected_method, '')}测算，"
                 f"{a.target_year}年预计为{v(a.projected_value)}")
    if st is S.ACHIEVED:
        body = f"{cur}，已达到目标{tgt}，已实现"
    elif st is S.BASICALLY_ACHIEVED:
        body = f"{cur}，距目标{tgt}差{gap}，在容差以内，基本实现"
    elif st is S.NOT_ACHIEVED:
        body = f"{cur}，目标年{a.target_year}年距目标{tgt}尚差{gap}，未实现"
    elif st is S.ON_TRACK:
        body = f"{cur}，距目标{tgt}尚差{gap}，{trend}，可望如期实现"
    elif st is S.AT_RISK:
        slow = "进展停滞" if d.get("flat") else "进展偏慢"
        body = f"{cur}，距目标{tgt}尚差{gap}，{trend}，{slow}，如期达标有困难"
    else:
        body = f"{cur}，距目标{tgt}尚差{gap}，指标向偏离目标的方向变化，{trend}，出现退步"
    return body + vol + "。"


# --- English -------------------------------------------------------------------------------
# Measure words (名, 家, 所 …) have no English counterpart: the number stands alone.
_UNIT_EN = {"%": "%", "‰": "‰", "1/10万": " per 100,000", "ratio": "", "百分点": " percentage points",
            "小时": " hours", "分钟": " minutes", "岁": " years", "年": " years", "天": " days",
            "名": "", "人": "", "家": "", "次": "", "所": "", "张": "", "个": "", "件": "", "户": ""}
_METHOD_EN = {"cagr": "average annual growth rate", "linear": "linear trend", "wls": "weighted trend regression"}
_STATUS_EN = {S.ACHIEVED: "achieved", S.BASICALLY_ACHIEVED: "basically achieved", S.ON_TRACK: "on track",
              S.AT_RISK: "unlikely to be met in time", S.OFF_TRACK: "regressing",
              S.NOT_ACHIEVED: "not achieved", S.NO_DATA: "insufficient data"}


def _with_unit_en(x: str, unit: str) -> str:
    word = _UNIT_EN.get(unit, f" {unit}" if unit else "")
    if x == "1" and word.endswith("s"):
        word = word[:-1]                  # 1 hour, 1 percentage point
    return x + word


def _reason_en(a: Assessment) -> str:
    d = a.details
    vs = d.get("vs") or []
    raw = a.target.get("value")
    dec = decimals_of(list(vs) + ([raw] if isinstance(raw, (int, float)) else []))
    u = a.unit

    def v(x):
        return _with_unit_en(fmt(x, dec), u)

    def gap_of(x):
        return _with_unit_en(fmt(x, dec), "百分点" if u == "%" else u)

    st = a.status
    cur = f"In {a.current_year} the value was {v(a.current_value)}" if a.current_value is not None else ""
    vol = ""
    if a.volatile and a.volatility:
        m = a.volatility
        if m.get("measure") == "bounds":
            vol = f"; the {m['year']} value {fmt(m['value'], dec)} lies outside the plausible range and should be checked"
        else:
            vol = (f"; the latest change is unusual (robust z-score {m['z']}, above {fmt(m['threshold'], 1)}): "
                   "the series fluctuates strongly and should be checked")
    if st is S.NO_DATA:
        need = d.get("needed")
        if need == "reference":
            return (f"There are no data for the reference ({d.get('reference') or 'the reference value'}), "
                    "so no comparison can be made; the reference indicator's data are needed.")
        if need == "base":
            return (f"The base-year value ({d.get('base_year') or 'base year'}) is missing, "
                    "so the change cannot be computed.")
        n = d.get("n_values", 0)
        years = "year" if n == 1 else "years"
        return f"Only {n} {years} of data; at least {need} are needed for a judgment."
    if a.kind == "direction":
        aim = {"increase": "an increase", "decrease": "a decrease", "maintain": "stability"}[a.target.get("direction")]
        chg = d.get("total_change", 0.0)
        move = "stayed about the same" if not d.get("real_change") else ("rose" if chg > 0 else "fell")
        tail = {S.ACHIEVED: f"in line with the target of {aim}", S.AT_RISK: f"{aim} is not yet visible",
                S.OFF_TRACK: f"contrary to the target of {aim}", S.NOT_ACHIEVED: f"the target of {aim} was not met"}[st]
        return f"{cur}; over the last {d.get('window')} years it {move} (change {fmt(chg, dec)}): {tail}{vol}."
    op = d.get("op")
    if a.kind == "comparison":
        ref = d.get("reference") or "the reference"
        rel = {"~": "in step with", "=": "equal to", ">=": "no lower than", ">": "higher than",
               "<=": "no higher than", "<": "lower than"}[op]
        side = "higher" if a.current_value >= 0 else "lower"
        return (f"In {a.current_year} it was {_with_unit_en(fmt(abs(a.current_value), dec), u)} {side} than {ref}; "
                f"the target is to be {rel} it: {_STATUS_EN[st]}{vol}.")
    tgt = v(a.target_value)
    if a.kind == "change":
        tgt = f"{tgt} (from the {d['base_year']} value of {fmt(d['base_value'], dec)})"
    short = f"{gap_of(a.gap)} short of the target of {tgt}" if a.gap else f"short of the target of {tgt}"
    trend = ""
    if a.projected_value is not None:
        k = d.get("window") or 0
        ts = d.get("ts") or []
        span = f" over the last {k} years" if k and ts and ts[-1] - ts[-k] == k - 1 else (
            f" over {ts[-k]}–{ts[-1]}" if k and ts else "")
        method = _METHOD_EN.get(a.projected_method, "trend")
        trend = f"by the {method}{span}, {a.target_year} is projected at {v(a.projected_value)}"
    if st is S.ACHIEVED:
        body = f"{cur}, meeting the target of {tgt}: achieved"
    elif st is S.BASICALLY_ACHIEVED:
        body = f"{cur}, {short}, within the tolerance: basically achieved"
    elif st is S.NOT_ACHIEVED:
        body = f"{cur}; in the target year {a.target_year} it was still {short}: not achieved"
    elif st is S.ON_TRACK:
        body = f"{cur}, {short}; {trend}: on track to be met in time"
    elif st is S.AT_RISK:
        slow = "progress has stalled" if d.get("flat") else "progress is too slow"
        body = f"{cur}, {short}; {trend}; {slow}: unlikely to be met in time"
    else:
        body = f"{cur}, {short}; the indicator is moving away from the target; {trend}: regressing"
    return body + vol + "."
