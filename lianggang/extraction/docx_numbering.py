"""Word's automatic list numbering, written out as the text a reader sees (1. / （一） / ①).

A .docx keeps `1.` of an automatically numbered paragraph in numbering.xml, not
in the paragraph's text; the layout parser needs it.  A paragraph is numbered by
its own w:numPr or its style's; its label is the level's w:lvlText with each %N
replaced by level N's counter in that level's w:numFmt.
"""
from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (n < 100)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def _format(n: int, fmt: str) -> str:
    if "chinese" in fmt.lower() or "ideograph" in fmt.lower() or "taiwanese" in fmt.lower():
        return chinese(n)
    if fmt == "decimalEnclosedCircle" and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    return str(n)


def _val(element, tag: str, default=None):
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else default


class Numbering:
    """Counters of one document's lists; `label(paragraph)` is the number a reader sees, or ""."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[str, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(W + "abstractNumId"): a for a in root.iter(W + "abstractNum")}
        for num in root.iter(W + "num"):
            definition = abstract.get(_val(num, "abstractNumId"))
            if definition is None:
                continue
            levels = {}
            for lvl in definition.iter(W + "lvl"):
                levels[lvl.get(W + "ilvl")] = (_val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", "%1."),
                                               int(_val(lvl, "start", "1")))
            for override in num.iter(W + "lvlOverride"):
                start = _val(override, "startOverride")
                level = override.get(W + "ilvl")
                if start is not None and level in levels:
                    levels[level] = levels[level][:2] + (int(start),)
            self.levels[num.get(W + "numId")] = levels

    @staticmethod
    def _num_pr(paragraph):
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = paragraph.style
        while style is not None:
            spr = style.element.pPr
            if spr is not None and spr.numPr is not None:
                return spr.numPr
            style = style.base_style
        return None

    def label(self, paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        levels = self.levels.get(num_id)
        if not levels or str(ilvl) not in levels:
            return ""
        fmt, text, start = levels[str(ilvl)]
        if fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a deeper list restarts under each new item

        def number(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            level_fmt, _, level_start = levels.get(str(level), ("decimal", "", 1))
            return _format(counters.get(level, level_start), level_fmt)

        return re.sub(r"%(\d)", number, text)
