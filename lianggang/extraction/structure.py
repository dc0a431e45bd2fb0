"""From normalised lines to plans → domains → goals, measures and table rows.

    document := notice? plan+
    plan     := (title | 前言) … part* ; a new title or 前言 after a plan's domains starts the next plan
    part     := PART-HEADING (domain | table | other)*
    domain   := DOMAIN-HEADING (section? item+)+
    section  := 主要目标 | 策略措施              sets whether the items below are goals or measures
    item     := ITEM-NUMBER text (continuation | sub-item)*

Offsets stay in the normalised text: an item is a list of line spans, so its
text can be handed to the grammar and every offset the grammar returns mapped
back.  See layout.py for the heading rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import layout as lay
from .meta import PERIOD_LINE, title_match
from .table import Cell, Row, is_header, parse_table

# Outer to inner; an arabic-numbered line is a domain heading only when it names a domain.
_LEVEL_RANK = {"chapter": 0, "section_cn": 1, "cn_dun": 2, "cn_paren": 3, "field": 3, "dot": 4, "dun": 4, "paren": 5,
               "circled": 6}
_SHORT_NAME = re.compile(r"^(?!.*(?:目标|措施|任务|原则|思想|要求|实施|评估|领域))[\u4e00-\u9fff、和与及]{2,16}$")
# Headings that open no domain, whatever follows them: the plan's frame and its implementation.
_FRAME = re.compile(r"^(?:指导思想|基本原则|工作原则|总体要求|总体目标|发展目标|主要目标|目标任务|主要任务|重点任务"
                    r"|组织实施|组织领导|保障措施|实施保障|监测评估|统计监测|规划实施|发展环境|发展基础|面临形势"
                    r"|背景|附则|附件|名词解释|专栏)")
# A part of the plan that holds no domains (四、组织实施 and its （一）加强组织领导 …).
_FRAME_PART = re.compile(r"组织实施|实施保障|保障措施|监测评估|评估监测|指导思想|总体要求|基本原则|附则")
# A thematic domain's heading: a phrase, or two joined by a dash or a comma (守护健康——全方位保障…).
_THEMATIC = re.compile(r"^[\u4e00-\u9fff“”]{2,20}(?:(?:——|--|—|－|，|,)[\u4e00-\u9fff“”，,、]{2,30})?$")
UNNAMED_DOMAIN = "未标明领域"
REVIEW_UNNAMED = "本页之前没有领域标题（续页），请核对所属领域"
REVIEW_THEMATIC = "领域按专题标题识别，请核对领域划分"
# `6.5岁以下儿童…` after item 5: the item number runs into a decimal; the sequence tells them apart.
_DOT_BEFORE_DIGIT = re.compile(r"^(\d{1,2})[.．](?=\d)")


@dataclass
class Line:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Item:
    kind: str                 # "goal" or "measure"
    number: int
    spans: list[tuple[int, int]]

    def text(self, source: str) -> str:
        return "\n".join(source[s:e] for s, e in self.spans)

    def to_source(self, offset: int) -> int:
        """Offset into `text()` → offset into the normalised text."""
        for s, e in self.spans:
            if offset <= e - s:
                return s + offset
            offset -= e - s + 1
        return self.spans[-1][1]


@dataclass
class Domain:
    code: int
    name: str
    goals: list[Item] = field(default_factory=list)
    measures: list[Item] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    review: str | None = None   # why every target under it is to be checked (a guessed domain)
    tentative: bool = False     # a thematic heading: kept only if its items hold targets


@dataclass
class PlanLayout:
    title_line: str | None
    start: int                # line indexes [start, end)
    end: int
    domains: list[Domain] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for chunk in text.split("\n"):
        lines.append(Line(chunk, pos))
        pos += len(chunk) + 1
    return lines


def _is_domain_heading(line: str) -> bool:
    return lay.domain_name(lay.heading(line).rest) is not None


def split_plans(lines: list[Line]) -> list[PlanLayout]:
    """Plan boundaries: a title line or a 前言 that comes after the current plan's domains."""
    plans = [PlanLayout(None, 0, len(lines))]
    seen_domain = False
    for i, line in enumerate(lines):
        titled = title_match(line.text) is not None
        if titled and seen_domain and plans[-1].title_line and plans[-1].title_line.startswith(line.text):
            continue  # the plan's own title again: a running page header
        if titled or lay.is_preface(line.text):
            if seen_domain:
                plans[-1].end = i
                plans.append(PlanLayout(None, i, len(lines)))
                seen_domain = False
            if titled:
                following = lines[i + 1].text if i + 1 < len(lines) else ""
                title = line.text + (following if PERIOD_LINE.match(following) else "")
                # the first title wins, unless a repeat of it (page header, then title) adds the period
                if plans[-1].title_line is None or (title != line.text and plans[-1].title_line == line.text):
                    plans[-1].title_line = title
        elif not seen_domain and _is_domain_heading(line.text):
            seen_domain = True
    return plans


