"""Benchmark: 3,000 regions × 150 targets × 10 yearly values (4.5 million values).

Run: .venv/bin/python benchmarks/bench_assessment.py [regions] [targets]
Target: ≤ 10 s on one core.  Reasons are lazy, so they are not built here
(one is built at the end to show the cost per reason).
"""
from __future__ import annotations

import gc
import random
import sys
import time

from lianggang.assessment import Period, assess_many, summarise_by, warnings


def make_targets(n: int, rng: random.Random) -> list[dict]:
    kinds = []
    for i in range(n):
        r = i % 10
        if r < 7:
            op = [">=", "<=", ">", "<", "~", ">=", "<="][r]
            kinds.append({"indicator": f"指标{i}", "kind": "threshold", "op": op,
                          "value": rng.uniform(10, 95), "unit": "%"})
        elif r < 9:
            kinds.append({"indicator": f"指标{i}", "kind": "change", "direction": "decrease",
                          "value": 10, "unit": "%", "base_year": 2020})
        else:
            kinds.append({"indicator": f"指标{i}", "kind": "direction", "direction": "increase"})
    return kinds


def make_series(rng: random.Random, regions: int) -> list[tuple[int, dict[int, float]]]:
    out = []
    for r in range(regions):
        level = rng.uniform(10, 90)
        slope = rng.uniform(-1.5, 1.5)
        noise = rng.uniform(0, 1.5)
        out.append((r, {2014 + k: level + slope * k + rng.gauss(0, noise) for k in range(10)}))
    return out


def main(regions: int = 3000, ntargets: int = 150) -> float:
    rng = random.Random(1)
    targets = make_targets(ntargets, rng)
    # a few distinct series pools so building the input is not what we time
    pools = [make_series(rng, regions) for _ in range(5)]
    period = Period(2021, 2030)
    # assess_many turns the cyclic GC off inside a batch; across 150 batches the
    # 450k results (no cycles) would still be rescanned by full collections, so
    # a service holding all results should do the same around its loop.
    gc.disable()
    t0 = time.perf_counter()
    results = []
    for i, t in enumerate(targets):
        results.extend(assess_many(t, pools[i % 5], period=period, as_of=2023,
                                   group={"target": i}))
    t1 = time.perf_counter()
    gc.enable()
    s = summarise_by(results, lambda a: a.group["target"])
    w = warnings(results[:20000])
    t2 = time.perf_counter()
    n = len(results)
    print(f"assessed {n:,} series ({n * 10:,} values) in {t1 - t0:.2f} s "
          f"({(t1 - t0) / n * 1e6:.1f} µs per series); summarise+warnings(20k) {t2 - t1:.2f} s; "
          f"{len(s)} groups, {len(w)} warnings")
    r0 = time.perf_counter()
    reason = results[0].reason
    print(f"one reason: {(time.perf_counter() - r0) * 1e6:.0f} µs: {reason}")
    return t1 - t0


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
