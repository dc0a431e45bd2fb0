"""Projection, progress and volatility methods (see docs/assessment.md for sources).

Each works on parallel lists of years ``ts`` and values ``vs`` (sorted, plain
floats) so the per-series path stays allocation-light.
"""
from __future__ import annotations

import math


def linear(ts: list[int], vs: list[float], year: int) -> tuple[float, float]:
    """Two-point straight line through the first and last value: (projection, slope/yr)."""
    slope = (vs[-1] - vs[0]) / (ts[-1] - ts[0])
    return vs[-1] + slope * (year - ts[-1]), slope


def cagr(ts: list[int], vs: list[float], year: int) -> tuple[float, float] | None:
    """Compound annual growth rate from first to last value (Open SDG/StatCan).

    Undefined for a zero or negative start or end (returns None: callers fall
    back to the straight line).  Returns (projection, growth rate per year).
    """
    a, b = vs[0], vs[-1]
    if a <= 0.0 or b <= 0.0:
        return None
    r = (b / a) ** (1.0 / (ts[-1] - ts[0])) - 1.0
    return b * (1.0 + r) ** (year - ts[-1]), r


def wls(ts: list[int], vs: list[float], year: int) -> tuple[float, float]:
    """Trend regression weighted toward recent years as UN ESCAP does.

    wᵢ = (T − t_min)/(T − tᵢ), T the target year (a year at or after T gets the
    weight of T − 1, so the weight stays finite).  Returns (projection, slope/yr).
    """
    t_min = ts[0]
    span = year - t_min
    sw = swt = swv = swtt = swtv = 0.0
    for t, v in zip(ts, vs):
        d = year - t
        w = span / d if d > 0 else span
        x = t - t_min
        sw += w
        swt += w * x
        swv += w * v
        swtt += w * x * x
        swtv += w * x * v
    den = sw * swtt - swt * swt
    if den == 0.0:
        return vs[-1], 0.0
    b = (sw * swtv - swt * swv) / den
    a = (swv - b * swt) / sw
    return a + b * span, b


def progress_ratio(t0: int, x0: float, t1: int, x1: float, target_year: int,
                   target: float) -> float | None:
    """Ratio of observed to required compound growth (Open SDG / StatCan).

    None where undefined (zero/negative values, no elapsed time, target already
    at the base).  ≥0.95 substantial progress, 0.60–0.95 moderate, <0.60
    limited, <0 moving away.
    """
    if x0 <= 0.0 or x1 <= 0.0 or target <= 0.0 or t1 <= t0 or target_year <= t0:
        return None
    observed = (x1 / x0) ** (1.0 / (t1 - t0)) - 1.0
    required = (target / x0) ** (1.0 / (target_year - t0)) - 1.0
    if required == 0.0:
        return None
    return observed / required


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    m = n // 2
    return s[m] if n % 2 else 0.5 * (s[m - 1] + s[m])


def robust_z(ts: list[int], vs: list[float], min_changes: int,
             floor_rel: float = 0.005) -> float | None:
    """Modified z-score (Iglewicz & Hoaglin 1993) of the latest year-on-year change.

    Changes are per year (gaps divide by the years between values).  The
    latest change is scored against the median and MAD of the earlier ones:
    z = 0.6745·(d_last − median)/MAD.  None with fewer than ``min_changes``
    earlier changes.  The MAD is floored at ``floor_rel`` of the level (0.5 %):
    a perfectly regular past (MAD 0) would otherwise make any wobble an outlier.
    """
    n = len(vs)
    if n - 2 < min_changes:
        return None
    ds = [(vs[i] - vs[i - 1]) / (ts[i] - ts[i - 1]) for i in range(1, n - 1)]
    last = (vs[-1] - vs[-2]) / (ts[-1] - ts[-2])
    ds.sort()
    k = len(ds)
    h = k // 2
    med = ds[h] if k % 2 else 0.5 * (ds[h - 1] + ds[h])
    dev = sorted([d - med if d > med else med - d for d in ds])
    mad = dev[h] if k % 2 else 0.5 * (dev[h - 1] + dev[h])
    floor = floor_rel * abs(vs[-2]) or 1e-9
    if mad < floor:
        mad = floor
    return 0.6745 * (last - med) / mad


def noisy(vs: list[float]) -> bool:
    """True when consecutive changes change sign (a two-point growth rate would mislead)."""
    up = down = False
    for i in range(1, len(vs)):
        d = vs[i] - vs[i - 1]
        if d > 0:
            up = True
        elif d < 0:
            down = True
    return up and down


def isfinite(x: float) -> bool:
    return math.isfinite(x)
