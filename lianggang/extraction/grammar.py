"""The target grammar: from one goal's or measure's text to its plan/v1 targets.

    text     := sentence+                 sentence ends at 。；！？ or a line break
    sentence := clause+                   clause ends at ，：
    clause   := (subject construction)* trend*

A construction is one of the named rules in grammar_rules.RULES, read by
grammar_constructions; the subject before it names the indicator.  What is left
of a clause after its last construction may hold direction targets
(grammar_trend).  A sentence carries context from clause to clause: the last
indicator (for clauses that name none or only a sub-population) and an open
verb object (for lists that go on after a comma).

How to add a construction: write its regex in grammar_rules.RULES (its place
in the dict is its priority), its reader in grammar_constructions.READERS, its
words in lexicon, and a parametrized table of example sentences in
tests/extraction/test_grammar*.py; then run benchmarks/grammar_vs_gold.py.
"""
from __future__ import annotations

import re

from . import grammar_phrase as ph
from . import lexicon as lx
from .grammar_constructions import construction, scan
from .grammar_rules import YEAR_RE
from .grammar_trend import CHAIN_RE, find_trends, open_object
from .grammar_types import FoundTarget, ordered

__all__ = ["FoundTarget", "find_targets", "parse_table_row"]

# A per-mille sign that a copy lost as "%。" (or "%o"): it stands before another such value or the
# op word of its list (分别降至3%。5%。6.0%。以下), which a sentence end never does.  Read as ‰
# (one character for two: " ‰"), and the target flagged.
_LOST_PERMILLE = re.compile(r"(?<=\d)%[。o](?=\s*(?:\d+(?:\.\d+)?%[。o]|以下|以上|以内|左右|[、和及]))")
REVIEW_PERMILLE = "原文作“%。”，疑为“‰”损坏，已按‰读取，请核对"
# A colon between digits is a ratio (1:3), elsewhere it ends a clause.
_CLAUSE_RE = re.compile(r"(?:[^，,。；;！!？?\n：:]|(?<=\d)[：:](?=\d))+")
_SENTENCE_END = "。；;！!？?\n"


def _year(text: str, pos: int, plan_end_year: int | None) -> int | None:
    """到2025年 before a target in its sentence, when it is not the plan's end."""
    if plan_end_year is None or "年" not in text:
        return None
    start = max(text.rfind(ch, 0, pos) for ch in _SENTENCE_END) + 1
    years = [int(a or b) for a, b in YEAR_RE.findall(text, start, pos)]
    if years and years[-1] != plan_end_year:
        return years[-1]
    return None


def _clause_targets(text: str, cs: int, ce: int, ctx: dict) -> list[FoundTarget]:
    clause = text[cs:ce]
    out: list[FoundTarget] = []
    seg = cs
    for mt in scan(clause, cs):
        if mt.start < seg:
            continue
        found, end = construction(text, mt, seg, ctx)
        out += found
        if found:
            seg = end
    rest = text[seg:ce]
    trends = list(find_trends(rest))
    for target, s, e, review in trends:
        out.append(FoundTarget(target, seg + s, seg + e, review))
    opened = ctx.pop("open", None)
    if not out and opened and not CHAIN_RE.search(rest):
        # the object of the last clause's verb goes on after a comma
        direction, obj = opened
        for name in ph.heads(ph.clean(rest)[0]):
            t = {"indicator": name, "kind": "direction", "direction": direction}
            out.append(FoundTarget(t, ctx.get("open_start", cs), ce))
    elif not out:
        opened = open_object(rest)
        if opened:
            ctx["open"], ctx["open_start"] = opened, cs
    return out


def _dedupe(found: list[FoundTarget]) -> list[FoundTarget]:
    """The same target twice is written once; a direction on an indicator that a
    quantitative target of the same text already covers is dropped."""
    quant = [ph.norm(f.target["indicator"]) for f in found if f.target["kind"] != "direction"]
    seen: set = set()
    out = []
    for f in found:
        t = f.target
        key = (ph.norm(t["indicator"]), t["kind"], t.get("op"), str(t.get("value")), t.get("direction"))
        if key in seen:
            continue
        if t["kind"] == "direction":
            name = ph.norm(t["indicator"])
            if any(name == q or (len(name) >= 4 and (name in q or q in name) and len(q) >= 4)
                   for q in quant):
                continue
        seen.add(key)
        out.append(f)
    return out


def find_targets(text: str, *, plan_end_year: int | None = None) -> list[FoundTarget]:
    """All targets of ONE goal's or measure's full text, in text order."""
    text = text.translate(lx.WIDE_TO_NARROW)  # one char for one: offsets stay valid
    repaired = [m.start() for m in _LOST_PERMILLE.finditer(text)] if "%" in text else []
    if repaired:
        text = _LOST_PERMILLE.sub(" ‰", text)
    found: list[FoundTarget] = []
    ctx: dict = {}
    for cm in _CLAUSE_RE.finditer(text):
        if cm.start() == 0 or text[cm.start() - 1] in _SENTENCE_END:
            # a new sentence; its indicator stays for one that names none (…到2005年达到60%；到2010年达到80%)
            ctx = {"base": ctx["base"]} if ctx.get("base") else {}
        found_here = _clause_targets(text, cm.start(), cm.end(), ctx)
        ctx["prev_clause"] = cm.group()
        for f in found_here:
            if not f.target.get("indicator"):
                continue
            year = _year(text, f.end, plan_end_year)
            if year and f.target["kind"] != "direction":
                f.target["year"] = year
            f.target = ordered(f.target)
            if any(f.start <= r < f.end for r in repaired):
                f.review = f"{f.review}；{REVIEW_PERMILLE}" if f.review else REVIEW_PERMILLE
            found.append(f)
            if f.target["kind"] != "threshold":
                ctx["base"] = f.target["indicator"]
    return _dedupe(found)


def parse_table_row(indicator_cell: str, target_cell: str) -> list[FoundTarget]:
    """Targets of one indicator-table row, offsets into target_cell: ("孕产妇死亡率(1/10万)",
    "<7") → threshold < 7 1/10万; ("妇女人均预期寿命(岁)", "延长") → increase;
    ("…比例(%)", "相适应") → [] (no reference named).  See grammar_table."""
    from .grammar_table import parse_row  # it builds on find_targets: imported late

    return parse_row(indicator_cell, target_cell)
