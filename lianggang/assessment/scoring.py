"""Many judged targets → counts, 达标率, the mid-term check and the warnings, in one place.

Pure Python. Works on anything scored: the core's ``Assessment`` and the evaluation service's
``TargetResult`` both have ``status`` (a ``Status``), ``volatile``, ``on_path`` (时间过半、任务过半:
True, False or None), ``relative_gap`` and ``indicator_key``.

- Every target is counted under exactly one status, so the counts add up to ``total``.
- 达标率 = reached (已实现 + 基本实现) ÷ assessable, assessable = the judged targets (all but
  待数据, 数据不足 and 需人工判断): the national monitoring reports count 基本实现 as reached.
- Warnings come in honest groups (未实现, 退步, 预计达标困难, 波动较大), each listing an indicator
  once however many of its targets are in the group.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable, Iterable, Protocol

from .model import Status


class Scored(Protocol):
    status: Status
    volatile: bool

    @property
    def on_path(self) -> bool | None: ...

    @property
    def relative_gap(self) -> float: ...

    @property
    def indicator_key(self) -> Any: ...


@dataclass(frozen=True)
class Summary:
    """Counts by status (every status, in order), with what follows from them."""

    counts: dict[Status, int]
    on_path: int = 0        # mid-term check: at or beyond the straight path (or reached) …
    with_path: int = 0      # … of the judged targets that have a path (a baseline)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def assessable(self) -> int:
        return sum(n for s, n in self.counts.items() if s.judged)

    @property
    def met(self) -> int:
        return sum(n for s, n in self.counts.items() if s.reached)

    @property
    def attainment_rate(self) -> float | None:
        """达标率 in percent, one decimal; None when nothing is assessable."""
        return round(100 * self.met / self.assessable, 1) if self.assessable else None

    def count(self, status: Status | str) -> int:
        return self.counts.get(Status(status), 0)

    def shown(self, always: Iterable[Status] = ()) -> list[tuple[Status, int]]:
        """(status, count) in order: every status with targets, and those in ``always``."""
        keep = set(always)
        return [(s, n) for s, n in self.counts.items() if n or s in keep]


def summarise(items: Iterable[Scored]) -> Summary:
    """One Summary of ``items``."""
    counts = {s: 0 for s in Status}
    on = with_path = 0
    for a in items:
        status = Status(a.status)
        counts[status] += 1
        ok = a.on_path
        if ok is not None and status.judged:
            with_path += 1
            if ok or status.reached:
                on += 1
    return Summary(counts, on, with_path)


def summarise_by(items: Iterable[Scored], key: Callable[[Any], Any]) -> dict[Any, Summary]:
    """A Summary per ``key(item)`` (a domain, a department, a region), in order of first appearance."""
    groups: dict[Any, list] = {}
    for a in items:
        groups.setdefault(key(a), []).append(a)
    return {k: summarise(v) for k, v in groups.items()}


def midterm(items: Iterable[Scored]) -> tuple[int, int]:
    """时间过半、任务过半: (targets at or beyond their straight path, targets with a path)."""
    s = summarise(items)
    return s.on_path, s.with_path


class WarningKind(StrEnum):
    """The groups of the warnings block, most severe first."""

    NOT_ACHIEVED = "not_achieved"
    OFF_TRACK = "off_track"
    AT_RISK = "at_risk"
    VOLATILE = "volatile"

    @property
    def zh(self) -> str:
        return _WARNING_WORDS[self][0]

    @property
    def en(self) -> str:
        return _WARNING_WORDS[self][1]

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    @property
    def explanation_zh(self) -> str:
        return _WARNING_WORDS[self][2]

    @property
    def explanation_en(self) -> str:
        return _WARNING_WORDS[self][3]

    def explanation(self, lang: str = "zh") -> str:
        return self.explanation_en if lang == "en" else self.explanation_zh


_WARNING_WORDS = {
    "not_achieved": ("未实现", "not achieved",
                     "目标年已到，最新数据仍未达到目标。",
                     "The target year has come and the latest value still misses the target."),
    "off_track": ("退步", "regressing",
                  "指标正朝偏离目标的方向变化。",
                  "The indicator is moving away from the target."),
    "at_risk": ("预计达标困难", "at risk",
                "方向对但进展太慢，按目前趋势到目标年达不到目标。",
                "Moving the right way, but too slowly to reach the target in time."),
    "volatile": ("波动较大", "volatile",
                 "最近一年的变化比往年大得多，或数值超出合理范围，请核实数据是否有误。",
                 "The latest change is far larger than in earlier years, or a value is implausible: "
                 "please check the data."),
}

_STATUS_KIND = {Status.NOT_ACHIEVED: WarningKind.NOT_ACHIEVED, Status.OFF_TRACK: WarningKind.OFF_TRACK,
                Status.AT_RISK: WarningKind.AT_RISK}


@dataclass(frozen=True)
class WarningRow:
    """One indicator in one group: ``items`` are its targets in the group, the largest gap first."""

    items: tuple

    @property
    def lead(self):
        return self.items[0]


@dataclass(frozen=True)
class WarningGroup:
    kind: WarningKind
    rows: list[WarningRow] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def is_warning(a: Scored) -> bool:
    return Status(a.status) in _STATUS_KIND or bool(a.volatile)


def warnings(items: Iterable[Scored]) -> list:
    """Targets not achieved, off track, at risk or volatile; most severe first, then the larger
    relative gap. Each target once (the API and the ``warnings`` command list these)."""
    order = list(WarningKind)
    out = [a for a in items if is_warning(a)]
    out.sort(key=lambda a: (order.index(_STATUS_KIND.get(Status(a.status), WarningKind.VOLATILE)),
                            -a.relative_gap))
    return out


def warning_groups(items: Iterable[Scored]) -> list[WarningGroup]:
    """The warnings block: one group per kind that has any, most severe first.

    A target both at risk and volatile is in both groups (two different things to do: act, and
    check the data); within a group an indicator is one row, however many of its targets."""
    rows: dict[WarningKind, dict[Any, list]] = {k: {} for k in WarningKind}
    for a in warnings(items):
        kind = _STATUS_KIND.get(Status(a.status))
        if kind is not None:
            rows[kind].setdefault(a.indicator_key, []).append(a)
        if a.volatile:
            rows[WarningKind.VOLATILE].setdefault(a.indicator_key, []).append(a)
    return [WarningGroup(k, [WarningRow(tuple(v)) for v in rows[k].values()]) for k in WarningKind if rows[k]]


__all__ = ["Scored", "Summary", "WarningGroup", "WarningKind", "WarningRow", "is_warning", "midterm",
           "summarise", "summarise_by", "warning_groups", "warnings"]
