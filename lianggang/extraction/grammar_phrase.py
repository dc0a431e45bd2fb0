"""Indicator phrases: cleaning a subject into the name of what is measured,
and telling one target from several.

    phrase  := part (CONJ part)*          CONJ := 、 | 和 | 及 | 以及
    part    := modifier* head?            head := QUANTITY_NOUN at the end
    group   := part_without_head* part_with_head   → one indicator

Several modifiers of one head noun make one indicator (孕产妇艾滋病、梅毒和乙肝
检测率); several heads make one indicator each (人工流产率、反复流产率).
"""
from __future__ import annotations

import re
import unicodedata

from . import lexicon as lx

_LEADING_RE = re.compile(
    "^(?:" + "|".join(sorted(map(re.escape, lx.LEADING_WORDS), key=len, reverse=True)) + ")")
# A one-character hedge may end a word instead (供应, 主要, 人均): not after these.
_WORD_ENDS = "(?<![供反适对相效主重需人平首])"
_HEDGE_RE = re.compile("(?:" + "|".join(
    (_WORD_ENDS if len(w) == 1 else "") + re.escape(w)
    for w in sorted(lx.HEDGES + lx.TREND_ADVERBS, key=len, reverse=True)) + ")$")
# 力争在2025年前: a time, no part of the name
_YEAR_INSIDE_RE = re.compile(r"(?:到|至|在|于)?(?:19|20)\d\d年(?:前|底|末|以前)?$")
_YEAR_PREFIX_RE = re.compile(r"^(?:到|至|截至|在)?(?:19|20)\d\d年(?:前|底|末)?[，,]?")
# Item numbering left at the front of a goal: 2.  10、  （三）  ⑴
_NUMBERING_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[.、．]|[⑴-⒇①-⑳])")
# A clause-opening verb inside a subject: what follows it is the subject
# (届中调整确保女干部比例 → 女干部比例).
# An aside naming a group in particular is no part of the name:
# 女职工特别是女农民工的参保率 → 女职工的参保率.
_ASIDE_RE = re.compile(r"(?:特别是|尤其是)[^，,。；;的]*(?=的)")
_INNER_OPENING_RE = re.compile(r"^.*(?:确保|保证|使得|推动|促进|力争)(?=.{2,})")
_EDGE_PUNCT = "，,。；;：:、 \t\u3000“”\"'"
# 及 and 和 inside words (普及, 涉及, 和谐) are no conjunctions.
_CONJ_RE = re.compile(r"以及|、|(?<![温共缓饱祥])和(?!谐)|(?<![普涉惠波危顾企])及(?![时早])")


def is_quantity(phrase: str) -> bool:
    """True when the phrase ends with a quantity noun (率, 比例, 人数 …)."""
    if not phrase or phrase.endswith(lx.NOT_QUANTITY):
        return False
    return phrase.endswith(lx.QUANTITY_NOUNS)


def clean(phrase: str) -> tuple[str, list[str]]:
    """Strip what is no part of a name: edge punctuation, a leading year, clause-
    opening verbs (推进, 确保 …) and trailing hedges (力争, 均, 逐步 …).  Returns the
    name and the hedges worth a note."""
    notes: list[str] = []
    prev = None
    while prev != phrase:
        prev = phrase
        phrase = phrase.strip(_EDGE_PUNCT)
        phrase = _NUMBERING_RE.sub("", phrase)
        phrase = _YEAR_PREFIX_RE.sub("", phrase)
        phrase = _YEAR_INSIDE_RE.sub("", phrase)
        phrase = _INNER_OPENING_RE.sub("", phrase)
        phrase = _ASIDE_RE.sub("", phrase)
        lead = _LEADING_RE.match(phrase)
        if lead:
            if lead.group() in lx.NOTE_HEDGES:
                notes.append(lead.group())
            phrase = phrase[lead.end():]
        m = _HEDGE_RE.search(phrase)
        if m and m.start() > 0:
            if m.group() in lx.NOTE_HEDGES:
                notes.insert(0, m.group())
            phrase = phrase[:m.start()]
    if phrase.endswith("的"):
        phrase = phrase[:-1]
    return phrase, notes


def split_parts(phrase: str) -> list[str]:
    """Split a phrase at conjunctions outside brackets."""
    return [phrase[s:e] for s, e in part_spans(phrase)]


