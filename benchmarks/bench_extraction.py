"""Speed of the extractor end to end: the five seed plans, repeated to at least 1 MB of text.

usage: .venv/bin/python benchmarks/bench_extraction.py [MIN_MB]

Reads every seed once, then times extract_text (normalising, structure, grammar,
evidence) over the texts until MIN_MB (default 2) megabytes of UTF-8 plan text
have gone through, on one core, and prints MB/s.
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
    done, started, rounds, targets = 0, time.perf_counter(), 0, 0
    while done < min_mb * 1_000_000:
        for name, text in texts:
            doc = extract_text(text, name).document
            targets += sum(len(i["targets"]) for p in doc["plans"] for d in p["domains"] for i in d["goals"] + d["measures"])
            done += len(text.encode("utf-8"))
        rounds += 1
    elapsed = time.perf_counter() - started
    print(f"{len(texts)} seeds × {rounds} rounds = {done / 1e6:.2f} MB in {elapsed:.2f} s: "
          f"{done / 1e6 / elapsed:.2f} MB/s ({targets // rounds} targets per round)")


if __name__ == "__main__":
    main(sys.argv[1:])
