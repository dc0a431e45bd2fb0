"""Indicator-table rows: (indicator cell, target cell) → targets.

    row         := indicator-cell target-cell
    indicator-cell := name ('(' unit ')')?
"""
from __future__ import annotations

import re

from . import grammar_phrase as ph
from . import lexicon as lx
from .grammar import find_targets
from .grammar_constructions import op_of
from .grammar_types import FoundTarget, ordered as _ordered
from .numbers import parse_number

_CELL_UNIT_RE = re.compile(r"^(?P<name>.*?)\s*[（(](?P<unit>[^()（）]{1,8})[)）]\s*$")
_CELL_SPLIT_RE = re.compile(r"[^，,；;、]+")
_CELL_VALUE_RE = re.compile(
    r"^(?P<cond>[^\d<>≥≤＞＜=]*?)(?P<pre>≥|≤|>=|<=|>|<|＞|＜|="
    + "|" + "|".join(sorted((k for k in lx.PRE_OPS if len(k) > 1), key=len, reverse=True)) + r")?\s*"
    r"(?P<val>\d+(?:\.\d+)?(?:\s*[:：]\s*\d+(?:\.\d+)?)?)\s*(?P<unit>%|％|‰|/10万|" + "|".join(
        sorted(lx.UNITS, key=len, reverse=True)) + r")?\s*(?P<post>" + "|".join(lx.POST_OPS) + r")?[。.]?$")
_EMPTY_CELL = {"", "-", "—", "/", "－", "--", "——", "—/—"}


def _cell_name(indicator_cell: str) -> tuple[str, str]:
    """indicator-cell := name ('(' unit ')')? — 孕产妇死亡率(1/10万) → (孕产妇死亡率, 1/10万)."""
    name, unit = indicator_cell.strip(), ""
    um = _CELL_UNIT_RE.match(name)
    if um and (um.group("unit") in lx.UNITS or um.group("unit") in lx.UNITS.values()):
        name, unit = um.group("name"), lx.UNITS.get(um.group("unit"), um.group("unit"))
    return name, unit


def parse_row(indicator_cell: str, target_cell: str) -> list[FoundTarget]:
    """row := indicator-cell target-cell
    target-cell := segment (，segment)*
    segment     := condition? OP? VALUE UNIT? POST?        (≥95, <7, 换届后当年达到100%)
                 | sentence about the indicator              (延长, 逐年降低, 全覆盖, 较2020年提高5个百分点)
    A bare value is >=; a condition before it becomes the note; the unit comes
    from the cell when the value has none.  Offsets are into target_cell."""
    target_cell = target_cell.translate(lx.WIDE_TO_NARROW)  # offsets stay valid
    name, unit = _cell_name(indicator_cell)
    if target_cell.strip() in _EMPTY_CELL:
        return []
    out: list[FoundTarget] = []
    for seg in _CELL_SPLIT_RE.finditer(target_cell):
        part = seg.group().strip()
        vm = _CELL_VALUE_RE.match(part)
        if vm:
            value = parse_number(vm.group("val"))
            t_unit = lx.UNITS.get(vm.group("unit") or "", unit) if vm.group("unit") else unit
            if isinstance(value, str):
                t_unit = "ratio"
            pre = vm.group("pre")
            op = "=" if pre == "=" else op_of(pre if pre in lx.PRE_OPS else None, vm.group("post"))
            t = {"indicator": name, "kind": "threshold", "op": op, "value": value, "unit": t_unit}
            cond, _ = ph.clean(vm.group("cond"))
            if cond:
                t["note"] = cond
            out.append(FoundTarget(_ordered(t), seg.start(), seg.end()))
            continue
        # Anything else is read as a sentence whose subject is the indicator.
        for f in find_targets(name + part):
            t = dict(f.target, indicator=name)
            if t["kind"] == "threshold" and not t.get("unit") and unit:
                t["unit"] = unit
            if t["kind"] == "direction" and t.get("note") not in lx.NOTE_ADVERBS:
                t.pop("note", None)
            out.append(FoundTarget(_ordered(t), seg.start(), seg.end(), f.review))
    return out
