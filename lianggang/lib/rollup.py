"""下级汇总 (roll-up): a region's value computed from its sub-regions', and how far the reported one lies.

Pure: parts in, a result out. The indicator's rule (the catalogue's `rollup` column,
docs/catalogue.md) decides:

- ``sum``   — counts add up: Σ value over the sub-regions.
- ``ratio`` — a rate is the ratio of sums, never the mean of the rates: Σ numerator / Σ denominator
  × scale (100 for %, 1000 for ‰, 100000 for 1/10万). Needs both counts collected in every part.
- ``none``  — not derived from parts (life expectancy, a survey estimate, a congress's share).

A part missing what the rule needs makes the roll-up incomplete: no value is computed (a sum
short of a county is not the region's total), and the result names the parts that lack it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

SUM, RATIO, NONE = "sum", "ratio", "none"
RULES = (NONE, SUM, RATIO)

# Why no value was computed (the service words them for the page).
NOT_DERIVED = "not_derived"          # rule none
NO_PARTS = "no_parts"                # no sub-region at all
INCOMPLETE = "incomplete"            # some part lacks the value or a count
ZERO_DENOMINATOR = "zero_denominator"

# A reported value differs from the roll-up when the gap exceeds this share of it, and the
# rounding of the reported figure (4.5 stands for anything in [4.45, 4.55)).
RELATIVE_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Part:
    """One sub-region's contribution: its value (for sum) or its two counts (for ratio)."""
    region: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class RollUp:
    rule: str
    value: Decimal | None
    parts: int                       # sub-regions counted
    missing: tuple[str, ...] = ()    # sub-regions lacking what the rule needs
    reason: str = ""                 # why `value` is None

    @property
    def computed(self) -> bool:
        return self.value is not None


def roll_up(rule: str, parts: Iterable[Part], scale: Decimal | int | None = None) -> RollUp:
    """The region's value from `parts` by `rule`; `scale` multiplies a ratio (1 when None)."""
    if rule not in RULES:
        raise ValueError(f"unknown roll-up rule {rule!r}; expected one of {', '.join(RULES)}")
    parts = list(parts)
    if rule == NONE:
        return RollUp(rule, None, 0, reason=NOT_DERIVED)
    if not parts:
        return RollUp(rule, None, 0, reason=NO_PARTS)
    if rule == SUM:
        missing = tuple(p.region for p in parts if p.value is None)
        if missing:
            return RollUp(rule, None, len(parts) - len(missing), missing, INCOMPLETE)
        return RollUp(rule, sum((p.value for p in parts), Decimal(0)), len(parts))
    missing = tuple(p.region for p in parts if p.numerator is None or p.denominator is None)
    if missing:
        return RollUp(rule, None, len(parts) - len(missing), missing, INCOMPLETE)
    numerator = sum((p.numerator for p in parts), Decimal(0))
    denominator = sum((p.denominator for p in parts), Decimal(0))
    if denominator == 0:
        return RollUp(rule, None, len(parts), reason=ZERO_DENOMINATOR)
    return RollUp(rule, numerator / denominator * Decimal(scale or 1), len(parts))


@dataclass(frozen=True)
class Difference:
    reported: Decimal
    computed: Decimal
    difference: Decimal               # reported − computed
    relative: Decimal | None          # difference ÷ computed; None when computed is 0
    flagged: bool


def rounding_of(number: Decimal) -> Decimal:
    """Half a unit of the last significant digit: 4.5 → 0.05, 1200 → 0.5. The database keeps six
    places (4.500000), so trailing zeros are dropped first: 5.0 is read as 5."""
    exponent = number.normalize().as_tuple().exponent
    return Decimal(5).scaleb(min(int(exponent), 0) - 1)


def compare(reported: Decimal, computed: Decimal, tolerance: Decimal = RELATIVE_TOLERANCE) -> Difference:
    """How far the reported value lies from the roll-up; flagged beyond `tolerance` of it and beyond
    the rounding of the reported figure."""
    reported, computed = Decimal(reported), Decimal(computed)
    diff = reported - computed
    relative = diff / computed if computed != 0 else None
    allowed = max(abs(computed) * tolerance, rounding_of(reported))
    return Difference(reported, computed, diff, relative, abs(diff) > allowed)
