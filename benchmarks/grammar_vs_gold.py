"""Measure the target grammar against the hand-made gold extractions.

usage: .venv/bin/python benchmarks/grammar_vs_gold.py [--misses] [--speed] [--official] [FILE-SUBSTRING]

For every goal and measure of shared/gold/*.json, runs find_targets on its text
(parse_table_row for table rows `T…`), scores the predictions against that
item's gold targets with the scorer's own matching functions, and prints
quantitative and direction P/R/F1 per file.  --misses lists what was missed
and what was spurious, item by item.  --official also scores each file with
the scorer's own score() on a document that keeps the gold structure and
carries the predicted targets (plan-level matching, as the pipeline will be).
"""
from __future__ import annotations

import glob
import importlib.util
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from lianggang.extraction.grammar import find_targets, parse_table_row  # noqa: E402

SHARED = os.environ.get("LIANGGANG_SHARED", "/work/shared")
_spec = importlib.util.spec_from_file_location("score_extraction", f"{SHARED}/tools/score_extraction.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)


def predict(item: dict, end_year: int | None) -> list[dict]:
    if item["code"].startswith("T"):
        cells = [c.strip() for c in item["text"].split("|")]
        return [f.target for f in parse_table_row(cells[2], cells[-1])]
    return [f.target for f in find_targets(item["text"], plan_end_year=end_year)]


def items(doc: dict):
    for plan in doc["plans"]:
        for domain in plan["domains"]:
            for section in ("goals", "measures"):
                for item in domain.get(section, []):
                    yield plan, item


def main(argv: list[str]) -> None:
    show = "--misses" in argv
    pick = [a for a in argv if not a.startswith("--")]
    worst = {}
    for path in sorted(glob.glob(f"{SHARED}/gold/*.json")):
        if pick and not any(p in path for p in pick):
            continue
        doc = json.load(open(path, encoding="utf-8"))
        totals = {"quantitative": [0, 0, 0], "direction": [0, 0, 0]}
        lines = []
        for plan, item in items(doc):
            pred = predict(item, plan["period"]["end"])
            for name, kinds in (("quantitative", score.QUANTITATIVE), ("direction", ("direction",))):
                gs = [t for t in item["targets"] if t.get("kind") in kinds]
                ps = [t for t in pred if t.get("kind") in kinds]
                found = score.match(gs, ps, lambda g, p: score.key_matches(g, p)
                                    and score.similar(g.get("indicator"), p.get("indicator")))
                totals[name][0] += len(found)
                totals[name][1] += len(ps)
                totals[name][2] += len(gs)
                hit_g = {g for g, _ in found}
                hit_p = {p for _, p in found}
                miss = [("MISS", t) for i, t in enumerate(gs) if i not in hit_g]
                miss += [("SPUR", t) for i, t in enumerate(ps) if i not in hit_p]
                if miss:
                    lines.append(f"  [{item['code']}] {item['text'][:160]}")
                    lines += [f"      {w} {json.dumps(t, ensure_ascii=False)}" for w, t in miss]
        if "--official" in argv:
            pred_doc = json.loads(json.dumps(doc))
            for plan, item in items(pred_doc):
                item["targets"] = predict(item, plan["period"]["end"])
            result, _ = score.score(doc, pred_doc)
            print("official", os.path.basename(path), {k: result[k]["f1"] for k in ("quantitative", "direction")})
        name = os.path.basename(path)
        out = [name]
        for k, v in totals.items():
            r = score.prf(*v)
            worst[(name, k)] = r["f1"]
            out.append(f"{k[:5]} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                       f"(tp {r['tp']}/{r['predicted']}p/{r['gold']}g)")
        print("  ".join(out))
        if show:
            print("\n".join(lines))
    if "--speed" in argv:
        text = "".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob(f"{SHARED}/seeds/*.txt")))
        paras = text.split("\n")
        t0 = time.process_time()  # CPU time: the tree is shared, wall time is noisy
        for para in paras:
            find_targets(para)
        dt = time.process_time() - t0
        mb = len(text.encode("utf-8")) / 1e6
        print(f"speed: {mb:.2f} MB in {dt:.2f} s = {mb / dt:.2f} MB/s")


if __name__ == "__main__":
    main(sys.argv[1:])
