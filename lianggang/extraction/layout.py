"""The layout of a Chinese plan document, as named rules on one normalised line.

A plan is laid out in a fixed hierarchy of numbered headings:

    part     一、 / 第三章 / 第三部分           总体要求, 发展领域…, 组织实施
    domain   （一） / (一) / 一、 / 第一章 / 领域一： + a domain name (妇女与健康), or the
             name alone; or any short heading a section heading follows
    section  主要目标 / 具体目标 / 策略措施 (either may carry its own numbering: （一）主要目标, 第一节 主要目标);
             a second list of goals numbered from 1 again (具体目标) goes on with the codes
    item     1. / 1、 / （1）                   one goal or measure
    sub-item —— / （1） under 1.                 part of the item above

Between them, lines that are no plan text: responsibility lines (责任单位：…)
and lists of departments.  Rules are data; `classify` applies them in order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十〇零两"

NUMBERING: dict[str, re.Pattern] = {
    # level name → pattern of the numbering at the start of a line; group "n" is the numeral
    "chapter": re.compile(rf"^第(?P<n>[{_CN}\d]+)(?:章|部分|篇)[、：:.．]?\s*"),
    "section_cn": re.compile(rf"^第(?P<n>[{_CN}\d]+)节[、：:.．]?\s*"),
    "field": re.compile(rf"^(?:发展)?领域(?P<n>[{_CN}\d]+)\s*[：:、.．]?\s*"),
    "cn_dun": re.compile(rf"^(?P<n>[{_CN}]+)\s*[、.．]\s*"),
    "cn_paren": re.compile(rf"^[（(]\s*(?P<n>[{_CN}]+)\s*[)）]\s*[、.．]?\s*"),
    "dot": re.compile(r"^(?P<n>\d{1,2})\s*[.．](?!\d)\s*"),
    "dun": re.compile(r"^(?P<n>\d{1,2})\s*、\s*"),
    "paren": re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[)）]\s*"),
    "circled": re.compile(r"^(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*"),
}
# Heading levels that can open a part or a domain; items are numbered with arabic numerals.
HEADING_LEVELS = ("chapter", "section_cn", "cn_dun", "cn_paren", "field")
ITEM_LEVELS = ("dot", "dun", "paren", "circled")

# A development domain's name: the plan's subject, a linking word, a field (妇女与健康, 儿童参与决策和管理).
DOMAIN_NAME = re.compile(r"^(?:妇女|儿童|女童|女性|未成年人)(?:与|和|参与)[\u4e00-\u9fff、和与]{1,12}$")
# Start of a domain name in a table cell that may be split over two lines (妇女与 / 决策管理).
DOMAIN_CELL_START = re.compile(r"^(?:妇女|儿童|女童|女性|未成年人)(?:与|和|参与)")
SECTION: dict[str, re.Pattern] = {
    "goals": re.compile(r"^(?:主要|发展|总体|具体|分项|阶段性?)?目标(?:任务)?[：:。]?$"),
    "measures": re.compile(r"^(?:策略措施|主要措施|具体措施|工作措施|保障措施|主要任务|重点任务|任务与措施|主要任务(?:与|和)措施)[：:。]?$"),
}
# Lines naming who is responsible: not plan text (责任单位：卫健委、…; 牵头单位：…).
_UNITS = r"(?:责任单位|牵头单位|配合单位|责任部门|牵头部门|配合部门|主责单位|参与单位|协办单位)"
# 责任单位：…, or the column head 牵头单位 of a goal-responsibility table alone on its line
RESPONSIBILITY = re.compile(rf"^[（(]?{_UNITS}(?:[：:]|$)")
# An item line that ends naming who is responsible: （责任单位：县卫健局）
TRAILING_RESPONSIBILITY = re.compile(rf"[（(]{_UNITS}[：:][^（）()]*[)）]\s*$")
_DEPARTMENT = re.compile(r"(?:局|委|厅|部|办|办公室|会|院|联|团委|中心|分局|所|队|支队|大队|站|公司|银行|协会"
                         r"|政府|办事处|街道|乡镇|管委会|单位)$")
_PREFACE = re.compile(r"^(?:前言|序言|引言|序)$")
# A sub-item's bullet (——城镇…；——农村…): list layout, not part of what the line says.
SUB_ITEM_MARK = re.compile(r"^(?:——|—|－|-|•|·|▪|○|●)\s*")
PARENTHETICAL_END = re.compile(r"[。；;.:：]+$")


@dataclass
class Heading:
    level: str        # a NUMBERING key, or "" for an unnumbered line
    number: int | None
    rest: str         # the line after its numbering
    offset: int       # where `rest` starts in the line


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 12 → 12, ③ → 3."""
    if text.isdigit():
        return int(text)
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    if all(ch in CN_DIGITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    return None


def heading(line: str) -> Heading:
    """Split a line into its numbering (level, number) and the rest."""
    for level, rule in NUMBERING.items():
        m = rule.match(line)
        if m:
            return Heading(level, cn_number(m.group("n")), line[m.end():], m.end())
    return Heading("", None, line, 0)


def domain_name(rest: str) -> str | None:
    """The domain name a heading's text holds (`妇女与健康。` → 妇女与健康), or None."""
    name = PARENTHETICAL_END.sub("", rest[:text_end(rest)].strip())
    return name if DOMAIN_NAME.match(name) else None


def section_of(rest: str) -> str | None:
    """'goals' / 'measures' when the text is a 主要目标 / 策略措施 heading."""
    text = rest.strip()
    for name, rule in SECTION.items():
        if rule.match(text):
            return name
    return None


def is_responsibility(line: str) -> bool:
    """A 责任单位 line, or a bare list of departments (市卫健委、市妇联、市教育局)."""
    if RESPONSIBILITY.match(line):
        return True
    inner = line.strip("（）() ")
    parts = [p for p in re.split(r"[、，,；;\s]+", inner) if p]
    if len(parts) == 1:  # one department alone on its line (a responsibility table's cell)
        return len(inner) <= 10 and bool(_DEPARTMENT.search(inner)) and not re.search(r"[，。；：\d]", inner)
    return len(inner) <= 80 and all(_DEPARTMENT.search(p) and len(p) <= 12 for p in parts)


def text_end(line: str) -> int:
    """Where a line's plan text ends: before a trailing （责任单位：…）."""
    m = TRAILING_RESPONSIBILITY.search(line)
    return m.start() if m else len(line)


def is_preface(line: str) -> bool:
    return bool(_PREFACE.match(line))
