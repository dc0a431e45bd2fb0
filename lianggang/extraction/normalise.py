"""Clean text: page furniture out, hard line wraps joined, spaces beside Chinese gone,
traditional characters read as simplified and romanisation noise (服務(wù)) dropped.

The structure parser and the grammar work on this *normalised* text; every
character of it comes from one character of the original text, so an offset into
it maps back to an offset and a line of the original (for evidence).  The map is
a list of slices, not one entry per character, to stay fast on large files.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from .script import PINYIN_NOISE, to_simplified

# Lines a web page, a PDF tool or a notice wraps around the plan: never plan text.
FURNITURE: dict[str, re.Pattern] = {
    "breadcrumb": re.compile(r"^(?:您(?:当前)?(?:的|所在的)?位置|当前位置)[:：]|^首页\s*(?:>|＞|$)|^[>＞]\s*[\u4e00-\u9fff]"),
    "page_tools": re.compile(r"字号[:：]|视力保护色|^【?(?:打印本页|关闭窗口|打印|关闭|返回顶部|分享到)|\[\s*关闭\s*\]"),
    "meta": re.compile(r"^(?:发布日期|发布时间|信息来源|来源|浏览次数|点击数|点击量|编辑|责任编辑|作者|阅读次数)[:：]"
                       r"|浏览次数[:：]|发布日期[:：]"),
    "page_number": re.compile(r"^[-—–－]\s*\d{1,3}\s*[-—–－]$|^第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$"),
}
# Full-width digits, Latin letters and number signs read as ASCII (９０％ → 90%); one character
# for one, so offsets into the original stay the same.
HALF_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                            **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
                            "％": "%", "．": ".", "＜": "<", "＞": ">", "＝": "=", "＋": "+", "／": "/"})
# A space is dropped when it touches a character outside ASCII (Chinese never spaces words).
_SPACES_RE = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u200b]+")
# What a line loses: romanisation noise (with the spaces before it), then runs of spaces.
_DROP_RE = re.compile(rf"(?P<noise>{PINYIN_NOISE.pattern})|{_SPACES_RE.pattern}")
# A line that ends a sentence or a heading: the next line starts a new paragraph.
_FINAL = "。！？；：:!?;"
# After a sentence end, a number with a dot may be an item whose text starts with a decimal (6.5岁以下…).
_MAYBE_ITEM = re.compile(r"^\d{1,2}[.．]")
# A table cell alone on its line: a value (85.02, <7, ≥95, -) never continues a sentence, and
# a cell that ends with its unit (…比例(%)) is complete.
_VALUE_LINE = re.compile(r"^[<>≤≥~]?\s*-?\d+(?:\.\d+)?\s*[%‰]?$|^[-—–/]$")
_UNIT_END = re.compile(r"[（(](?:%|‰|1/10万|万人|人|个|所|张|家|次|元|万元|岁|年|小时|分钟|名|户|人次|天)[)）]$")
# A line that starts a heading or a numbered item: it is never a wrapped tail.
_STARTS_ITEM = re.compile(
    r"^(?:\d{1,2}[.．、](?!\d)|[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+、"
    r"|第[一二三四五六七八九十\d]+[章节部篇条]|(?:发展)?领域[一二三四五六七八九十\d]+"
    r"|——|主要目标|策略措施|责任单位|前言|序言)")


# Headings and item numbers inside a line (a web copy that ran the plan onto one line:
# `…策略措施 (一)妇女与健康。 主要目标: 1.…`).  Each counts after a sentence end or a space.
_INLINE_MARK = re.compile(
    r"[（(][一二三四五六七八九十]{1,3}[)）]|(?<![\d.])[一二三四五六七八九十]{1,3}、"
    r"|第[一二三四五六七八九十\d]{1,3}(?:章|部分|篇)"
    r"|(?:主要目标|具体目标|策略措施|主要措施)(?=[：:\s。])|(?<![\d.])\d{1,2}[.．、](?![\d.])")
_BEFORE_MARK = "。；;！!？?：:"
_BLANK = " \t\u3000\xa0"


def run_together(line: str) -> list[tuple[int, int]]:
    """Spans of the lines run together on one: it breaks before each heading or item number that
    follows a sentence end or a space, when there are at least two such (one may be prose)."""
    cuts = []
    if len(line) < 40:  # too short to hold two items
        return [(0, len(line))]
    for m in _INLINE_MARK.finditer(line, 1):
        i = m.start()
        while i > 0 and line[i - 1] in _BLANK:
            i -= 1
        if i > 0 and (line[i - 1] in _BEFORE_MARK or i < m.start()):
            cuts.append(m.start())
    if len(cuts) < 2:
        return [(0, len(line))]
    spans, start = [], 0
    for cut in cuts:
        end = cut
        while end > start and line[end - 1] in _BLANK:
            end -= 1
        if end > start:
            spans.append((start, end))
        start = cut
    spans.append((start, len(line)))
    return spans


@dataclass
class Normalised:
    text: str
    # (start in text, start in original) of each copied slice, in order
    slices: list[tuple[int, int]] = field(default_factory=list)
    newlines: list[int] = field(default_factory=list)  # offsets of "\n" in the original
    source: str = ""            # the original text (line ends written "\n") offsets map into
    traditional: bool = False   # it was written in traditional characters

    def original(self, pos: int) -> int:
        """Offset in the original text of normalised offset `pos`."""
        i = bisect_right(self.slices, (pos, float("inf"))) - 1
        if i < 0:
            return 0
        start, orig = self.slices[i]
        return orig + (pos - start)

    def line(self, pos: int) -> int:
        """1-based line number in the original text where normalised offset `pos` lies."""
        return self.original_line(self.original(pos))

    def original_line(self, offset: int) -> int:
        """1-based line number of an offset into the original text."""
        return bisect_right(self.newlines, offset) + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span [start, end) of the normalised span [start, end)."""
        first = self.original(start)
        return first, max(first, self.original(max(start, end - 1)) + 1)


