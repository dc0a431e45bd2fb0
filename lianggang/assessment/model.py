"""Plain data for the assessment core: statuses, configuration, inputs, results.

Pure Python, no Django: a DB service feeds these with plain numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """A target's judgment: the one list of statuses, their words and their order.

    Members are strings (``Status.ACHIEVED == "achieved"``), so results, JSON and CSS classes use
    the code; people read ``label(lang)``. Declared best first: ``rank`` follows that order for the
    judged statuses; the unjudged ones (awaiting data, no data, manual) have no rank.
    """

    ACHIEVED = "achieved"
    BASICALLY_ACHIEVED = "basically_achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_ACHIEVED = "not_achieved"
    #: The target year has come but that year's value is not in yet: ``details["position"]``
    #: holds what the latest value says (judged as in the year before), never 未实现 by default.
    AWAITING_DATA = "awaiting_data"
    NO_DATA = "no_data"
    #: The engine cannot judge it: a ratio (1:3), or a target that holds only on an occasion
    #: (换届后当年) the data do not mark. A person judges; it is never counted twice.
    MANUAL = "manual"

    @property
    def zh(self) -> str:
        return _WORDS[self][0]

    @property
    def en(self) -> str:
        return _WORDS[self][1]

    def label(self, lang: str = "zh") -> str:
        """The word in ``lang`` ("zh" or "en")."""
        return self.en if lang == "en" else self.zh

    @property
    def css(self) -> str:
        """The page's class for the status badge (site.css): ``status status-<code>``."""
        return f"status status-{self.value}"

    @property
    def order(self) -> int:
        """Position in the list, best first (tables and counts are shown in this order)."""
        return _ORDER[self]

    @property
    def rank(self) -> int | None:
        """Goodness (lower is better) for the judged statuses; None for the unjudged."""
        return None if self in UNJUDGED else _ORDER[self]

    @property
    def reached(self) -> bool:
        """Counts toward 达标率 (已实现 and 基本实现, as the national monitoring reports count)."""
        return self in (Status.ACHIEVED, Status.BASICALLY_ACHIEVED)

    @property
    def judged(self) -> bool:
        """Counts among the assessable targets (the 达标率's denominator)."""
        return self not in UNJUDGED


_WORDS: dict[str, tuple[str, str]] = {
    "achieved": ("已实现", "achieved"),
    "basically_achieved": ("基本实现", "basically achieved"),
    "on_track": ("进展顺利", "on track"),
    "at_risk": ("预计达标困难", "at risk"),
    "off_track": ("退步", "regressing"),
    "not_achieved": ("未实现", "not achieved"),
    "awaiting_data": ("待数据", "awaiting data"),
    "no_data": ("数据不足", "insufficient data"),
    "manual": ("需人工判断", "to be judged by hand"),
}
_ORDER: dict[str, int] = {code: i for i, code in enumerate(_WORDS)}
UNJUDGED = frozenset({Status.AWAITING_DATA, Status.NO_DATA, Status.MANUAL})


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
        return self.status.zh

    @property
    def on_path(self) -> bool | None:
        """时间过半、任务过半: at or beyond the straight path from baseline to target (None: no path)."""
        return self.details.get("expected_to_date_met")

    @property
    def indicator_key(self) -> Any:
        """What two targets on one indicator share (warnings list an indicator once)."""
        return self.target.get("indicator")

    @property
    def relative_gap(self) -> float:
        """The gap as a share of the target value (the gap itself for a target of 0)."""
        return relative_gap(self.gap, self.target_value)

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
            "position": self.details.get("position"),   # awaiting data: the latest value's status
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


def relative_gap(gap: float | None, target_value: float | None) -> float:
    g = abs(gap or 0.0)
    return g / abs(target_value) if target_value else g


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
