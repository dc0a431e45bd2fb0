"""A plan/v1 document as an aligned text table for a person reading a terminal.

    plan heading            title · region · subject · period
      domain heading        code name
        one row per target  item code │ indicator │ target │ line │ ⚠ reason
        an item without targets is one row with an empty target
"""
from __future__ import annotations

import unicodedata

SUBJECT_NAMES = {"women": "妇女", "children": "儿童"}
DIRECTION_NAMES = {"increase": "↑ 提高", "decrease": "↓ 降低", "maintain": "→ 保持"}
REVIEW_MARK = "⚠"


def width(text: str) -> int:
    """Columns the text takes in a terminal: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def shorten(text: str, size: int = 40) -> str:
    """Cut to `size` columns with an ellipsis, so one long name does not widen every row."""
    if width(text) <= size:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > size - 1:
            break
        out += ch
    return out + "…"


def describe(target: dict) -> str:
    """One target as a short phrase: `>= 90 %`, `↓ 降低 18 % (基于2020年)`, `~ 女职工比例`."""
    kind = target.get("kind")
    unit = target.get("unit", "")
    if kind == "threshold":
        text = f"{target.get('op', '')} {target.get('value', '')} {unit}".strip()
    elif kind == "change":
        text = f"{DIRECTION_NAMES.get(target.get('direction'), '')} {target.get('value', '')} {unit}".strip()
        if target.get("per_year"):
            text += " /年"
        if target.get("base_year"):
            text += f"（比{target['base_year']}年）"
    elif kind == "comparison":
        text = f"{target.get('op', '')} {target.get('reference', '')}"
    else:
        text = DIRECTION_NAMES.get(target.get("direction"), target.get("direction", ""))
    if target.get("year"):
        text += f"（{target['year']}年）"
    if target.get("baseline"):
        text += f"  基线 {target['baseline']['year']}年 {target['baseline']['value']}"
    return text


def _rows(domain: dict) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for item in domain.get("goals", []) + domain.get("measures", []):
        targets = item.get("targets", [])
        if not targets:
            label = item.get("title") or item.get("text", "")
            rows.append((item["code"], shorten(label), "", "", ""))
        for t in targets:
            line = str(t.get("evidence", {}).get("line", ""))
            flag = f"{REVIEW_MARK} {t['review']}" if t.get("review") else ""
            rows.append((item["code"], shorten(t.get("indicator", "")), describe(t), line, flag))
    return rows


def render_table(document: dict) -> str:
    """The whole document, plans → domains → items and targets, columns aligned."""
    out = [f"来源 source: {document.get('source', '')}"]
    header = ("编号", "指标 / 条目", "目标", "行", "")
    for plan in document.get("plans", []):
        period = plan.get("period", {})
        out += ["", f"{plan.get('title', '')}  ·  {plan.get('region', '')}  ·  "
                    f"{SUBJECT_NAMES.get(plan.get('subject'), plan.get('subject'))}  ·  "
                    f"{period.get('start')}—{period.get('end')}"]
        all_rows = [header] + [r for d in plan.get("domains", []) for r in _rows(d)]
        sizes = [max(width(r[k]) for r in all_rows) for k in range(4)]

        def fmt(row):
            return "    " + "  ".join(pad(row[k], sizes[k]) for k in range(4)) + ("  " + row[4] if row[4] else "")

        out.append(fmt(header).rstrip())
        for domain in plan.get("domains", []):
            out.append(f"  {domain.get('code')} {domain.get('name')}")
            out += [fmt(r).rstrip() for r in _rows(domain)]
    n = sum(1 for p in document.get("plans", []) for d in p.get("domains", [])
            for i in d.get("goals", []) + d.get("measures", []) for t in i.get("targets", []))
    flagged = sum(1 for p in document.get("plans", []) for d in p.get("domains", [])
                  for i in d.get("goals", []) + d.get("measures", []) for t in i.get("targets", []) if t.get("review"))
    out += ["", f"共 {len(document.get('plans', []))} 部纲要，{n} 个目标，其中 {flagged} 个需人工核对（{REVIEW_MARK}）"]
    return "\n".join(out) + "\n"