def is_furniture(line: str) -> bool:
    return any(rule.search(line) for rule in FURNITURE.values())


def _pieces(line: str, offset: int) -> list[tuple[str, int]]:
    """A line's text without romanisation noise and spaces next to non-ASCII characters,
    as (piece, original offset)."""
    out, last = [], 0
    drop = _DROP_RE if "(" in line or "（" in line else _SPACES_RE  # no bracket, no noise: the cheap scan
    for m in drop.finditer(line):
        before = line[m.start() - 1] if m.start() else ""
        after = line[m.end()] if m.end() < len(line) else ""
        noise = drop is _DROP_RE and m.group("noise")
        if not noise and before and after and before.isascii() and after.isascii():
            continue  # 'HPV 16': a space between Latin words stays
        if m.start() > last:
            out.append((line[last:m.start()], offset + last))
        if "\t" in m.group():
            out.append(("\t", offset + m.start()))  # a tab separates table cells (a copied Word table)
        last = m.end()
    if last < len(line):
        out.append((line[last:], offset + last))
    return out


def wrap_width(lengths: list[int]) -> int | None:
    """The fixed width of a hard-wrapped text (PDF export), or None when lines are paragraphs.

    A text is hard-wrapped when the commonest line length (±2) holds over a third
    of its lines and that length is that of a printed line (15–60 characters).
    """
    if len(lengths) < 20:
        return None
    common, _ = Counter(lengths).most_common(1)[0]
    near = sum(1 for n in lengths if abs(n - common) <= 2)
    if 15 <= common <= 60 and near * 3 >= len(lengths):
        return common
    return None


def normalise(raw: str) -> Normalised:
    """Join a text's wrapped lines into paragraphs, one per line, without furniture or stray spaces.

    Rule: in a hard-wrapped text, a line of full width, or of nearly full width that
    ends mid-sentence, continues on the next non-blank line unless that one starts a
    heading or numbered item; page
    furniture between them (a page number) does not break the sentence.
    """
    source = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    simplified = to_simplified(source)  # same length: offsets into it are offsets into the source
    raw = (simplified or source).translate(HALF_WIDTH)
    lines: list[tuple[list[tuple[str, int]], int]] = []  # (pieces, visible length)
    newlines, pos = [], 0
    for chunk in raw.split("\n"):
        stripped = chunk.strip(" \t\u3000\xa0\u200b\ufeff")
        lead = chunk.find(stripped[:1]) if stripped else 0
        if stripped and not is_furniture(stripped):
            for start, end in run_together(stripped):
                pieces = _pieces(stripped[start:end], pos + lead + start)
                lines.append((pieces, sum(len(p) for p, _ in pieces)))
        pos += len(chunk) + 1
        newlines.append(pos - 1)
    width = wrap_width([n for _, n in lines])
    out: list[str] = []
    slices: list[tuple[int, int]] = []
    size = 0
    for i, (pieces, n) in enumerate(lines):
        for piece, orig in pieces:
            slices.append((size, orig))
            out.append(piece)
            size += len(piece)
        last = pieces[-1][0] if pieces else ""
        # full, or nearly full and mid-sentence (a number or word too long for the line went on)
        full = width is not None and (n >= width - 2 or (n >= 0.7 * width and last[-1:] not in _FINAL))
        nxt = "".join(p for p, _ in lines[i + 1][0]) if i + 1 < len(lines) else ""
        joined = (full and nxt and not _STARTS_ITEM.match(nxt) and not _VALUE_LINE.match(nxt)
                  and not _UNIT_END.search(last)
                  and last[-1:] not in "：:"
                  and not (last[-1:] in _FINAL and _MAYBE_ITEM.match(nxt)))
        if not joined and i + 1 < len(lines):
            out.append("\n")
            size += 1
    return Normalised("".join(out), slices, newlines[:-1] if newlines else [], source, simplified is not None)
