"""The extraction core: a plan document → plan/v1 JSON (see shared/plan-format.md).

Pure Python, no Django.  The steps, one module each:

    readers     file → text (.txt .docx .pdf .html; scans and images by OCR, ocr.py)
    normalise   text → normalised text (furniture out, wraps joined) + map to original lines
    structure   lines → plans, domains, goals, measures, table rows (layout rules in layout.py)
    meta        title, region, subject, period
    grammar     one item's text → its targets (the target grammar)

Each target carries `evidence` (start/end into `Extraction.text`, the document's text as
read — traditional characters, wraps and all — the 1-based line there, and the span itself;
for a PDF the page, and for a scan the box on it) and `review` when flagged.  Every target
read by OCR is flagged.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from ..planformat import TARGET_KEYS
from .grammar import find_targets, parse_table_row
from .meta import plan_meta
from .normalise import Normalised, normalise
from .readers import Document, ExtractionError, read_document
from .structure import Domain, Item, PlanLayout, parse_plans, split_lines
from .table import Row, baseline_value

__all__ = ["Extraction", "ExtractionError", "extract_file", "extract_text"]


@dataclass
class Extraction:
    document: dict   # {"format": "plan/v1", "source": …, "plans": […]}
    text: str        # the document's text as read (line ends "\n"): all evidence offsets point into it
    normalised: str  # the text the structure and the grammar read (simplified, wraps joined)


def _ordered(target: dict) -> dict:
    """Keys in plan-format order (indicator … baseline, evidence, review)."""
    return {k: target[k] for k in TARGET_KEYS if k in target} | {k: v for k, v in target.items() if k not in TARGET_KEYS}


def _target(found, to_source, norm: Normalised) -> dict:
    """A grammar result with its evidence mapped into the original text."""
    target = dict(found.target)
    start, end = norm.span(to_source(found.start), to_source(max(found.start, found.end - 1)) + 1)
    target["evidence"] = {"start": start, "end": end, "line": norm.original_line(start),
                          "text": norm.source[start:end]}
    if found.review:
        target["review"] = found.review
    return _ordered(target)


def _item(item: Item, domain: Domain, norm: Normalised, end_year: int | None) -> dict:
    text = item.text(norm.text)
    targets = [_target(f, item.to_source, norm) for f in find_targets(text, plan_end_year=end_year)]
    if item.kind == "goal":
        return {"code": f"{domain.code}.{item.number}", "text": text.replace("\n", ""), "targets": targets}
    head, sep, body = text.partition("。")
    if not sep or len(head) > 80:
        head, body = text, ""
    return {"code": f"{domain.code}.M{item.number}", "title": head.strip(), "text": body.replace("\n", "").strip(),
            "targets": targets}


def _row(row: Row, norm: Normalised) -> dict:
    cells = [row.domain, str(row.number), row.indicator.text, row.baseline.text if row.baseline else "",
             row.target.text if row.target else ""]
    targets = []
    if row.target is not None:
        for found in parse_table_row(row.indicator.text, row.target.text):
            target = _target(found, lambda o, s=row.target.start: s + o, norm)
            base = baseline_value(row)
            if base:
                target["baseline"] = base
            if row.shared:
                target.setdefault("review", "本行目标值单元格为空（合并单元格），沿用上一行的目标值")
            targets.append(_ordered(target))
    return {"code": f"T{row.number}", "text": " | ".join(cells), "targets": targets}


def _similar(a: str, b: str) -> float:
    x = {a[i:i + 2] for i in range(len(a) - 1)}
    y = {b[i:i + 2] for i in range(len(b) - 1)}
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _place_rows(plan: PlanLayout) -> None:
    """Each table row goes to the domain its domain cell names (most similar name), else a new domain."""
    for row in plan.rows:
        name = row.domain or "指标"  # a table without a domain column: its rows under one domain
        best = max(plan.domains, key=lambda d: _similar(d.name, name), default=None)
        if best is None or best.name != name and _similar(best.name, name) < 0.5:
            best = Domain((plan.domains[-1].code if plan.domains else 0) + 1, name)
            plan.domains.append(best)
        best.rows.append(row)


def _subject_hint(plan: PlanLayout, plan_text: str) -> str | None:
    names = [d.name for d in plan.domains] + [r.domain for r in plan.rows]
    women = sum(n.startswith(("妇女", "女性")) for n in names)
    children = sum(n.startswith(("儿童", "未成年人", "女童")) for n in names)
    if women == children == 0:
        # no subject in the domain names (（一）健康): the subject the plan's text names more often
        text = " ".join(names) + plan_text
        women, children = text.count("妇女"), text.count("儿童")
        if women == children == 0:
            return None
    return "women" if women > children else "children"


def _plan(plan: PlanLayout, lines, norm: Normalised) -> dict | None:
    body = "\n".join(ln.text for ln in lines[plan.start:plan.end])
    meta = plan_meta(plan.title_line, body, _subject_hint(plan, body))
    if meta is None:
        return None
    _place_rows(plan)
    end_year = meta.period.get("end")
    domains = []
    for d in plan.domains:
        goals = [_item(i, d, norm, end_year) for i in d.goals] + [_row(r, norm) for r in d.rows]
        measures = [_item(i, d, norm, end_year) for i in d.measures]
        targets = [t for item in goals + measures for t in item["targets"]]
        if d.tentative and not targets:
            continue  # a thematic heading whose items ask for nothing measurable: no domain
        for t in targets if d.review else ():
            t["review"] = f"{t['review']}；{d.review}" if t.get("review") else d.review
        domains.append({"code": str(d.code), "name": d.name, "goals": goals, "measures": measures})
    return {"title": meta.title, "region": meta.region, "subject": meta.subject, "period": meta.period,
            "domains": domains}


def extract_text(text: str, source: str = "") -> Extraction:
    """plan/v1 document of a plan text (one or several plans)."""
    name = source or "(文本)"
    if not text or not text.strip():
        raise ExtractionError(f"文件为空：{name}（empty file）")
    if "\x00" in text[:4096]:
        raise ExtractionError(f"不是文本文件（二进制内容）：{name}（binary file, not text）")
    norm = normalise(text)
    lines = split_lines(norm.text)
    plans = [p for p in (_plan(layout, lines, norm) for layout in parse_plans(lines)) if p]
    if not plans:
        raise ExtractionError(f"未找到妇女或儿童发展纲要（规划）的发展领域：{name}（no plan found in the text）")
    # plans issued together are one region's: one that does not say takes its companion's
    known = next((p["region"] for p in plans if p["region"]), "")
    for plan in plans:
        plan["region"] = plan["region"] or known
    return Extraction({"format": "plan/v1", "source": source, "plans": plans}, norm.source, norm.text)


REVIEW_OCR = "由扫描件文字识别（OCR）得到，请对照原件核对"


def extract_file(path: str | os.PathLike) -> Extraction:
    """plan/v1 document of a .txt, .docx, .pdf (with a text layer or scanned), .html or image file."""
    document = read_document(path)
    extraction = extract_text(document.text, os.path.basename(os.fspath(path)))
    if document.pages or document.recognised:
        _locate(extraction, document)
    return extraction


def _locate(extraction: Extraction, document: Document) -> None:
    """Evidence on a page: its page number, and for a scan its box and a review flag."""
    from bisect import bisect_right

    for plan in extraction.document["plans"]:
        for domain in plan["domains"]:
            for item in domain["goals"] + domain["measures"]:
                for target in item["targets"]:
                    evidence = target["evidence"]
                    if document.pages:
                        evidence["page"] = bisect_right(document.pages, evidence["start"])
                    if document.recognised is not None:
                        where = document.recognised.where(evidence["start"], evidence["end"])
                        if where:
                            evidence["page"], evidence["box"] = where
                        review = target.get("review")
                        target["review"] = f"{review}；{REVIEW_OCR}" if review else REVIEW_OCR
                    target.update(_ordered(target))
