"""The result type of the target grammar."""
from __future__ import annotations

from dataclasses import dataclass

KEY_ORDER = ("indicator", "kind", "op", "value", "unit", "direction", "reference",
             "base_year", "per_year", "year", "note")


@dataclass
class FoundTarget:
    """One target and its evidence: text[start:end] is what a person checks;
    review is a short Chinese reason when the text is damaged or ambiguous."""
    target: dict
    start: int
    end: int
    review: str | None = None


def ordered(target: dict) -> dict:
    """plan/v1 TARGET fields in the format's order, empty ones left out (a bare
    count keeps its empty unit)."""
    return {k: target[k] for k in KEY_ORDER
            if k in target and (target[k] not in (None, "", []) or k == "unit")}
