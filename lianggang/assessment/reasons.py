"""One sentence per assessment, numbers formatted as a statistician would.

One table of phrases (``PHRASES``: key → Chinese, English) and one writer (``reason``): the
judgment and its numbers are chosen once, the language only picks the words. Chinese (``zh``,
the reports' language) or English (``en``, for English pages); the core knows no web framework,
so the caller names the language. Built lazily (``Assessment.reason``) so the batch path never
pays for it.
"""
from __future__ import annotations

from dataclasses import replace

from .model import Assessment, Status

S = Status
LANGUAGES = ("zh", "en")

#: Every phrase of every reason, Chinese and English; ``{name}`` slots are filled by the writer.
PHRASES: dict[str, tuple[str, str]] = {
    # -- where the indicator stands ---------------------------------------------------------
    "current": ("{year}年为{value}", "In {year} the value was {value}"),
    "vol.bounds": ("；{year}年数值{value}超出合理范围，需核实数据",
                   "; the {year} value {value} lies outside the plausible range and should be checked"),
    # 稳健z值 (a modified z-score) said as a county officer would: how far the latest change lies
    # outside the usual year-to-year change (docs/assessment.md, Volatility).
    "vol.z": ("；最近一年的变化远超往年的正常变化幅度（异常程度{z}，超过{threshold}即视为异常），波动较大，需核实数据",
              "; the latest change lies far outside the usual year-to-year change (unusualness {z}; "
              "above {threshold} counts as unusual): the series fluctuates strongly and should be checked"),
    # -- why there is no judgment -----------------------------------------------------------
    "need.reference": ("缺少参照指标（{reference}）的数据，无法比较，需提供参照指标数据。",
                       "There are no data for the reference ({reference}), so no comparison can be made; "
                       "the reference indicator's data are needed."),
    "reference.default": ("参照值", "the reference value"),
    "need.base": ("缺少基期（{year}年）数值，无法计算变化幅度。",
                  "The base-year value ({year}) is missing, so the change cannot be computed."),
    "need.base_unknown": ("缺少基期数值，无法计算变化幅度。",
                          "The base-year value is missing, so the change cannot be computed."),
    "need.values": ("仅有{n}个年份的数据，至少需要{need}个年份的数据才能判断。",
                    "Only {n} {years} of data; at least {need} are needed for a judgment."),
    "year.one": ("", "year"), "year.many": ("", "years"),
    "manual": ("该目标仅适用于“{condition}”，年度监测数据未标明哪一年适用；为免与同一指标的其他目标重复评估，请人工判断。",
               "This target holds only on an occasion (“{condition}”) that the yearly data do not mark; "
               "so that it is not judged twice beside the indicator's other targets, please judge it by hand."),
    "awaiting": ("{year}年（目标年）的数据尚未报送，待数据后再评定；按最新数据，目前为“{position}”：",
                 "The {year} value (the target year) is not in yet, so the target is not judged until it is; "
                 "by the latest data it stands at “{position}”: "),
    # -- direction targets ------------------------------------------------------------------
    "aim.increase": ("提高", "an increase"), "aim.decrease": ("下降", "a decrease"),
    "aim.maintain": ("保持稳定", "stability"),
    "move.flat": ("基本持平", "stayed about the same"), "move.up": ("上升", "rose"), "move.down": ("下降", "fell"),
    "direction": ("{current}，近{window}年{move}（变动{change}），{tail}{vol}。",
                  "{current}; over the last {window} years it {move} (change {change}): {tail}{vol}."),
    "dir.achieved": ("符合“{aim}”的目标要求", "in line with the target of {aim}"),
    "dir.at_risk": ("尚未显现{aim}趋势", "{aim} is not yet visible"),
    "dir.off_track": ("与“{aim}”的目标方向相反", "contrary to the target of {aim}"),
    "dir.not_achieved": ("未实现“{aim}”的目标", "the target of {aim} was not met"),
    "dir.behind": ("仍{side}{year}年基期水平{value}，尚不能算作“{aim}”，{word}",
                   "still {side} the {year} baseline of {value}, so it does not count as {aim}: {word}"),
    "side.below": ("低于", "below"), "side.above": ("高于", "above"),
    # -- comparisons ------------------------------------------------------------------------
    "comparison": ("{year}年比{reference}{side}{diff}，目标为与之{relation}，{word}{vol}。",
                   "In {year} it was {diff} {side} than {reference}; the target is to be {relation} it: {word}{vol}."),
    "reference.name": ("参照指标", "the reference"),
    "cmp.higher": ("高", "higher"), "cmp.lower": ("低", "lower"),
    "rel.~": ("相适应", "in step with"), "rel.=": ("相等", "equal to"), "rel.>=": ("不低于", "no lower than"),
    "rel.>": ("高于", "higher than"), "rel.<=": ("不高于", "no higher than"), "rel.<": ("低于", "lower than"),
    # -- levels: threshold and change targets ----------------------------------------------
    "target.approx": ("{value}左右", "about {value}"),
    "target.change": ("{level}（由{year}年{base}推算）", "{level} (from the {year} value of {base})"),
    "short": ("距目标{target}尚差{gap}", "{gap} short of the target of {target}"),
    "short.nogap": ("距目标{target}尚差", "short of the target of {target}"),
    "span.recent": ("近{k}年", " over the last {k} years"), "span.years": ("{first}—{last}年", " over {first}–{last}"),
    "trend": ("按{span}{method}测算，{year}年预计为{value}", "by the {method}{span}, {year} is projected at {value}"),
    "method.cagr": ("年均增长率", "average annual growth rate"), "method.linear": ("直线趋势", "linear trend"),
    # WLS said plainly: a trend line that weighs recent years more
    "method.wls": ("变化趋势（近年数据权重较大）", "trend weighted toward recent years"), "method.": ("", "trend"),
    "level.achieved": ("{current}，已达到目标{target}，已实现", "{current}, meeting the target of {target}: achieved"),
    "level.achieved_approx": ("{current}，在目标{target}的允许范围（±{tolerance}，即{low}—{high}）以内，已实现",
                              "{current}, within the allowed range of the target of {target} "
                              "(±{tolerance}, that is {low}–{high}): achieved"),
    "level.basically_achieved": ("{current}，距目标{target}差{gap}，差距不超过目标值的{share}%，基本实现",
                                 "{current}, {gap} short of the target of {target}, a miss of no more than "
                                 "{share}% of the target: basically achieved"),
    "level.not_achieved": ("{current}，目标年{year}年距目标{target}尚差{gap}，未实现",
                           "{current}; in the target year {year} it was still {short}: not achieved"),
    "level.on_track": ("{current}，{short}，{trend}，可望如期实现", "{current}, {short}; {trend}: on track to be met in time"),
    "level.at_risk": ("{current}，{short}，{trend}，{slow}，如期达标有困难",
                      "{current}, {short}; {trend}; {slow}: unlikely to be met in time"),
    "level.off_track": ("{current}，{short}，指标向偏离目标的方向变化，{trend}，出现退步",
                        "{current}, {short}; the indicator is moving away from the target; {trend}: regressing"),
    "slow.flat": ("进展停滞", "progress has stalled"), "slow.slow": ("进展偏慢", "progress is too slow"),
    "end": ("。", "."),
}

