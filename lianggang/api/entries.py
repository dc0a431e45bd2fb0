"""Turn the cells a filler posts into `monitoring.services.Entry`s, refusing the first bad one.

`enter_values` takes cells already validated; this checks them the way `enter_value` does
(the indicator belongs to the round's plan, the cell exists, the number is in range) and says
which row and field is wrong, in Chinese. Consistency between cells is checked on submit.
"""
from __future__ import annotations

from dataclasses import dataclass

from lianggang.monitoring import rules
from lianggang.monitoring.services import Entry, indicator_metas
from lianggang.plans.models import Indicator


@dataclass
class BadEntry(Exception):
    message: str
    field: str
    index: int


def _indicators(rnd, rows: list[dict]) -> dict[int, Indicator]:
    """The round plan's indicators named by the rows, read in one query."""
    wanted = {row["indicator"] for row in rows}
    return {i.pk: i for i in Indicator.objects.filter(plan_id=rnd.plan_id, pk__in=wanted)}


def to_entries(rnd, rows: list[dict]) -> list[Entry]:
    """Rows as EntrySerializer validated them → Entries; raise BadEntry for the first refused row."""
    if not rows:
        raise BadEntry("没有要保存的数据", "values", 0)
    indicators = _indicators(rnd, rows)
    seen: set[tuple] = set()
    entries = []
    for index, row in enumerate(rows):
        indicator = indicators.get(row["indicator"])
        if indicator is None:
            raise BadEntry(f"本次年度监测的纲要中没有编号为 {row['indicator']} 的指标", "indicator", index)
        cell = rules.Cell(row["sex"], row["area"], row["age_group"])
        key = (indicator.pk, cell)
        if key in seen:
            raise BadEntry(f"“{indicator.name}”的同一分组填报了两次", "indicator", index)
        seen.add(key)
        errors = [f for f in rules.validate_cell(indicator_metas([indicator])[indicator.pk], cell, row["value"]) if f.blocking]
        if errors:
            raise BadEntry(f"{indicator.name}：{errors[0].message}", errors[0].field, index)
        # No version means "new": changing an existing value without saying which version was read
        # is refused as stale, as enter_value does, rather than silently overwriting.
        version = row.get("version") or 0
        flags = row.get("flags")   # omitted: the stored flags are kept, as the stored source is
        entries.append(Entry(indicator, cell, rules.parse_number(row["value"]), row["note"], version,
                             source=row.get("source"), flags=None if flags is None else frozenset(flags)))
    return entries
