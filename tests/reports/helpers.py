"""Reading reports back (docx text, xlsx cells) and the database's own numbers to compare with."""
from __future__ import annotations

import io

from docx import Document as DocxDocument

from lianggang.monitoring.models import Area, Sex, Value, ValueState


def docx_text(data: bytes) -> str:
    doc = DocxDocument(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    parts += [p.text for p in doc.sections[0].header.paragraphs]
    return "\n".join(parts)


def docx_pictures(data: bytes) -> int:
    doc = DocxDocument(io.BytesIO(data))
    return len(doc.inline_shapes)


def headline_values(plan, region, up_to: int | None = None):
    """The approved headline values (total, total, all ages) of the plan's indicators in `region`."""
    qs = Value.objects.filter(indicator__in=plan.indicators, region=region, sex=Sex.TOTAL, area=Area.TOTAL, age_group="",
                              state=ValueState.APPROVED, indicator__targets__isnull=False).distinct()
    if up_to is not None:
        qs = qs.filter(year__lte=up_to)
    return qs.select_related("indicator")


def approved(indicator, region, year: int) -> float | None:
    v = (Value.objects.filter(indicator=indicator, region=region, year=year, sex=Sex.TOTAL, area=Area.TOTAL,
                              age_group="", state=ValueState.APPROVED).first())
    return None if v is None else float(v.value)


def all_sections(sections):
    for sec in sections:
        yield sec
        yield from all_sections(sec.children)


def table_after(doc, heading_start: str):
    """The first table of the section whose heading starts with `heading_start`."""
    sec = next(s for s in all_sections(doc.sections) if s.heading.startswith(heading_start))
    return sec.tables[0]
