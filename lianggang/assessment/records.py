"""The named records a judgment passes between its steps (status.py): plain dataclasses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Baseline, Status

_EPS = 1e-9
#: +1: higher is better, -1: lower is better; absent (0): closeness (=, ~).
GOOD = {">=": 1, ">": 1, "<=": -1, "<": -1}


@dataclass(slots=True)
class Series:
    """The values a judgment uses, by year (sorted), up to the judgment year."""

    years: list[int]
    values: list[float]

    @property
    def n(self) -> int:
        return len(self.years)

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    @property
    def latest_value(self) -> float | None:
        return self.values[-1] if self.values else None


@dataclass(slots=True)
class Level:
    """What a level is judged against: op and value in a unit, the unit's plausible range, the
    baseline of the straight path, and absolute tolerances (met, basically met) when not the
    Config's shares of the value."""

    op: str
    value: float
    unit: str
    bounds: tuple[float, float] | None
    baseline: Baseline | None = None
    tolerance: tuple[float, float] | None = None


@dataclass(slots=True)
class Bound:
    """A level's op and value with its tolerances: does a value meet it, basically meet it, and
    how far is it (positive: short of it)?"""

    op: str
    value: float
    good: int
    tol_met: float
    tol_basic: float

    def met(self, v: float) -> bool:
        op, value = self.op, self.value
        if op == ">=":
            return v >= value - _EPS
        if op == "<=":
            return v <= value + _EPS
        if op == ">":
            return v > value
        if op == "<":
            return v < value
        return abs(v - value) <= self.tol_met + _EPS

    def basic(self, v: float) -> bool:
        if self.good > 0:
            return v >= self.value - self.tol_basic - _EPS
        if self.good < 0:
            return v <= self.value + self.tol_basic + _EPS
        return abs(v - self.value) <= self.tol_basic + _EPS

    def gap(self, v: float) -> float:
        if self.good > 0:
            return self.value - v
        if self.good < 0:
            return v - self.value
        return abs(v - self.value)


@dataclass(slots=True)
class Projection:
    value: float
    slope: float
    method: str
    window: int
    fallback: str | None = None
    rate: float | None = None


@dataclass(slots=True)
class Trend:
    slope: float
    total: float
    noise: float
    real: bool
    window: int


@dataclass(slots=True)
class Outcome:
    """What a judgment found, before it becomes an ``Assessment``."""

    status: Status
    target_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    gap: float | None = None
    projected: float | None = None
    method: str | None = None
    required_now: float | None = None
    volatile: bool = False
    volatility: dict | None = None
    op: str | None = None
    unit: str | None = None


@dataclass(slots=True)
class _Run:
    """One call's judgment year, id and group."""

    as_of: int
    id: Any
    group: dict
