"""纲要衔接: is a lower plan's target as demanding as its upper plan's for the same indicator? Pure.

Each target is reduced to an `Aim` (kind, op, value, unit, direction, target year). `compare`
answers, from the lower plan's point of view:

- ``stricter`` — it asks more: a higher floor (≥ 98 against ≥ 95), a lower ceiling (≤ 10 against
  ≤ 12), a bigger change, a number where the upper plan names only a direction, the same level
  sooner;
- ``equal`` — the same demand (a strict > beats ≥ at the same number);
- ``weaker`` — it asks less, only a direction where the upper plan gives a number, or the same
  level later;
- ``missing`` — the upper plan sets a target the lower plan does not;
- ``no_upper`` — the lower plan's own target, none above it (not a shortcoming);
- ``not_comparable`` — different units or kinds (a ratio, a comparison with another quantity), or
  a less demanding level set for an earlier year (an interim step, not a weaker aim).

Which way is more demanding follows the op (≥ and > floors: higher asks more; ≤ and < ceilings:
lower asks more); for ~ and = the indicator's `better` decides.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

STRICTER, EQUAL, WEAKER, MISSING, NO_UPPER, NOT_COMPARABLE = (
    "stricter", "equal", "weaker", "missing", "no_upper", "not_comparable")
VERDICTS = (STRICTER, EQUAL, WEAKER, MISSING, NO_UPPER, NOT_COMPARABLE)

FLOORS, CEILINGS = (">=", ">"), ("<=", "<")


@dataclass(frozen=True)
class Aim:
    """What a target asks, as comparison needs it (plan/v1's fields)."""
    kind: str                          # threshold | change | direction | comparison
    op: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    direction: str | None = None       # increase | decrease | maintain
    per_year: bool = False
    year: int | None = None            # the year it is judged at
    ratio: str | None = None


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str = ""                   # a short code when not comparable: unit, kind, interim


def _sign(aim: Aim, better: str) -> int:
    """+1 when a higher number asks more of the region, −1 when a lower one does, 0 when unknown."""
    if aim.kind == "change":
        return 1            # a bigger change (in its direction) asks more
    if aim.op in FLOORS:
        return 1
    if aim.op in CEILINGS:
        return -1
    return {"higher": 1, "lower": -1}.get(better, 0)


def _by_number(lower: Aim, upper: Aim, better: str) -> str | None:
    """stricter / equal / weaker by the numbers, or None when they cannot be set side by side."""
    if lower.value is None or upper.value is None or lower.ratio or upper.ratio:
        return None
    if (lower.unit or "") != (upper.unit or ""):
        return None
    if lower.kind == "change" and (lower.direction != upper.direction or bool(lower.per_year) != bool(upper.per_year)):
        return None
    sign = _sign(lower, better)
    if sign == 0 or sign != _sign(upper, better):
        return None
    gap = (Decimal(lower.value) - Decimal(upper.value)) * sign
    if gap == 0:
        strict_l, strict_u = lower.op in (">", "<"), upper.op in (">", "<")
        return STRICTER if strict_l and not strict_u else WEAKER if strict_u and not strict_l else EQUAL
    return STRICTER if gap > 0 else WEAKER


def _direction_of(aim: Aim, better: str) -> str | None:
    """The way a target pushes: a threshold pushes the better way, a change or direction its own."""
    if aim.kind in ("change", "direction"):
        return aim.direction
    if aim.kind == "threshold":
        return {"higher": "increase", "lower": "decrease"}.get(better)
    return None


def compare(lower: Aim | None, upper: Aim | None, better: str = "neutral") -> Verdict:
    """The lower plan's target against the upper plan's for the same indicator."""
    if lower is None and upper is None:
        raise ValueError("nothing to compare")
    if lower is None:
        return Verdict(MISSING)
    if upper is None:
        return Verdict(NO_UPPER)
    if "comparison" in (lower.kind, upper.kind):
        return Verdict(NOT_COMPARABLE, "kind")
    numeric = {"threshold", "change"}
    if lower.kind in numeric and upper.kind in numeric:
        if lower.kind != upper.kind:
            return Verdict(NOT_COMPARABLE, "kind")
        verdict = _by_number(lower, upper, better)
        if verdict is None:
            return Verdict(NOT_COMPARABLE, "unit")
        return _with_years(verdict, lower, upper)
    # at least one side names only a direction
    same_way = _direction_of(lower, better) is not None and _direction_of(lower, better) == _direction_of(upper, better)
    if lower.kind == "direction" and upper.kind == "direction":
        return Verdict(EQUAL if same_way else WEAKER)
    if lower.kind == "direction":            # a direction where the upper plan gives a number
        return Verdict(WEAKER)
    return Verdict(STRICTER) if same_way else Verdict(NOT_COMPARABLE, "kind")   # a number for a direction


def _with_years(verdict: str, lower: Aim, upper: Aim) -> Verdict:
    """The same level sooner asks more, later less; a less demanding level sooner is an interim step."""
    if lower.year is None or upper.year is None or lower.year == upper.year:
        return Verdict(verdict)
    sooner = lower.year < upper.year
    if sooner:
        return Verdict(STRICTER) if verdict in (STRICTER, EQUAL) else Verdict(NOT_COMPARABLE, "interim")
    return Verdict(WEAKER) if verdict in (WEAKER, EQUAL) else Verdict(NOT_COMPARABLE, "later")