# Units as each language writes them after a number.
_UNIT_ZH = {"1/10万": "/10万", "ratio": "", "百分点": "个百分点"}
# Measure words (名, 家, 所 …) have no English counterpart: the number stands alone.
_UNIT_EN = {"%": "%", "‰": "‰", "1/10万": " per 100,000", "ratio": "", "百分点": " percentage points",
            "小时": " hours", "分钟": " minutes", "岁": " years", "年": " years", "天": " days",
            "名": "", "人": "", "家": "", "次": "", "所": "", "张": "", "个": "", "件": "", "户": ""}


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


def with_unit(x: str, unit: str, lang: str = "zh") -> str:
    """A formatted number followed by its unit as ``lang`` writes it (1 hour, 2 hours)."""
    if lang != "en":
        return x + _UNIT_ZH.get(unit, unit)
    word = _UNIT_EN.get(unit, f" {unit}" if unit else "")
    if x == "1" and word.endswith("s"):
        word = word[:-1]                  # 1 hour, 1 percentage point
    return x + word


def change_unit(unit: str) -> str:
    """The unit of a difference: a change of a % is in 百分点."""
    return "百分点" if unit == "%" else unit


def reason(a: Assessment, lang: str = "zh") -> str:
    """The assessment explained in one sentence, in ``lang`` (one of ``LANGUAGES``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no reasons in {lang!r} (one of {', '.join(LANGUAGES)})")
    return _Writer(a, lang).sentence()


class _Writer:
    """Fills the phrases of PHRASES for one assessment in one language."""

    def __init__(self, a: Assessment, lang: str):
        self.a = a
        self.lang = lang
        self.en = lang == "en"
        d = a.details
        raw = a.target.get("value")
        self.dec = decimals_of(list(d.get("vs") or []) + ([raw] if isinstance(raw, (int, float)) else []))

    def say(self, key: str, **slots) -> str:
        return PHRASES[key][self.en].format(**slots)

    def num(self, x: float) -> str:
        return fmt(x, self.dec)

    def value(self, x: float) -> str:
        return with_unit(self.num(x), self.a.unit, self.lang)

    def difference(self, x: float) -> str:
        return with_unit(self.num(x), change_unit(self.a.unit), self.lang)

    # -- the parts --------------------------------------------------------------------------
    def current(self) -> str:
        a = self.a
        return self.say("current", year=a.current_year, value=self.value(a.current_value)) \
            if a.current_value is not None else ""

    def volatility(self) -> str:
        a = self.a
        if not (a.volatile and a.volatility):
            return ""
        m = a.volatility
        if m.get("measure") == "bounds":
            return self.say("vol.bounds", year=m["year"], value=self.num(m["value"]))
        return self.say("vol.z", z=m["z"], threshold=fmt(m["threshold"], 1))

    def sentence(self) -> str:
        a = self.a
        st = a.status
        if st is S.AWAITING_DATA:
            position = replace(a, status=Status(a.details.get("position", S.NO_DATA)))
            return (self.say("awaiting", year=a.target_year, position=position.status.label(self.lang))
                    + _Writer(position, self.lang).sentence())
        if st is S.MANUAL:
            return self.say("manual", condition=a.details.get("condition", ""))
        if st is S.NO_DATA:
            return self.missing()
        if a.kind == "direction":
            return self.direction()
        if a.kind == "comparison":
            return self.comparison()
        return self.level()

    def missing(self) -> str:
        d = self.a.details
        need = d.get("needed")
        if need == "reference":
            return self.say("need.reference", reference=d.get("reference") or self.say("reference.default"))
        if need == "base":
            by = d.get("base_year")
            return self.say("need.base", year=by) if by else self.say("need.base_unknown")
        n = d.get("n_values", 0)
        return self.say("need.values", n=n, need=need, years=self.say("year.one" if n == 1 else "year.many"))

    def direction(self) -> str:
        a, d = self.a, self.a.details
        direction = a.target.get("direction")
        aim = self.say(f"aim.{direction}")
        chg = d.get("total_change", 0.0)
        move = "move.flat" if not d.get("real_change") else ("move.up" if chg > 0 else "move.down")
        since = d.get("since_baseline")
        base = d.get("baseline")
        behind = (base is not None and since is not None and a.status is not S.ACHIEVED
                  and direction in ("increase", "decrease") and since * (1 if direction == "increase" else -1) <= 0)
        if behind:
            tail = self.say("dir.behind", side=self.say("side.below" if direction == "increase" else "side.above"),
                            year=base["year"], value=self.value(base["value"]), aim=aim,
                            word=a.status.label(self.lang))
        else:
            tail = self.say(f"dir.{a.status.value}", aim=aim)
        return self.say("direction", current=self.current(), window=d.get("window"), move=self.say(move),
                        change=self.difference(chg), tail=tail, vol=self.volatility())

    def comparison(self) -> str:
        a, d = self.a, self.a.details
        return self.say("comparison", year=a.current_year,
                        reference=d.get("reference") or self.say("reference.name"),
                        side=self.say("cmp.higher" if a.current_value >= 0 else "cmp.lower"),
                        diff=with_unit(self.num(abs(a.current_value)), a.unit, self.lang),
                        relation=self.say(f"rel.{d.get('op')}"), word=a.status.label(self.lang),
                        vol=self.volatility())

    def level(self) -> str:
        a, d = self.a, self.a.details
        st = a.status
        target = self.value(a.target_value)
        approx = d.get("op") == "~"
        if approx:
            target = self.say("target.approx", value=target)
        if a.kind == "change":
            target = self.say("target.change", level=target, year=d["base_year"], base=self.num(d["base_value"]))
        gap = self.difference(a.gap) if a.gap else ""
        short = self.say("short", target=target, gap=gap) if gap else self.say("short.nogap", target=target)
        slots = {"current": self.current(), "target": target, "gap": gap, "short": short, "year": a.target_year,
                 "trend": self.trend()}
        if st is S.ACHIEVED and approx and d.get("approx_tolerance") is not None:
            tol = d["approx_tolerance"]
            body = self.say("level.achieved_approx", tolerance=self.difference(tol),
                            low=self.value(a.target_value - tol), high=self.value(a.target_value + tol), **slots)
        elif st is S.BASICALLY_ACHIEVED:
            share = d.get("tolerance", 0.0) / abs(a.target_value) * 100 if a.target_value else 0.0
            body = self.say("level.basically_achieved", share=fmt(share, 1), **slots)
        elif st is S.AT_RISK:
            body = self.say("level.at_risk", slow=self.say("slow.flat" if d.get("flat") else "slow.slow"), **slots)
        else:
            body = self.say(f"level.{st.value}", **slots)
        return body + self.volatility() + self.say("end")

    def trend(self) -> str:
        a, d = self.a, self.a.details
        if a.projected_value is None:
            return ""
        k = d.get("window") or 0
        ts = d.get("ts") or []
        if k and ts and ts[-1] - ts[-k] == k - 1:
            span = self.say("span.recent", k=k)
        elif k and ts:
            span = self.say("span.years", first=ts[-k], last=ts[-1])
        else:
            span = ""
        return self.say("trend", span=span, method=self.say(f"method.{a.projected_method or ''}"),
                        year=a.target_year, value=self.value(a.projected_value))
