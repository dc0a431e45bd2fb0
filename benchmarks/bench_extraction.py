"""Speed of the extractor end to end: the five seed plans, repeated to at least 1 MB of text.

usage: .venv/bin/python benchmarks/bench_extraction.py [MIN_MB]

Reads every seed once, then times extract_text (normalising, script detection, structure,
grammar, evidence) over the texts until MIN_MB (default 2) megabytes of UTF-8 plan text
have gone through, on one core, and prints MB/s of wall time and of CPU time (on a
machine shared with other work the CPU figure is the one to compare).  Then the same for
one plan in traditional characters (the first seed through OpenCC's s2t), which is
converted back before it is read.
"""
from __future__ import annotations

import glob
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from lianggang.extraction import extract_text  # noqa: E402

SHARED = os.environ.get("LIANGGANG_SHARED", "/work/shared")


def main(argv: list[str]) -> None:
    min_mb = float(argv[0]) if argv else 2.0
    texts = [(os.path.basename(p), open(p, encoding="utf-8").read()) for p in sorted(glob.glob(f"{SHARED}/seeds/*.txt"))]
    if not texts:
        sys.exit(f"no seeds under {SHARED}/seeds")
    print("seeds:      " + run(texts, min_mb))
    import opencc

    traditional = [(f"traditional {texts[0][0]}", opencc.OpenCC("s2t").convert(texts[0][1]))]
    print("traditional: " + run(traditional, min_mb / 2))


def run(texts: list[tuple[str, str]], min_mb: float) -> str:
    done, rounds, targets = 0, 0, 0
    started, cpu = time.perf_counter(), time.process_time()
    while done < min_mb * 1_000_000:
        for name, text in texts:
            doc = extract_text(text, name).document
            targets += sum(len(i["targets"]) for p in doc["plans"] for d in p["domains"] for i in d["goals"] + d["measures"])
            done += len(text.encode("utf-8"))
        rounds += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return (f"{len(texts)} × {rounds} rounds = {done / 1e6:.2f} MB in {elapsed:.2f} s: {done / 1e6 / elapsed:.2f} MB/s "
            f"wall, {done / 1e6 / cpu:.2f} MB/s CPU ({targets // rounds} targets per round)")

if __name__ == "__main__":
    main(sys.argv[1:])
