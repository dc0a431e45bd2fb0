"""Plain data for the assessment core: statuses, configuration, inputs, results.

Pure Python, no Django: a DB service feeds these with plain numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """A target's judgment. ``STATUS_ORDER`` ranks them best first."""

    ACHIEVED = "achieved"
    BASICALLY_ACHIEVED = "basically_achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_ACHIEVED = "not_achieved"
    NO_DATA = "no_data"


STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED: "已实现",
    Status.BASICALLY_ACHIEVED: "基本实现",
    Status.ON_TRACK: "进展顺利",
    Status.AT_RISK: "预计达标困难",
    Status.OFF_TRACK: "退步",
    Status.NOT_ACHIEVED: "未实现",
    Status.NO_DATA: "数据不足",
}

#: Goodness order used by the monotonicity property and by warnings: a lower
#: rank is better.  ``no_data`` is outside the order (rank None).
STATUS_RANK: dict[Status, int] = {
    Status.ACHIEVED: 0,
    Status.BASICALLY_ACHIEVED: 1,
    Status.ON_TRACK: 2,
    Status.AT_RISK: 3,
    Status.OFF_TRACK: 4,
    Status.NOT_ACHIEVED: 5,
}


class CaseError(ValueError):
    """Bad input, naming the case (id or index) and the field at fault."""

    def __init__(self, case: Any, field_: str, message: str):
        self.case = case
        self.field = field_
        self.message = message
        super().__init__(f"case {case}: field {field_!r}: {message}")


@dataclass(frozen=True, slots=True)
class Period:
    """The plan's years, e.g. 2021–2030; ``end`` is the default target year."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Baseline:
    """The plan's starting value (indicator tables give one, e.g. 2020: 16.9)."""

    year: int
    value: float


@dataclass(frozen=True, slots=True)
class Config:
    """Every threshold of the engine in one place; defaults documented in docs/assessment.md."""

    #: 基本实现: a value that misses the target by at most this share of the
    #: target (1 %: NBS called 20.1 against ≤20/10万 基本实现, a 0.5 % miss).
    basically_rel: float = 0.01
    #: ``~`` targets: met when within this share of the value (X左右 → ±2 %:
    #: 出生人口性别比 107左右 is met at 109, not at 110; 30%左右 at 30±0.6).
    approx_rel: float = 0.02
    #: ``=`` targets: met when within this share of the value (rounding noise).
    equal_rel: float = 0.001
    #: Open SDG / Statistics Canada progress-ratio thresholds.
    progress_good: float = 0.95
    progress_fair: float = 0.60
    #: Values of the recent window used by the regression and growth methods.
    window: int = 5
    #: Minimum number of values per method.
    min_values_cagr: int = 2
    min_values_linear: int = 2
    min_values_wls: int = 3
    #: Robust z-score (Iglewicz & Hoaglin) threshold and the number of past
    #: year-on-year changes it needs.
    volatility_z: float = 3.5
    volatility_min_changes: int = 3
    #: A move smaller than this share of the level (0.5 %), or than twice the
    #: standard error of the trend over the window, counts as no change
    #: (direction targets, and "flat" for at_risk vs off_track).
    noise_rel: float = 0.005


DEFAULT_CONFIG = Config()

#: Plausibility bounds per unit (values outside are flagged).
UNIT_BOUNDS: dict[str, tuple[float, float]] = {
    "%": (0.0, 100.0),
    "‰": (0.0, 1000.0),
    "1/10万": (0.0, 100000.0),
}


@dataclass(frozen=True, slots=True)
class Assessment:
    """One target judged on one series.  ``reason`` is built on demand (lazy)."""

    status: Status
    target: dict
    kind: str
    unit: str
    target_value: float | None
    target_year: int
    as_of: int
    current_year: int | None
    current_value: float | None
    gap: float | None
    projected_value: float | None
    projected_method: str | None
    required_now: float | None
    volatile: bool
    volatility: dict | None
    details: dict = field(default_factory=dict)
    id: Any = None
    group: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def reason(self) -> str:
        """The sentence in Chinese, the language of the plans and their reports."""
        return self.reason_in("zh")

    def reason_in(self, lang: str) -> str:
        from .reasons import reason

        return reason(self, lang)

    def to_dict(self, with_details: bool = True) -> dict:
        """Plain JSON-ready dict; computed numbers rounded to 4 decimals (float noise)."""
        out = {
            "id": self.id,
            "status": str(self.status),
            "label": self.label,
            "current": {"year": self.current_year, "value": self.current_value},
            "projected": {"year": self.target_year, "value": _r(self.projected_value),
                          "method": self.projected_method},
            "gap": _r(self.gap),
            "required_now": _r(self.required_now),
            "volatile": self.volatile,
            "volatility": self.volatility,
            "reason": self.reason,
        }
        if with_details:
            out["details"] = self.details
        return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
