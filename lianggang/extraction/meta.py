"""A plan's title, region, subject and period, read from its text.

    title   := REGION SUBJECT 发展 [“十四五”] (纲要|规划) [（YYYY—YYYY年）]      alone on a line
    region  := the title's lead; else the plan named in 《…》 whose region has the
               level the text calls itself by (我区 → a 区), written in full
    period  := the title's years; else 十N五; else the latest YYYY—YYYY range in the text
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .layout import cn_number

SUBJECTS = {"妇女": "women", "儿童": "children"}
TITLE = re.compile(
    r"^(?P<region>[\u4e00-\u9fff]{0,16}?)(?P<five0>[“\"「]?十[一二三四五六七八九]五[”\"」]?)?(?<!妇女)(?<!儿童)"
    r"(?P<subject>妇女|儿童)发展(?P<five>[“\"「]?十[一二三四五六七八九]五[”\"」]?)?"
    r"(?P<kind>纲要|规划)(?P<period>[（(]?\s*(?:19|20)\d\d\D{0,3}(?:19|20)\d\d\s*年?\s*[)）]?)?(?:[（(](?:全文|征求意见稿|草案|送审稿|修订稿|试行)[)）])?$")
# A line that holds only a period (the line under a title).
PERIOD_LINE = re.compile(r"^[（(]?\s*(?:19|20)\d\d\D{0,3}(?:19|20)\d\d\s*年?\s*[)）]?$")
# 2021—2030年, 2021-2030, 2021至2030年; 一 is a dash as OCR reads it
RANGE = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-—–－~～至到一]{0,2}\s*((?:19|20)\d\d)\s*年")
FIVE_YEAR = re.compile(r"十([一二三四五六七八九])五")
CITED_PLAN = re.compile(r"《(?P<region>[\u4e00-\u9fff]{2,16}?)(?:妇女|儿童)发展(?:纲要|规划)")
# The text naming its own government: 昆区区委、区政府 / 阿拉善盟委 / 宁城县人民政府 (at a phrase start)
GOVERNMENT = re.compile(r"(?<![\u4e00-\u9fff])(?![由在向对经各本我全该从为与和及将])([\u4e00-\u9fff]{1,6}?[区县市盟旗州])(?:[区县市盟旗州]委|委|人民政府|政府)")
SELF_LEVEL = re.compile(r"[我本全]([省市区县盟旗州])")
# Provinces and the country: never the region of a local plan's own title.
_UPPER = re.compile(r"(?:中国|全国|国家|自治区|省)$")
# Official short names in common use → full names (data, extended as regions are met).
SHORT_NAMES = {
    "昆区": "昆都仑区", "青山": "青山区", "东河": "东河区", "九原": "九原区",
    "达旗": "达拉特旗", "准旗": "准格尔旗", "伊旗": "伊金霍洛旗", "鄂前旗": "鄂托克前旗",
    "阿左旗": "阿拉善左旗", "阿右旗": "阿拉善右旗", "额旗": "额济纳旗",
    "土左旗": "土默特左旗", "土右旗": "土默特右旗", "科左中旗": "科尔沁左翼中旗",
    "科左后旗": "科尔沁左翼后旗", "科右前旗": "科尔沁右翼前旗", "科右中旗": "科尔沁右翼中旗",
    "莫旗": "莫力达瓦达斡尔族自治旗", "鄂温克旗": "鄂温克族自治旗", "新右旗": "新巴尔虎右旗",
    "新左旗": "新巴尔虎左旗", "陈旗": "陈巴尔虎旗", "察右前旗": "察哈尔右翼前旗",
    "察右中旗": "察哈尔右翼中旗", "察右后旗": "察哈尔右翼后旗", "四子王": "四子王旗",
    "西乌旗": "西乌珠穆沁旗", "东乌旗": "东乌珠穆沁旗", "乌前旗": "乌拉特前旗",
    "乌中旗": "乌拉特中旗", "乌后旗": "乌拉特后旗",
}


@dataclass
class Meta:
    title: str
    region: str
    subject: str
    period: dict


def title_match(line: str) -> re.Match | None:
    """The line as a plan title (宁城县妇女发展纲要（2021—2030年）), or None."""
    return TITLE.match(line.strip()) if len(line) <= 48 else None  # 《…》 alone is a citation, not a title


def full_region(name: str) -> str:
    return SHORT_NAMES.get(name, name)


def five_year_period(text: str) -> dict | None:
    """十四五 → 2021–2025 (the N-th five-year plan from the 4th starts in 1966 + 5(N−3))."""
    m = FIVE_YEAR.search(text)
    if not m:
        return None
    n = 10 + cn_number(m.group(1))
    start = 1966 + 5 * (n - 3)
    return {"start": start, "end": start + 4}


def period_of(title_text: str, body: str) -> dict | None:
    m = RANGE.search(title_text)
    if m and int(m.group(1)) < int(m.group(2)):
        return {"start": int(m.group(1)), "end": int(m.group(2))}
    if five_year_period(title_text):
        return five_year_period(title_text)
    ranges = [(int(a), int(b)) for a, b in RANGE.findall(body) if int(a) < int(b) <= int(a) + 20]
    if ranges:
        start, end = max(ranges, key=lambda r: (r[1], r[0]))
        return {"start": start, "end": end}
    return None


def region_of(title: re.Match | None, body: str) -> str:
    """The region from the title's lead; else from the plan it cites at its own level."""
    if title and title.group("region"):
        return full_region(title.group("region"))
    levels = {m.group(1) for m in SELF_LEVEL.finditer(body)}
    cited = [m.group("region") for m in CITED_PLAN.finditer(body)]
    for name in reversed(cited):
        if not _UPPER.search(name) and name[-1] in levels:
            return full_region(name)
    governments = Counter(m.group(1) for m in GOVERNMENT.finditer(body) if not _UPPER.search(m.group(1)))
    return full_region(governments.most_common(1)[0][0]) if governments else ""


def plan_meta(title_line: str | None, body: str, subject_hint: str | None) -> Meta | None:
    """Title, region, subject and period of one plan; None when the subject cannot be told."""
    m = title_match(title_line) if title_line else None
    subject = SUBJECTS[m.group("subject")] if m else subject_hint
    if subject is None:
        return None
    period = period_of(title_line or "", body) or {"start": None, "end": None}
    region = region_of(m, body)
    if m:
        title = "".join(m.group(k) or "" for k in ("region", "five0", "subject")) + "发展" + (m.group("five") or "") + m.group("kind")
        if period["start"] and not (m.group("five") or m.group("five0")):
            title = f"{title}（{period['start']}—{period['end']}年）"
    else:
        word = "纲要" if "本纲要" in body and "本规划" not in body else "规划"
        short = next((k for k, v in SHORT_NAMES.items() if v == region), region)
        name = {"women": "妇女", "children": "儿童"}[subject]
        years = f"（{period['start']}—{period['end']}年）" if period["start"] else ""
        title = f"{short}{name}发展{word}{years}"
    return Meta(title, region, subject, period)