def part_spans(phrase: str) -> list[tuple[int, int]]:
    """Spans of the parts of a phrase, split at conjunctions outside brackets."""
    if not any(b in phrase for b in "(（"):  # the common case: one regex pass
        spans, start = [], 0
        for m in _CONJ_RE.finditer(phrase):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(phrase)))
        return [(s, e) for s, e in spans if e > s]
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(phrase):
        ch = phrase[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = _CONJ_RE.match(phrase, i)
            if m:
                parts.append((start, i))
                start = i = m.end()
                continue
        i += 1
    parts.append((start, len(phrase)))
    return [(s, e) for s, e in parts if e > s]


def heads(phrase: str, accept=is_quantity) -> list[str]:
    """group := modifier-part* head-part — one name per group that ends with a
    quantity noun; parts naming no quantity (…水平, …能力) are dropped."""
    names: list[str] = []
    group_start: int | None = None
    stripped = _ETC_RE.sub("", phrase)
    if stripped != phrase and accept(split_parts(stripped)[-1] if stripped else ""):
        phrase = stripped  # X、Y和Z等待遇 → X, Y, Z; but …亲子活动等时间 keeps its head
    spans = part_spans(phrase)
    if len(spans) > 1 and phrase.endswith(_SHARED_HEADS) and accept(phrase):
        # 男女就业率和收入差距: a gap (or ratio) shared by the parts before it is one quantity
        return [phrase]
    for s, e in spans:
        part = phrase[s:e]
        if accept(part):
            names.append(phrase[s if group_start is None else group_start:e])
            group_start = None
        elif part.endswith(lx.NON_QUANTITY_ENDINGS):
            group_start = None
        elif group_start is None:
            group_start = s
    return _complete_bare(names)


def _complete_bare(names: list[str]) -> list[str]:
    """A later head that is only a head word borrows the first one's modifiers:
    农村留守儿童入园率和巩固率 → …入园率, 农村留守儿童巩固率."""
    if len(names) < 2:
        return names
    first = names[0]
    word = head_word(first)
    prefix = first[: len(first) - len(word)] if word else ""
    if not prefix:
        return names
    return [first] + [prefix + n if n == head_word(n) else n for n in names[1:]]


# Heads that take the whole list before them as one quantity: 男女就业率和收入差距 is one gap.
_SHARED_HEADS = ("差距", "差异")
# X、Y和Z等待遇: the list's category noun after 等 names nothing new.
_ETC_RE = re.compile(r"(?<=[^、和及])等[^、和及等]{0,4}$")


def head_word(name: str) -> str:
    """The measured word at the end of a name: 5岁以下儿童死亡率 → 死亡率."""
    for noun in sorted(lx.QUANTITY_NOUNS, key=len, reverse=True):
        if name.endswith(noun):
            if noun == "率":  # a rate is named by the two characters before 率
                return name[-3:]
            return noun
    return ""


def distribute(phrase: str, count: int) -> list[str] | None:
    """分别: 新生儿、婴儿和5岁以下儿童死亡率 over 3 values → 新生儿死亡率, 婴儿死亡率,
    5岁以下儿童死亡率 (parts without a head borrow the last part's head word)."""
    names = heads(phrase)
    if len(names) == count:
        return names
    parts = split_parts(phrase)
    if len(parts) == count and is_quantity(parts[-1]):
        last = parts[-1]
        lengths = {len(p) for p in parts[:-1]}
        if len(lengths) == 1 and (n := lengths.pop()) <= 3 and is_quantity(last[n:]) \
                and len(last) - n > len(head_word(last)) and not any(ch.isdigit() for ch in last[:n]):
            # parallel modifiers: 城市、农村孕产妇住院分娩率 → 城市孕产妇住院分娩率
            word = last[n:]
        else:
            word = head_word(last)
        return [p if is_quantity(p) else p + word for p in parts]
    return None


_NORM_DROP = str.maketrans("", "", "，,、。；;：:（）()“”\"'《》 \t\n\u3000")


def norm(text: str) -> str:
    """Name as compared: NFKC, no spaces or punctuation (as the scorer does)."""
    return unicodedata.normalize("NFKC", text).translate(_NORM_DROP)
