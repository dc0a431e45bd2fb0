"""The plan/v1 interchange format (../shared/plan-format.md) as data, and its validator.

Pure Python: the extractor writes this form, the plans app reads it, and both
check it here. `validate_document` returns every problem at once — a path into
the JSON and what is wrong — so a person can mend a file in one pass.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from dataclasses import dataclass
from typing import Any

FORMAT = "plan/v1"
SUBJECTS = ("women", "children")
KINDS = ("threshold", "change", "direction", "comparison")
OPS = (">=", "<=", ">", "<", "~", "=")
DIRECTIONS = ("increase", "decrease", "maintain")
CHANGE_DIRECTIONS = ("increase", "decrease")
UNITS = ("%", "‰", "1/万", "1/10万", "百分点", "岁", "年", "小时", "分钟", "名", "人", "万人",
         "所", "个", "张", "家", "次", "元", "万元", "ratio", "")
RATIO = re.compile(r"^\d+(\.\d+)?(:\d+(\.\d+)?)+$")

# Keys in the order plan-format.md writes them; export follows this order.
DOCUMENT_KEYS = ("format", "source", "plans")
PLAN_KEYS = ("title", "region", "subject", "period", "domains")
DOMAIN_KEYS = ("code", "name", "goals", "measures")
GOAL_KEYS = ("code", "text", "targets")
MEASURE_KEYS = ("code", "title", "text", "targets")
TARGET_KEYS = ("indicator", "kind", "op", "value", "unit", "direction", "reference",
               "base_year", "per_year", "year", "note", "baseline", "evidence", "review")
# page and box are optional (docs/plan-format-extensions.md): the PDF page, and where on a scanned
# page the evidence stands ([x0, y0, x1, y1] in points from the top-left corner).
EVIDENCE_KEYS = ("start", "end", "line", "text", "page", "box")


# What a target's value and baseline can be (plans.models.Target.value: max_digits 18, decimal_places 6;
# a test keeps the two equal): larger or finer numbers are refused, never overflowed or rounded to 0.
NUMBER_DIGITS, NUMBER_PLACES = 18, 6


def number_problem(value: int | float) -> str:
    """Why a plan's number cannot be stored exactly ("" when it can)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} 不是有限的数值"
    if isinstance(value, int) and value.bit_length() > 64:
        return f"数值过大（整数部分最多{NUMBER_DIGITS - NUMBER_PLACES}位）"
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "不是数值"
    if d and d.adjusted() >= NUMBER_DIGITS - NUMBER_PLACES:
        return f"数值过大（整数部分最多{NUMBER_DIGITS - NUMBER_PLACES}位）"
    if d and d.normalize().as_tuple().exponent < -NUMBER_PLACES:
        return f"数值最多保留{NUMBER_PLACES}位小数，实为 {value!r}"
    return ""


