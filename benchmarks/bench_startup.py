"""Start-up of the `lianggang` command against the work it does: `lianggang extract` of the
largest seed, and the extraction core alone on the same file, each as a whole process.

Target (issue 13): the command within 3 × the core's own time + 0.5 s.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs 7] [FILE]

The two are run in turn (command, core, command, core …) so that a machine whose speed
drifts slows both alike; each figure is the median wall time over --runs runs.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def largest_seed() -> Path:
    seeds = sorted((ROOT / "examples" / "seeds").glob("*.txt"), key=lambda p: p.stat().st_size)
    if not seeds:
        sys.exit(f"no seeds under {ROOT / 'examples' / 'seeds'}")
    return seeds[-1]


def wall(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=None, help="plan document (default: the largest seed)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    document = args.file or largest_seed()
    command = [str(BIN / "lianggang"), "extract", str(document)]
    core = [sys.executable, "-c", f"from lianggang.extraction import extract_file; extract_file({str(document)!r})"]
    wall(command), wall(core)   # warm the file cache and the .pyc files
    command_s, core_s = [], []
    for _ in range(args.runs):
        command_s.append(wall(command))
        core_s.append(wall(core))
    command_median, core_median = statistics.median(command_s), statistics.median(core_s)
    budget = 3 * core_median + 0.5
    print(f"{document.name} ({document.stat().st_size / 1000:.0f} kB), median of {args.runs} runs:")
    print(f"  lianggang extract   {command_median:.3f} s  (min {min(command_s):.3f}, max {max(command_s):.3f})")
    print(f"  extraction core     {core_median:.3f} s  (min {min(core_s):.3f}, max {max(core_s):.3f})")
    print(f"  ratio {command_median / core_median:.2f}; target ≤ 3 × core + 0.5 s = {budget:.3f} s: "
          f"{'met' if command_median <= budget else 'NOT met'}")


if __name__ == "__main__":
    main()
