"""The engine: one target judged on one yearly series.

``prepare`` validates a plan/v1 target once (per target, not per series) and
``Prepared.run`` is the allocation-light per-series path; ``assess`` and
``assess_many`` wrap them.  Rules are documented in docs/assessment.md.

A judgment is a few named steps over the named records of ``records.py``: the series
(``Series``), what a level is judged against (``Level`` → ``Bound``), the projection
(``Projection``) or the trend (``Trend``), and what comes out (``Outcome`` → ``Assessment``).
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any, Iterable, Mapping

from lianggang.lib.gcpause import gc_paused

from . import methods as M
from .model import (DEFAULT_CONFIG, UNIT_BOUNDS, Assessment, Baseline, CaseError,
                    Config, Period, Status)
from .records import _EPS, GOOD, Bound, Level, Outcome, Projection, Series, Trend, _Run

KINDS = ("threshold", "change", "direction", "comparison")
OPS = (">=", "<=", ">", "<", "=", "~")
METHODS = ("auto", "cagr", "linear", "wls")
#: A decrease turns the change's op around: 至少降低 → at most the level.
FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "=": "="}
WANT = {"increase": 1.0, "decrease": -1.0}
#: A target note naming an occasion the yearly data do not mark (换届后当年达到100%, beside
#: 平时保持在85%以上 on the same indicator): such a target is judged by a person.
OCCASION_RE = re.compile(r"换届(?:后|时|当年|年)")
#: Notes that say when a target holds (the occasion, or the rest of the time: 平时, 其余年份):
#: kept beside the target wherever it is shown, so two such targets never read as one.
CONDITION_RE = re.compile(r"换届|届中|平时|其余年份")


def condition_of(note: str | None) -> str | None:
    """The note if it says when the target holds (换届后当年, 平时 …), else None."""
    return note if note and CONDITION_RE.search(note) else None

S = Status


# No indicator of a plan has a value beyond this (counts of persons, money in yuan); larger inputs
# would overflow the projections into inf and NaN, which is not JSON.
LARGEST = 1e15


def _num(x: Any, case: Any, field: str) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float, str)):
        raise CaseError(case, field, f"not a number: {x!r}")
    try:
        v = float(x)
    except (ValueError, OverflowError):
        raise CaseError(case, field, f"not a number: {x!r}") from None
    if not math.isfinite(v):
        raise CaseError(case, field, f"not a finite number: {x!r}")
    if abs(v) > LARGEST:
        raise CaseError(case, field, f"number too large: {x!r} (at most {LARGEST:g} in absolute value)")
    return v


class Prepared:
    """A validated target with everything that does not depend on the series."""

    __slots__ = ("target", "kind", "op", "value", "unit", "year", "period", "config",
                 "method", "direction", "per_year", "base_year", "bounds", "good", "occasion",
                 "baseline", "threshold_bound")

    def __init__(self, target: Mapping, period: Period, config: Config = DEFAULT_CONFIG,
                 case: Any = None, method: str | None = None):
        if not isinstance(target, Mapping):
            raise CaseError(case, "target", "not an object")
        kind = target.get("kind")
        if kind not in KINDS:
            raise CaseError(case, "target.kind", f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
        self.target = dict(target)
        self.kind = kind
        self.period = period
        self.config = config
        self.unit = str(target.get("unit") or "")
        self.bounds = UNIT_BOUNDS.get(self.unit)
        y = target.get("year")
        self.year = int(_num(y, case, "target.year")) if y is not None else period.end
        m = method or target.get("method") or "auto"
        if m not in METHODS:
            raise CaseError(case, "target.method", f"unknown method {m!r} (one of {', '.join(METHODS)})")
        self.method = m
        self.direction = target.get("direction")
        self.per_year = bool(target.get("per_year"))
        self.base_year = None
        self.value = None
        op = target.get("op")
        if kind == "threshold":
            if op not in OPS:
                raise CaseError(case, "target.op", f"unknown op {op!r} (one of {' '.join(OPS)})")
            self.value = _num(target.get("value"), case, "target.value")
        elif kind == "change":
            if self.direction not in ("increase", "decrease"):
                raise CaseError(case, "target.direction", f"change needs increase/decrease, not {self.direction!r}")
            self.value = _num(target.get("value"), case, "target.value")
            op = op or ">="
            if op not in (">=", "<=", ">", "<", "="):
                raise CaseError(case, "target.op", f"unsupported op for a change: {op!r}")
            by = target.get("base_year")
            self.base_year = int(_num(by, case, "target.base_year")) if by is not None else None
        elif kind == "direction":
            if self.direction not in ("increase", "decrease", "maintain"):
                raise CaseError(case, "target.direction", f"unknown direction {self.direction!r}")
        else:  # comparison
            op = op or "~"
            if op not in OPS:
                raise CaseError(case, "target.op", f"unknown op {op!r} (one of {' '.join(OPS)})")
        self.op = op
        self.good = GOOD.get(op or "", 0)
        note = str(target.get("note") or "")
        self.occasion = note if OCCASION_RE.search(note) else None
        # What does not depend on the series is worked out once (the batch path runs per series).
        b = target.get("baseline")
        self.baseline = (Baseline(int(_num(b.get("year"), case, "target.baseline.year")),
                                  _num(b.get("value"), case, "target.baseline.value"))
                         if isinstance(b, Mapping) and "year" in b and "value" in b else None)
        self.threshold_bound = (self._bound(Level(op, self.value, self.unit, self.bounds))
                                if kind == "threshold" else None)

    # -- the per-series path -------------------------------------------------
    def run(self, series: Mapping, as_of: int, baseline: Baseline | None = None,
            reference: Mapping | None = None, id: Any = None, group: dict | None = None) -> Assessment:
        """Judge one series: the steps are named below, each a small function."""
        baseline = baseline or self.baseline
        data = self._data(series, min(as_of, self.year), baseline)
        run = _Run(as_of, id, group or {})
        if self.occasion:
            return self._manual(data, run)
        if as_of >= self.year and data.years and data.latest_year < self.year:
            return self._awaiting(data, baseline, reference, run)
        return self._judge(data, baseline, reference, run)

    def _data(self, series: Mapping, cutoff: int, baseline: Baseline | None) -> Series:
        """The values up to ``cutoff`` (the judgment year), with the plan's baseline as a data point
        where the series lacks that year."""
        years = sorted([t for t in series if t <= cutoff and series[t] is not None])
        values = [float(series[t]) for t in years]
        if baseline is not None and baseline.year <= cutoff and baseline.year not in series:
            i = 0
            while i < len(years) and years[i] < baseline.year:
                i += 1
            years.insert(i, baseline.year)
            values.insert(i, baseline.value)
        return Series(years, values)

    def _judge(self, data: Series, baseline: Baseline | None, reference: Mapping | None,
               run: _Run) -> Assessment:
        kind = self.kind
        if kind == "threshold":
            level = Level(self.op, self.value, self.unit, self.bounds, baseline)
            return self._level(data, level, run, {}, self.threshold_bound)
        if kind == "change":
            return self._change(data, baseline, run)
        if kind == "direction":
            return self._direction(data, baseline, run)
        return self._comparison(data, reference, run)

    def _awaiting(self, data: Series, baseline: Baseline | None, reference: Mapping | None,
                  run: _Run) -> Assessment:
        """待数据: the target year has come but its value is not in. The latest known position is
        judged as it stood in the latest year with a value (a projection to the target year), and
        kept in ``details["position"]``; the status says the year's data are awaited."""
        latest = _Run(data.latest_year, run.id, run.group)
        position = self._judge(data, baseline, reference, latest)
        if position.details.get("needed") in ("base", "reference"):
            return replace(position, as_of=run.as_of)   # no year's value will make it judgeable
        details = dict(position.details, position=str(position.status), awaiting_year=self.year)
        return replace(position, status=S.AWAITING_DATA, as_of=run.as_of, details=details)

    def _manual(self, data: Series, run: _Run) -> Assessment:
        """A target that holds only on an occasion (换届后当年) the yearly data do not mark: judged by
        a person, so it is not judged twice alongside the everyday target on the same indicator."""
        details = {"n_values": data.n, "ts": data.years, "vs": data.values, "condition": self.occasion}
        return self._result(Outcome(S.MANUAL, current_year=data.latest_year, current_value=data.latest_value),
                            run, details)

    # -- helpers -------------------------------------------------------------
    def _volatility(self, data: Series, b: tuple[float, float] | None) -> tuple[bool, dict | None]:
        """Volatile: a value outside the plausible bounds ``b`` of its unit, or a robust-z jump."""
        ts, vs = data.years, data.values
        if b is not None and vs:
            lo, hi = b
            if min(vs) < lo or max(vs) > hi:  # C-speed check first, find the year only when needed
                for t, v in zip(ts, vs):
                    if v < lo or v > hi:
                        return True, {"measure": "bounds", "year": t, "value": v, "bounds": [lo, hi]}
        z = M.robust_z(ts, vs, self.config.volatility_min_changes, self.config.noise_rel)
        if z is None:
            return False, None
        thr = self.config.volatility_z
        return abs(z) > thr, {"measure": "robust_z", "z": round(z, 2), "threshold": thr}

    def _project(self, data: Series) -> Projection:
        """Pick and run a method on the recent window (docs/assessment.md, Methods)."""
        cfg = self.config
        ts, vs = data.years, data.values
        if len(ts) > cfg.window:
            ts, vs = ts[-cfg.window:], vs[-cfg.window:]
        n = len(ts)
        ty = self.year
        m = self.method
        fallback = None
        if m == "auto":
            m = "wls" if (n >= cfg.min_values_wls and M.noisy(vs)) else "cagr"
        if m == "wls" and n < cfg.min_values_wls:
            fallback, m = "wls", "cagr"
        if m == "cagr":
            r = M.cagr(ts, vs, ty)
            if r is not None:
                proj, rate = r
                slope = (vs[-1] - vs[0]) / (ts[-1] - ts[0])
                return Projection(proj, slope, "cagr", n, fallback, rate)
            fallback, m = fallback or "cagr", "linear"
        if m == "wls":
            proj, slope = M.wls(ts, vs, ty)
            return Projection(proj, slope, "wls", n, fallback)
        proj, slope = M.linear(ts, vs, ty)
        return Projection(proj, slope, "linear", n, fallback)

    # -- a level against a bound: threshold targets, and what change and comparison become --
    def _level(self, data: Series, level: Level, run: _Run, details: dict,
               bound: Bound | None = None) -> Assessment:
        """A level judged against ``level.value`` in named steps: bound, position, path, status."""
        bound = bound or self._bound(level)
        details["n_values"] = data.n
        details["tolerance"] = bound.tol_basic - bound.tol_met
        details["approx_tolerance"] = bound.tol_met if level.op == "~" else None
        details["ts"] = data.years
        details["vs"] = data.values
        if data.n == 0:
            details["needed"] = 1
            return self._result(Outcome(S.NO_DATA, target_value=level.value), run, details)
        cv = data.latest_value
        gap = bound.gap(cv)
        details["surplus"] = -gap if gap < 0 else 0.0
        required = self._straight_path(data, level, bound, run, details)
        volatile, vol = self._volatility(data, level.bounds)
        status, projection = self._level_status(data, level, bound, run, details)
        return self._result(Outcome(
            status, target_value=level.value, current_year=data.latest_year, current_value=cv,
            gap=0.0 if bound.met(cv) else max(gap, 0.0),
            projected=projection.value if projection else None,
            method=projection.method if projection else None, required_now=required,
            volatile=volatile, volatility=vol, op=level.op, unit=level.unit), run, details)

    def _bound(self, level: Level) -> Bound:
        cfg = self.config
        scale = abs(level.value)
        if level.tolerance is None:
            op = level.op
            tol_met = cfg.approx_rel * scale if op == "~" else (cfg.equal_rel * scale if op == "=" else 0.0)
            tol_basic = tol_met + cfg.basically_rel * scale
        else:
            tol_met, tol_basic = level.tolerance
        return Bound(level.op, level.value, GOOD.get(level.op, 0), tol_met, tol_basic)

    def _straight_path(self, data: Series, level: Level, bound: Bound, run: _Run, details: dict) -> float | None:
        """时间过半、任务过半: the value the straight path from the baseline asks for this year."""
        base = level.baseline
        ty = self.year
        if base is None or base.year >= ty:
            return None
        year = min(run.as_of, ty)
        value = level.value
        required = base.value + (value - base.value) * (year - base.year) / (ty - base.year)
        cv = data.latest_value
        if bound.good > 0:
            details["expected_to_date_met"] = cv >= required - _EPS
        elif bound.good < 0:
            details["expected_to_date_met"] = cv <= required + _EPS
        else:
            details["expected_to_date_met"] = abs(cv - value) <= abs(required - value) + _EPS
        cy = data.latest_year
        details["progress_ratio"] = (M.progress_ratio(base.year, base.value, cy, cv, ty, value)
                                     if cy > base.year else None)
        return required

    def _level_status(self, data: Series, level: Level, bound: Bound, run: _Run,
                      details: dict) -> tuple[Status, Projection | None]:
        """Met → achieved; at the target year → basically or not achieved; before it, by the trend."""
        cv = data.latest_value
        if bound.met(cv):
            return S.ACHIEVED, None
        if run.as_of >= self.year:
            return (S.BASICALLY_ACHIEVED if bound.basic(cv) else S.NOT_ACHIEVED), None
        if data.n < 2:
            if bound.basic(cv):
                return S.BASICALLY_ACHIEVED, None
            details["needed"] = 2
            return S.NO_DATA, None
        p = self._project(data)
        if level.bounds is not None:
            lo, hi = level.bounds
            p.value = min(max(p.value, lo), hi)
        details["window"] = p.window
        details["slope"] = p.slope
        if p.rate is not None:
            details["growth_rate"] = p.rate
        if p.fallback:
            details["method_fallback"] = p.fallback
        if bound.met(p.value):
            return S.ON_TRACK, p
        if bound.basic(cv):
            return S.BASICALLY_ACHIEVED, p
        return self._slow_or_backward(data, bound, p, details), p

    def _slow_or_backward(self, data: Series, bound: Bound, p: Projection, details: dict) -> Status:
        """Not on track: moving the right way (or flat) is at risk, moving away is off track."""
        vs, cv = data.values, data.latest_value
        if bound.good:
            move = p.slope * bound.good
        else:
            move = (abs(vs[0] - bound.value) - abs(cv - bound.value)) if len(vs) > 1 else 0.0
        span = data.years[-1] - data.years[-p.window]
        flat = abs(p.slope) * span < self.config.noise_rel * (abs(cv) or 1.0)
        details["flat"] = flat
        return S.AT_RISK if (move > 0 or flat) else S.OFF_TRACK

    def _result(self, out: Outcome, run: _Run, details: dict) -> Assessment:
        details["op"] = out.op or self.op
        return Assessment(status=out.status, target=self.target, kind=self.kind,
                          unit=self.unit if out.unit is None else out.unit, target_value=out.target_value,
                          target_year=self.year, as_of=run.as_of, current_year=out.current_year,
                          current_value=out.current_value, gap=out.gap, projected_value=out.projected,
                          projected_method=out.method, required_now=out.required_now,
                          volatile=out.volatile, volatility=out.volatility, details=details, id=run.id,
                          group=run.group)

    def _unjudged(self, data: Series, run: _Run, details: dict, needed: str) -> Assessment:
        details["needed"] = needed
        details["n_values"] = data.n
        details["ts"], details["vs"] = data.years, data.values
        return self._result(Outcome(S.NO_DATA, current_year=data.latest_year, current_value=data.latest_value),
                            run, details)

    # -- change, direction, comparison ---------------------------------------
    def _change(self, data: Series, baseline: Baseline | None, run: _Run) -> Assessment:
        """A change against a base becomes a level at the target year (see docs)."""
        ts, vs = data.years, data.values
        by = self.base_year
        if by is None:
            if baseline is not None:
                by = baseline.year
            elif ts and ts[0] <= self.period.start:
                by = ts[0]
        bv = None
        if by is not None:
            if baseline is not None and baseline.year == by:
                bv = baseline.value
            else:
                bv = next((v for t, v in zip(ts, vs) if t == by), None)
        details: dict = {"base_year": by, "base_value": bv}
        if bv is None:
            return self._unjudged(data, run, details, "base")
        v = self.value
        years = self.year - by if self.per_year else 1
        sign = 1.0 if self.direction == "increase" else -1.0
        if self.unit == "%":
            level = bv * (1.0 + sign * v / 100.0) ** years if self.per_year else bv * (1.0 + sign * v / 100.0)
            unit = self._level_unit()
        else:
            level = bv + sign * v * years
            unit = self._level_unit() if self.unit == "百分点" else self.unit
        op = self.op if sign > 0 else FLIP[self.op]
        details["level"] = level
        if ts and ts[-1] > by:
            details["observed_change"] = vs[-1] - bv
            details["observed_change_per_year"] = (vs[-1] - bv) / (ts[-1] - by)
        tol = None
        if op == "=":
            cfg = self.config
            tol = (cfg.equal_rel * abs(v), (cfg.equal_rel + cfg.basically_rel) * abs(v))
        # The level's own unit bounds it (a relative change of a count is no % in 0–100).
        return self._level(data, Level(op, level, unit, UNIT_BOUNDS.get(unit), Baseline(by, bv), tol), run, details)

    def _level_unit(self) -> str:
        """The unit of the levels a change target moves: given (the indicator's), else % for 百分点."""
        u = self.target.get("level_unit")
        if u:
            return str(u)
        return "%" if self.unit == "百分点" else ""

    def _direction(self, data: Series, baseline: Baseline | None, run: _Run) -> Assessment:
        """Increase/decrease/maintain: a real change is one larger than the noise rule; an increase
        (decrease) is not achieved while the latest value is still below (above) the plan's baseline."""
        details: dict = {"n_values": data.n, "ts": data.years, "vs": data.values}
        volatile, vol = self._volatility(data, self.bounds)
        if data.n < 2:
            details["needed"] = 2
            return self._result(Outcome(S.NO_DATA, current_year=data.latest_year, current_value=data.latest_value,
                                        volatile=volatile, volatility=vol), run, details)
        trend = self._trend(data)
        details.update(slope=trend.slope, total_change=trend.total, noise=trend.noise, real_change=trend.real,
                       window=trend.window)
        behind = self._behind_baseline(data, baseline, details)
        status = self._direction_status(trend, behind, run.as_of >= self.year)
        return self._result(Outcome(status, current_year=data.latest_year, current_value=data.latest_value,
                                    method="ols", volatile=volatile, volatility=vol), run, details)

    def _trend(self, data: Series) -> Trend:
        """Ordinary least squares over the window; real when larger than the noise (docs)."""
        cfg = self.config
        w = cfg.window
        wts, wvs = (data.years[-w:], data.values[-w:]) if data.n > w else (data.years, data.values)
        k = len(wts)
        mt = sum(wts) / k
        mv = sum(wvs) / k
        sxx = sum((t - mt) ** 2 for t in wts)
        slope = sum((t - mt) * (v - mv) for t, v in zip(wts, wvs)) / sxx if sxx else 0.0
        total = slope * (wts[-1] - wts[0])
        # noise: 0.5 % of the level, or the scatter around the trend if larger
        resid = [v - (mv + slope * (t - mt)) for t, v in zip(wts, wvs)]
        scatter = (sum(r * r for r in resid) / (k - 2)) ** 0.5 if k > 2 else 0.0
        noise = max(cfg.noise_rel * abs(mv), 2.0 * scatter / sxx ** 0.5 * (wts[-1] - wts[0]) if sxx else 0.0)
        return Trend(slope, total, noise, abs(total) > noise, k)

    def _behind_baseline(self, data: Series, baseline: Baseline | None, details: dict) -> bool:
        """An increase (decrease) whose latest value is not above (below) the plan's baseline."""
        want = WANT.get(self.direction)
        if not want or baseline is None or data.latest_year <= baseline.year:
            return False
        since = data.latest_value - baseline.value
        details["baseline"] = {"year": baseline.year, "value": baseline.value}
        details["since_baseline"] = since
        return since * want <= 0

    def _direction_status(self, trend: Trend, behind: bool, final: bool) -> Status:
        if self.direction == "maintain":
            if not trend.real:
                return S.ACHIEVED
            return S.NOT_ACHIEVED if final else S.OFF_TRACK
        want = WANT[self.direction]
        if trend.real and trend.total * want > 0 and not behind:
            return S.ACHIEVED
        if final:
            return S.NOT_ACHIEVED
        if trend.real and trend.total * want < 0:
            return S.OFF_TRACK
        return S.AT_RISK

    def _comparison(self, data: Series, reference: Mapping | None, run: _Run) -> Assessment:
        """The level minus the reference, judged against 0 with the target's op."""
        details: dict = {"reference": self.target.get("reference")}
        if not reference:
            return self._unjudged(data, run, details, "reference")
        ref = {int(k): float(v) for k, v in reference.items() if v is not None}
        diffs = Series([t for t in data.years if t in ref],
                       [v - ref[t] for t, v in zip(data.years, data.values) if t in ref])
        scale = abs(ref[diffs.years[-1]]) if diffs.years else 0.0
        op = self.op
        cfg = self.config
        tol_met = cfg.approx_rel * scale if op == "~" else (cfg.equal_rel * scale if op == "=" else 0.0)
        details["reference_latest"] = ref[diffs.years[-1]] if diffs.years else None
        unit = "百分点" if self.unit == "%" else self.unit
        # A difference of two values in [lo, hi] lies in [lo - hi, hi - lo]: a level below its
        # reference is negative, not implausible.
        b = self.bounds
        diff_bounds = None if b is None else (b[0] - b[1], b[1] - b[0])
        level = Level(op, 0.0, unit, diff_bounds, None, (tol_met, tol_met + cfg.basically_rel * scale))
        return self._level(diffs, level, run, details)