@dataclass(frozen=True)
class Problem:
    path: str      # e.g. plans[0].domains[2].goals[1].targets[0].value
    message: str   # what is wrong, in Chinese

    def __str__(self) -> str:
        return f"{self.path}：{self.message}"


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path or "(文档)", message))

    def obj(self, value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> bool:
        if not isinstance(value, dict):
            self.fail(path, f"应为对象 {{…}}，实为 {type(value).__name__}")
            return False
        for key in value:
            if key not in allowed:
                self.fail(f"{path}.{key}".lstrip("."), f"未知字段（允许：{', '.join(allowed)}）")
        for key in required:
            if key not in value:
                self.fail(f"{path}.{key}".lstrip("."), "缺少必填字段")
        return True

    def text(self, value: Any, path: str, *, required: bool = True) -> None:
        if not isinstance(value, str):
            self.fail(path, "应为字符串")
        elif required and not value.strip():
            self.fail(path, "不能为空")

    def integer(self, value: Any, path: str, lo: int, hi: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"应为整数，实为 {value!r}")
        elif not lo <= value <= hi:
            self.fail(path, f"{value} 超出范围 {lo}–{hi}")

    def number(self, value: Any, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(path, f"应为数值，实为 {value!r}")
            return
        problem = number_problem(value)
        if problem:
            self.fail(path, problem)

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> None:
        if value not in choices:
            shown = " / ".join(choice or '""' for choice in choices)
            self.fail(path, f"{value!r} 不是 {shown} 之一")

    def items(self, value: Any, path: str) -> list:
        if not isinstance(value, list):
            self.fail(path, "应为列表 […]")
            return []
        return value


def validate_document(doc: Any) -> list[Problem]:
    """Every problem of a plan/v1 document; an empty list means it is valid."""
    c = _Checker()
    if not c.obj(doc, "", DOCUMENT_KEYS, DOCUMENT_KEYS):
        return c.problems
    if doc.get("format") != FORMAT:
        c.fail("format", f"应为 \"{FORMAT}\"，实为 {doc.get('format')!r}")
    if "source" in doc:
        c.text(doc["source"], "source")
    plans = c.items(doc.get("plans", []), "plans")
    if "plans" in doc and not plans and isinstance(doc["plans"], list):
        c.fail("plans", "文档中没有纲要")
    for i, plan in enumerate(plans):
        _check_plan(c, plan, f"plans[{i}]")
    return c.problems


def _check_plan(c: _Checker, plan: Any, path: str) -> None:
    if not c.obj(plan, path, PLAN_KEYS, PLAN_KEYS):
        return
    for key in ("title", "region"):
        if key in plan:
            c.text(plan[key], f"{path}.{key}")
    if "subject" in plan:
        c.choice(plan["subject"], f"{path}.subject", SUBJECTS)
    period = plan.get("period")
    start = end = None
    if c.obj(period, f"{path}.period", ("start", "end"), ("start", "end")):
        start, end = period.get("start"), period.get("end")
        c.integer(start, f"{path}.period.start", 1949, 2100)
        c.integer(end, f"{path}.period.end", 1949, 2100)
        if isinstance(start, int) and isinstance(end, int) and start > end:
            c.fail(f"{path}.period", f"起始年 {start} 晚于终止年 {end}")
    seen_domains: set = set()
    for d, domain in enumerate(c.items(plan.get("domains", []), f"{path}.domains")):
        dpath = f"{path}.domains[{d}]"
        if not c.obj(domain, dpath, DOMAIN_KEYS, DOMAIN_KEYS):
            continue
        for key in ("code", "name"):
            if key in domain:
                c.text(domain[key], f"{dpath}.{key}")
        if domain.get("code") in seen_domains:
            c.fail(f"{dpath}.code", f"领域编号 {domain.get('code')!r} 在本纲要中重复")
        seen_domains.add(domain.get("code"))
        seen_items: set = set()
        for section, keys in (("goals", GOAL_KEYS), ("measures", MEASURE_KEYS)):
            for g, item in enumerate(c.items(domain.get(section, []), f"{dpath}.{section}")):
                gpath = f"{dpath}.{section}[{g}]"
                if not c.obj(item, gpath, keys, keys):
                    continue
                if "code" in item:
                    c.text(item["code"], f"{gpath}.code")
                for key in ("text", "title"):
                    if key in item:
                        c.text(item[key], f"{gpath}.{key}", required=False)
                if item.get("code") in seen_items:
                    c.fail(f"{gpath}.code", f"编号 {item.get('code')!r} 在本领域中重复")
                seen_items.add(item.get("code"))
                for t, target in enumerate(c.items(item.get("targets", []), f"{gpath}.targets")):
                    _check_target(c, target, f"{gpath}.targets[{t}]", start, end)


def _check_target(c: _Checker, t: Any, path: str, start: Any, end: Any) -> None:
    if not c.obj(t, path, TARGET_KEYS, ("indicator", "kind")):
        return
    if "indicator" in t:
        c.text(t["indicator"], f"{path}.indicator")
    kind = t.get("kind")
    if "kind" in t:
        c.choice(kind, f"{path}.kind", KINDS)
    required = {
        "threshold": ("op", "value", "unit"),
        "change": ("direction", "value", "unit"),
        "direction": ("direction",),
        "comparison": ("op", "reference"),
    }.get(kind, ())
    for key in required:
        if key not in t:
            c.fail(f"{path}.{key}", f"{kind} 类目标缺少必填字段")
    if "op" in t:
        c.choice(t["op"], f"{path}.op", OPS)
    if "unit" in t:
        c.choice(t["unit"], f"{path}.unit", UNITS)
    if "value" in t:
        value = t["value"]
        if isinstance(value, str):
            if t.get("unit") != "ratio" or not RATIO.match(value):
                c.fail(f"{path}.value", f"{value!r} 不是数值（只有 unit 为 ratio 时可写作 \"1:3\"）")
        else:
            c.number(value, f"{path}.value")
    if "direction" in t:
        c.choice(t["direction"], f"{path}.direction", CHANGE_DIRECTIONS if kind == "change" else DIRECTIONS)
    if "reference" in t:
        c.text(t["reference"], f"{path}.reference")
    if "base_year" in t:
        c.integer(t["base_year"], f"{path}.base_year", 1949, 2100)
    if "per_year" in t and not isinstance(t["per_year"], bool):
        c.fail(f"{path}.per_year", "应为 true 或 false")
    if "year" in t:
        c.integer(t["year"], f"{path}.year", 1949, 2100)
        if isinstance(t["year"], int) and isinstance(start, int) and isinstance(end, int) and not start <= t["year"] <= end:
            c.fail(f"{path}.year", f"目标年 {t['year']} 不在纲要期 {start}–{end} 内")
    if "note" in t:
        c.text(t["note"], f"{path}.note", required=False)
    if "review" in t:
        c.text(t["review"], f"{path}.review")
    if "baseline" in t and c.obj(t["baseline"], f"{path}.baseline", ("year", "value"), ("year", "value")):
        c.integer(t["baseline"].get("year"), f"{path}.baseline.year", 1949, 2100)
        c.number(t["baseline"].get("value"), f"{path}.baseline.value")
    if "evidence" in t and c.obj(t["evidence"], f"{path}.evidence", EVIDENCE_KEYS, ("start", "end")):
        ev = t["evidence"]
        for key in ("start", "end", "line"):
            if key in ev:
                c.integer(ev[key], f"{path}.evidence.{key}", 0 if key != "line" else 1, 10**9)
        if isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int) and ev["start"] > ev["end"]:
            c.fail(f"{path}.evidence", "start 大于 end")
        if "text" in ev:
            c.text(ev["text"], f"{path}.evidence.text", required=False)
        if "page" in ev:
            c.integer(ev["page"], f"{path}.evidence.page", 1, 10**6)
        if "box" in ev:
            box = ev["box"]
            if (not isinstance(box, list) or len(box) != 4
                    or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in box)):
                c.fail(f"{path}.evidence.box", f"应为四个数 [x0, y0, x1, y1]，实为 {box!r}")
            elif box[0] > box[2] or box[1] > box[3]:
                c.fail(f"{path}.evidence.box", f"{box!r}：左上角应在右下角之前")


def format_quantity(value: Any, unit: str | None) -> str:
    """A value with its unit as a Chinese text writes it: 12/10万, 95%, 3.0‰, 1:3."""
    if value is None:
        return ""
    if unit == "ratio" or isinstance(value, str):
        return str(value)
    text = format(value, "f") if not isinstance(value, float) else f"{value:g}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if unit == "1/10万":
        return f"{text}/10万"
    return f"{text}{unit or ''}"