def _next_is_items(lines: list[Line], i: int) -> bool:
    """The next plan line opens a numbered item or a 主要目标 / 策略措施 section."""
    for line in lines[i + 1:i + 5]:
        if line.text and not lay.is_responsibility(line.text):
            h = lay.heading(line.text)
            return h.level in lay.ITEM_LEVELS or lay.section_of(h.rest) is not None
    return False


def _next_is_section(lines: list[Line], i: int) -> bool:
    """The next plan line (past blank and 责任单位 lines) is a 主要目标 / 策略措施 heading."""
    for line in lines[i + 1:i + 5]:
        if line.text and not lay.is_responsibility(line.text):
            return lay.section_of(lay.heading(line.text).rest) is not None
    return False


class _Parser:
    """State of one plan's walk over its lines (one method per layout rule)."""

    def __init__(self, plan: PlanLayout):
        self.plan = plan
        self.domain: Domain | None = None
        self.domain_level: str | None = None
        self.shift: int | None = None        # heading numeral − domain code (fragments keep their numeral)
        self.nondomain: dict[str, int] = {}  # non-domain headings per level since the last higher one
        self.part_default = "goal"
        self.section: str | None = None
        self.item: Item | None = None
        self.item_level: str | None = None
        self.seen_heading = False            # any heading yet: items before one are a continuation page
        self.own = 0                         # the last item's own number
        self.offset = 0                      # added to it: codes of a list numbered from 1 again go on
        self.frame_rank: int | None = None   # rank of the part holding no domains we are in, if any

    def open_domain(self, h: lay.Heading, name: str, thematic: bool = False) -> None:
        """DOMAIN-HEADING: code from the heading's numeral (less the part's earlier non-domain
        headings of that level), else the previous domain's code + 1; a domain named again
        (a part of goals, then a part of measures) is the same domain."""
        again = next((d for d in self.plan.domains if d.name == name), None)
        if again is not None:  # goals and measures in separate parts: the domain comes back
            self.domain = again
            self.section, self.item, self.item_level, self.offset = None, None, None, 0
            return
        prev = self.plan.domains[-1].code if self.plan.domains else 0
        if h.number is not None and h.level in _LEVEL_RANK:
            if self.shift is None:
                self.shift = self.nondomain.get(h.level, 0)
                self.domain_level = h.level
            code = h.number - self.shift
            code = code if code > prev else prev + 1
        else:
            code = prev + 1
        self.domain = Domain(code, name, review=REVIEW_THEMATIC if thematic else None, tentative=thematic)
        self.plan.domains.append(self.domain)
        self.section, self.item, self.item_level, self.offset = None, None, None, 0

    def other_heading(self, h: lay.Heading) -> None:
        """A part or section heading that names no domain: it closes a domain of its level or above."""
        rank = _LEVEL_RANK[h.level]
        if self.frame_rank is not None and rank <= self.frame_rank:
            self.frame_rank = None
        if _FRAME_PART.search(h.rest[:lay.text_end(h.rest)].split("。")[0]):
            self.frame_rank = rank
        if self.domain is None or self.domain_level is None or rank <= _LEVEL_RANK[self.domain_level]:
            self.domain, self.item = None, None
            for level, r in _LEVEL_RANK.items():
                if r > rank:
                    self.nondomain[level] = 0
            self.nondomain[h.level] = self.nondomain.get(h.level, 0) + 1
            if h.level in ("chapter", "section_cn", "cn_dun"):  # a part's title says what its items are
                text = h.rest
                self.part_default = "measure" if ("措施" in text or "任务" in text) and "目标" not in text else "goal"

    def outranks_domain(self, h: lay.Heading) -> bool:
        """A heading at the domains' level or above (三、策略措施 over （一）…): a part, not a section."""
        return (h.level in _LEVEL_RANK and self.domain_level is not None
                and _LEVEL_RANK[h.level] <= _LEVEL_RANK[self.domain_level])

    def item_line(self, line: Line, h: lay.Heading) -> bool:
        """ITEM-NUMBER at the section's item level opens a goal or measure."""
        if self.domain is None:
            if self.seen_heading:
                return False
            # a continuation page: items before any heading go to a domain of their own, to be checked
            self.domain = Domain((self.plan.domains[-1].code if self.plan.domains else 0) + 1, UNNAMED_DOMAIN,
                                 review=REVIEW_UNNAMED)
            self.plan.domains.append(self.domain)
        if self.item_level is not None and h.level != self.item_level:
            # 4. … 5、 … 6.: a slip of punctuation, told by the running number
            typo = {h.level, self.item_level} == {"dot", "dun"} and self.item and h.number == self.own + 1
            if not typo:
                return False
            h = lay.Heading(self.item_level, h.number, h.rest, h.offset)
        self.item_level = h.level
        kind = self.section or self.part_default
        items = self.domain.goals if kind == "goal" else self.domain.measures
        if any(it.number == h.number + self.offset for it in items):
            # a second list that numbers from 1 again (具体目标 after 主要目标): its codes go on
            self.offset = max(it.number for it in items)
        self.own = h.number
        self.item = Item(kind, h.number + self.offset, [(line.start + h.offset, line.start + lay.text_end(line.text))])
        items.append(self.item)
        return True

    def next_item_before_decimal(self, text: str) -> lay.Heading | None:
        m = _DOT_BEFORE_DIGIT.match(text)
        if m and self.item is not None and self.item_level == "dot" and int(m.group(1)) == self.own + 1:
            return lay.Heading("dot", int(m.group(1)), text[m.end():], m.end())
        return None

    def bare_domain_allowed(self, lines: list[Line], i: int) -> bool:
        return self.domain is not None or _next_is_section(lines, i)

    def domain_named(self, h: lay.Heading, lines: list[Line], i: int) -> str | None:
        """A domain's name: a domain-like name (妇女与健康) under a heading, or alone where domains
        are; or any short heading that a 主要目标 / 策略措施 heading follows (妇女参政议政)."""
        name = lay.domain_name(h.rest)
        if name and (h.level != "" or self.bare_domain_allowed(lines, i)):
            return name
        short = lay.PARENTHETICAL_END.sub("", h.rest.strip())
        if h.level in lay.HEADING_LEVELS and _SHORT_NAME.match(short) and _next_is_section(lines, i):
            return short
        return None

    def thematic_named(self, h: lay.Heading, lines: list[Line], i: int) -> str | None:
        """A thematic domain (（四）优化生活--进一步提升妇女的生活质量): a heading of the plan's
        body, not of its frame, that numbered items or a 主要目标 section follow."""
        if h.level not in lay.HEADING_LEVELS or self.frame_rank is not None and _LEVEL_RANK[h.level] > self.frame_rank:
            return None
        name = lay.PARENTHETICAL_END.sub("", h.rest[:lay.text_end(h.rest)].strip())
        if (not _THEMATIC.match(name) or _FRAME.match(name) or _FRAME_PART.search(name)
                or lay.section_of(name) or not _next_is_items(lines, i)):
            return None
        return name

    def run(self, lines: list[Line], grid: "_Cells") -> None:
        cells, first_cell, cell_line = grid
        i = self.plan.start
        while i < self.plan.end:
            line = lines[i]
            text = line.text
            if not text or lay.is_responsibility(text) or title_match(text):  # a title is never item text
                i += 1
                continue
            if is_header(cells, first_cell[i]):
                rows, c = parse_table(cells, first_cell[i])
                self.plan.rows.extend(rows)
                self.domain, self.item = None, None
                # go on at the line of the first cell after the table (never back)
                i = max(i + 1, cell_line[c]) if c < len(cells) else self.plan.end
                continue
            h = self.next_item_before_decimal(text) or lay.heading(text)
            name = self.domain_named(h, lines, i)
            thematic = None if name else self.thematic_named(h, lines, i)
            if h.level in lay.HEADING_LEVELS or lay.section_of(h.rest):
                self.seen_heading = True
            if name or thematic:
                self.open_domain(h, name or thematic, thematic=bool(thematic))
            elif lay.section_of(h.rest) and self.domain is not None and not self.outranks_domain(h):
                self.section = "goal" if lay.section_of(h.rest) == "goals" else "measure"
                self.item, self.item_level, self.offset = None, None, 0
            elif h.level in lay.HEADING_LEVELS:
                self.other_heading(h)
            elif h.level in lay.ITEM_LEVELS and self.item_line(line, h):
                pass
            elif self.item is not None:
                bullet = lay.SUB_ITEM_MARK.match(text)  # continuation, —— or sub-item
                self.item.spans.append((line.start + (bullet.end() if bullet else 0), line.start + lay.text_end(text)))
            i += 1


_Cells = tuple[list[Cell], list[int], list[int]]


def table_cells(lines: list[Line]) -> _Cells:
    """Table cells: one per line, or several on a line separated by tabs; with each line's
    first cell index and each cell's line index."""
    cells: list[Cell] = []
    first_cell, cell_line = [], []
    for n, ln in enumerate(lines):
        first_cell.append(len(cells))
        pos = ln.start
        for part in ln.text.split("\t"):
            if part or "\t" not in ln.text:
                cells.append(Cell(part, pos))
                cell_line.append(n)
            pos += len(part) + 1
    return cells, first_cell, cell_line


def parse_plans(lines: list[Line]) -> list[PlanLayout]:
    plans = split_plans(lines)
    grid = table_cells(lines)
    for plan in plans:
        _Parser(plan).run(lines, grid)
    # a plan has goals, measures or table rows: a heading alone (a news item's （一）妇女与健康) is none
    return [p for p in plans if p.rows or any(d.goals or d.measures for d in p.domains)]
