"""The quantitative constructions of the target grammar, as named regexes.

Each rule matches inside one clause; the text of the clause before a match (back
to the previous match) is the subject that names the indicator.
"""
from __future__ import annotations

import re

from . import lexicon as lx
from .numbers import CN_CHARS, NUMBER_PATTERNS


def alt(words) -> str:
    """Regex alternation, longest first so that 以下 wins over 以."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


CN = f"[{CN_CHARS}]+"
# One number token.  `run` is a damaged list whose separators and units were lost
# (3.05.06.0); Chinese numerals count only before a measure word (一名, 两所).
NUM = (
    rf"(?:{NUMBER_PATTERNS['tenths']}"
    r"|\d+\.\d(?:\d+\.\d)+(?![\d.])"
    r"|\d+(?:\.\d+)?\s*[:：]\s*\d+(?:\.\d+)?"
    rf"|(?:{CN}|\d+)分之(?:{CN}|\d+)"
    r"|\d+/(?!10万|十万|100000)\d+(?![\d万])"
    r"|\d+(?:\.\d+)?"
    rf"|{CN}(?=[{''.join(lx.COUNT_UNITS)}万]))"
)
UNIT = f"(?:{alt(lx.UNITS)})"
VAL = f"{NUM}\\s*{UNIT}?"
VAL_RE = re.compile(f"(?P<num>{NUM})\\s*(?P<unit>{UNIT})?")
VALLIST = f"{VAL}(?:(?:、|和|及|与)?{VAL}){{0,7}}"  # bounded: no quadratic rescans
PRE = alt(lx.PRE_OPS)
POST = alt(lx.POST_OPS)
COUNT_VERBS = ("配备", "建设", "建成", "建立", "设立", "设置", "开展", "组织", "拥有", "有",
               "培育", "培养", "新建", "打造", "创建", "举办", "安排")
CV = alt(COUNT_VERBS)
# 至少健全一所: after 至少 any two-character verb may stand before a count
ANY_VERB = rf"(?<=至少)[^\W\d_{CN_CHARS}]{{2}}(?=\d|[{CN_CHARS}]+[{''.join(lx.COUNT_UNITS)}])"
ADV = alt(lx.TREND_ADVERBS)
BOUNDARY = r"(?=[，,。；;、）)]|$)"
CHANGE_VERBS = {"提高": "increase", "提升": "increase", "增长": "increase", "增加": "increase",
                "上升": "increase", "扩大": "increase", "下降": "decrease", "降低": "decrease",
                "减少": "decrease", "缩小": "decrease", "压减": "decrease"}

# The size of a change: a percentage, points, or a fraction (下降1/5, 降低三分之一).
FRACTION = f"(?:{NUMBER_PATTERNS['fraction']}|{NUMBER_PATTERNS['slash']})"
CHANGE_VAL = rf"(?:\d+(?:\.\d+)?\s*(?:%|％|个百分点|百分点)|{FRACTION})"
CHANGE_VAL_RE = re.compile(rf"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|个百分点|百分点)|(?P<frac>{FRACTION})")

RULES: dict[str, re.Pattern[str]] = {
    # change := (以 YEAR 年 (数据)? 为(基数|基础) | 每年 | 年均)? 分别? ADV* VERB CHANGE-VALUE-LIST POST?
    #           CHANGE-VALUE := NUMBER (%|个百分点) | FRACTION
    "change": re.compile(
        r"(?:(?:以|较|比|与)(?P<base>(?:19|20)\d\d)年(?:数据|水平|底|末)?(?:为基数|为基准|为基础|相比)?"
        r"|(?P<per>每年|年均|年平均|逐年))?"
        rf"(?P<dist>分别|依次)?(?:{ADV})*(?P<verb>{alt(CHANGE_VERBS)})"
        rf"(?P<vals>{CHANGE_VAL}(?:(?:、|和|及|与){CHANGE_VAL}){{0,5}})"
        rf"(?P<post>{POST})?"),
    # comparison := PRE reference-phrase        (不低于本地区党员总数中女性比例)
    "compare": re.compile(
        rf"(?P<pre>不低于|不高于|高于|低于|不少于|不超过|略高于|达到或超过|达到)(?P<ref>[^，,。；;\d%]{{2,40}}?"
        r"(?:比例|比重|占比|率|水平))(?=[，,。；;]|$)"),
    # comparison := 与 reference-phrase 相适应   (op ~)
    "fit": re.compile(r"(?:与|和|同)(?P<ref>[^，,。；;与]{2,40}?)(?:相适应|相一致|相当|相匹配|同步|持平)"),
    # full := subject (实现|达到)? (基本)? 全覆盖   → threshold >= 100 % on the coverage rate
    "full": re.compile(r"(?:实现|达到)?(?:基本)?(?<![健完齐周安])全覆盖"),
    # pairs := (who NUMBER TIME-UNIT 、)+ who NUMBER TIME-UNIT noun
    #          (每天小学生10小时、初中生9小时睡眠时间: one target per who)
    "pairs": re.compile(
        r"(?P<lead>(?:保证|确保|保障|倡导|力争)?(?P<per>每天|每日|每周|每月|每年)?)"
        r"(?P<list>(?:[^\d、，,。；;]{1,8}?\d+(?:\.\d+)?(?:小时|分钟)、)+"
        r"[^\d、，,。；;]{1,8}?\d+(?:\.\d+)?(?:小时|分钟))(?P<noun>[^，,。；;\d、]{0,10}?(?:时间|时长))"),
    # threshold := PRE-CHAIN (在|到)? (whole 的)? COUNT_VERB? VALUE-LIST POST? | COUNT_VERB VALUE-LIST
    #              PRE-CHAIN := (PRE (并|或|且))? PRE       (达到并保持在92%以上: the last one counts)
    #              (whole 的: 达到总床位的60% — a share of a whole)
    "threshold": re.compile(
        rf"(?:(?P<pre>(?:(?:{PRE})(?:并|或|且))?(?:{PRE}))(?:在|到|为)?(?:(?P<whole>[^，,。；;\d%]{{1,20}}?)的)?(?P<cv>{CV}|{ANY_VERB})?"
        rf"|(?P<cv0>{CV}))\s*(?P<vals>{VALLIST})\s*(?P<post>{POST})?"),
    # bare := VALUE-LIST POST BOUNDARY          (…的三分之一以上。)
    "bare": re.compile(rf"(?P<vals>{VALLIST})\s*(?P<post>{POST}){BOUNDARY}"),
    # share := VALUE% POST? 的? noun ... PREDICATE  (90%以上的社区图书馆设立亲子阅读区)
    "share": re.compile(
        rf"(?<![由从的])(?P<vals>\d+(?:\.\d+)?\s*(?P<unit>%|％)|{NUMBER_PATTERNS['tenths']})(?P<post>{POST})?的?"
        r"(?![\d%]|的?基础)"),
    # all := (所有|全部) noun PREDICATE rest        (所有助产机构实现出生一件事联办)
    #        → PREDICATE rest 的 noun 比例 >= 100 %
    "all": re.compile(r"(?:所有|全部)(?=[^，,。；;\d]{2,})"),
}
# Noun after a count: 至少配备一名 [女干部]
COUNT_NOUN_RE = re.compile(r"[^，,。；;、和\d]{1,30}?(?=[，,。；;、]|和|$)")
# An action counted in 次 runs to the end of the clause: 每年至少2次对…进行排查和评估
ACTION_NOUN_RE = re.compile(r"[^，,。；;\d]{1,40}?(?=[，,。；;]|(?:和|、|及)\d|$)")
# 2次A和2次B: more counts after the first one's noun
MORE_COUNT_RE = re.compile(rf"(?:和|、|及)(?P<num>{NUM})(?P<unit>{UNIT})")
PAIR_RE = re.compile(r"(?P<who>[^\d、]+?)(?P<num>\d+(?:\.\d+)?)(?P<unit>小时|分钟)")
SHARE_VERBS = ("占", "达到", "达", "保持在", "稳定在", "维持在", "提高到", "提高至", "不低于", "不少于")
SHARE_PRED_RE = re.compile(
    r"(?:成功)?(?:建立|设立|建成|建有|设有|开设|配备|实现|达到|开展|拥有|完成|接受|参加|参与|创建|通过)")
# A target year: 到2025年, 2025年前/底, 在2025年 — not a base (以/比/较2020年, 2020年…基础上)
YEAR_RE = re.compile(r"(?:(?:到|至|截至|截止|在|于)((?:19|20)\d\d)年"
                     r"|(?<![以比较与])((?:19|20)\d\d)年(?:前|底|末|以前))(?![^，,。；;]{0,12}基础)")
# A starting value is no part of the subject: 在2020年90%的基础上, 由2020年的85%(提高到…)
BASIS_RE = re.compile(r"在[^，,。；;]*?基础上|(?:由|从)(?:(?:19|20)\d\d年(?:的)?)?\d+(?:\.\d+)?(?:%|‰|/10万)?$")
