"""Direction targets: a trend verb on a named quantity, no number.

    after   := phrase ADVERB* VERB_CHAIN          妇女人均预期寿命延长, 女性比例逐步提高
    before  := ADVERB* VERB_CHAIN phrase          降低人工流产率、反复流产率
    trend   := phrase 上升趋势 … (减缓|得到控制)   → decrease, the wording in the note
    VERB_CHAIN := VERB ((和|并|、)? ADVERB* VERB)* — the last verb decides (巩固提高 → increase)

Only phrases that end with a quantity noun count (see grammar_phrase.is_quantity);
a structure or a ratio counts only when asked to stay balanced (保持…均衡).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from . import grammar_phrase as ph
from . import lexicon as lx
from .grammar_rules import BASIS_RE


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


DIRECTION_OF: dict[str, str] = {
    **{w: "increase" for w in lx.INCREASE}, **{w: "decrease" for w in lx.DECREASE},
    **{w: "maintain" for w in lx.MAINTAIN},
}
DIRECTION_OF.update({typo: DIRECTION_OF[verb] for typo, verb in lx.TYPO_VERBS.items()})
# 上升 inside 上升趋势 is the subject of the trend, not its verb.
# A verb glued to 率 or 水平 is part of a noun (巩固率, 普及水平), not a verb.
_VERB = rf"(?:{_alt(DIRECTION_OF)})(?!趋势|率|水平)"
_ADV = rf"(?:{_alt(lx.TREND_ADVERBS)})"
CHAIN_RE = re.compile(rf"(?:{_ADV})*{_VERB}(?:(?:和|并|、|与)?(?:{_ADV})*{_VERB})*")
_LAST_VERB_RE = re.compile(rf"({_alt(DIRECTION_OF)})(?!.*(?:{_alt(DIRECTION_OF)}))")
_TREND_RE = re.compile(r"(上升|升高|增长|增加|上涨|蔓延)趋势(?:得到)?(?:有效|明显|逐步|初步|基本)?$")
# 比上年 / 较2020年: the base of a trend, no part of the name
_SINCE_RE = re.compile(r"(?:比|较|与)(?:上年|去年|上一年|上届|(?:19|20)\d\d年)(?:相比)?$")
_BALANCE_TAIL_RE = re.compile(r"(?:的)?(?:均衡|平衡)$")
_BALANCE_HEADS = ("结构", "比例", "性别比")
# 保持合理比例 after a population: the population's share is what is kept.
_SHARE_PHRASES = tuple(w for w in lx.MAINTAIN if w.endswith(("比例", "结构", "水平")) and len(w) > 2)


_FINAL_VERB_RE = re.compile(rf"(?:{_alt(DIRECTION_OF)})$")


def _direction(chain: str) -> str:
    """The direction of a verb chain is its last verb's (巩固提高 → increase)."""
    m = _FINAL_VERB_RE.search(chain) or _LAST_VERB_RE.search(chain)
    return DIRECTION_OF[m.group(0) if m.re is _FINAL_VERB_RE else m.group(1)] if m else "increase"


def _balanced(phrase: str) -> bool:
    return ph.is_quantity(phrase) or phrase.endswith(_BALANCE_HEADS)


def open_object(segment: str) -> tuple[str, str] | None:
    """(direction, object) when the segment ends with a trend verb whose object
    names no quantity yet — the object may go on after a comma (提高各级党委、
    政协机关，党政工作部门…中的女性比例)."""
    chains = list(CHAIN_RE.finditer(segment))
    if not chains:
        return None
    obj, _ = ph.clean(segment[chains[-1].end():])
    if not obj or ph.heads(obj) or obj.endswith(lx.NON_QUANTITY_ENDINGS):
        return None
    return _direction(chains[-1].group()), obj


def _on_left(left: str, chain: str, direction: str) -> tuple[list[str], str, str | None] | None:
    """after := phrase ADVERB* VERB-CHAIN — (names, direction, note) or None."""
    if not left:
        return None
    trend = _TREND_RE.search(left)
    if trend and (direction == "decrease" or chain.endswith("控制")):
        # 患病率上升趋势减缓 / 上升趋势得到控制: a decrease, the wording kept
        name, _ = ph.clean(left[:trend.start()])
        if not name:
            return None
        return [name if ph.is_quantity(name) else name + "率"], "decrease", trend.group() + chain
    if chain.endswith(_SHARE_PHRASES):
        return [left if ph.is_quantity(left) else left + "比例"], direction, chain
    if direction == "maintain" and _balanced(left):
        return ph.heads(left, _balanced), direction, (chain if chain not in ("保持", "稳定") else None)
    names = ph.heads(left)
    if names:
        return names, direction, next((w for w in lx.NOTE_ADVERBS if w in chain), None)
    return None


def _on_right(right: str, left: str, chain: str, direction: str) -> tuple[list[str], str, str | None]:
    """before := ADVERB* VERB-CHAIN phrase — (names, direction, note); names may be empty."""
    note = None
    tail = _BALANCE_TAIL_RE.search(right)
    if tail:  # 保持…的均衡
        right, direction, note = right[:tail.start()], "maintain", "保持" + tail.group().lstrip("的")
    names = ph.heads(right, _balanced) if direction == "maintain" else ph.heads(right)
    if len(names) == 1 and names[0] == ph.head_word(names[0]) and left and not ph.is_quantity(left):
        names = [left + names[0]]  # 支持脱贫妇女稳定增加收入: the bare object's owner stands before
    if names and chain.endswith("控制"):
        note = "控制"
    return names, direction, note


def find_trends(segment: str) -> Iterator[tuple[dict, int, int, str | None]]:
    """Direction targets of one clause segment (no numbers left in it), as
    (target, start, end, review) with offsets into the segment."""
    chains = list(CHAIN_RE.finditer(segment))
    prev_end = 0
    prev_took_object = False
    for i, m in enumerate(chains):
        chain = m.group()
        next_start = chains[i + 1].start() if i + 1 < len(chains) else len(segment)
        left_raw = _SINCE_RE.sub("", BASIS_RE.sub("", segment[prev_end:m.start()]))
        left, _ = ph.clean(left_raw)
        # Text after a verb that took it as object, or a list of verb phrases
        # (稳定办学规模、提升…), is no subject of the next verb.
        if prev_took_object or left_raw.rstrip().endswith(("、", "和", "及")):
            left = ""
        right_raw = segment[m.end():next_start]
        found = _on_left(left, chain, _direction(chain))
        from_right = found is None
        if from_right:
            found = _on_right(ph.clean(right_raw)[0], left, chain, _direction(chain))
        names, direction, note = found
        typo = next((t for t in lx.TYPO_VERBS if chain.endswith(t)), None)
        if typo and not from_right:
            names = []  # a typo verb is read only before its rate
        review = f"原文作“{typo}”，疑为“{lx.TYPO_VERBS[typo]}”" if typo else None
        # evidence: verb and object, or subject and verb
        if from_right:
            start, end = m.start(), m.end() + len(right_raw.rstrip(" ，,。；;、"))
        else:
            start, end = prev_end, m.end()
            while start < m.start() and segment[start] in " ，,。；;、":
                start += 1
        for name in names:
            target = {"indicator": name, "kind": "direction", "direction": direction}
            if note:
                target["note"] = note
            yield target, start, end, review
        prev_end = m.end()
        prev_took_object = from_right and bool(names)