def prepare(target: Mapping, period: Period, config: Config = DEFAULT_CONFIG, *,
            case: Any = None, method: str | None = None) -> Prepared:
    """Validate a target once; raises CaseError naming ``case`` and the field."""
    return Prepared(target, period, config, case, method)


def assess(target: Mapping, series: Mapping[int, float], *, period: Period, as_of: int,
           baseline: Baseline | None = None, config: Config = DEFAULT_CONFIG,
           reference: Mapping[int, float] | None = None, method: str | None = None,
           id: Any = None, group: dict | None = None) -> Assessment:
    """Judge one target (plan/v1 dict) on one yearly series (year → value).

    Keys may be ints or year strings; None and NaN values are skipped (the
    batch path ``assess_many`` skips this clean-up: it expects int years and
    finite floats or None).
    """
    if any(type(k) is not int or (v is not None and v != v) for k, v in series.items()):
        series = {int(k): v for k, v in series.items() if v is not None and v == v}
    return Prepared(target, period, config, id, method).run(series, as_of, baseline, reference, id, group)


def assess_many(target: Mapping, items: Iterable[tuple[Any, Mapping[int, float]]], *,
                period: Period, as_of: int, baseline: Baseline | None = None,
                config: Config = DEFAULT_CONFIG, method: str | None = None,
                group: dict | None = None) -> list[Assessment]:
    """Batch path: one target over many series, e.g. every region.

    ``items`` are (id, series) pairs; the target is validated once.  Each
    result's ``group`` gets ``{"region": id}`` merged into ``group``.
    """
    p = Prepared(target, period, config, None, method)
    run = p.run
    g = group or {}
    # The results hold no reference cycles (≈ 30 % of the time went to the collector).
    with gc_paused():
        return [run(s, as_of, baseline, None, rid, {**g, "region": rid}) for rid, s in items]
