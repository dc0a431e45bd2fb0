"""Turn the cells a filler posts into `monitoring.entry.Entry`s for the one entry path.

Only what the JSON itself must say is checked here (the indicator is one the round collects);
everything about the values is checked by `monitoring.entry`, as for the page and the Excel form.
"""
from __future__ import annotations

from dataclasses import dataclass

from lianggang.monitoring import rules
from lianggang.monitoring.entry import Entry
from lianggang.plans.models import Indicator


@dataclass
class BadEntry(Exception):
    message: str
    field: str
    index: int | None


def to_entries(rnd, rows: list[dict]) -> list[Entry]:
    """Rows as EntrySerializer validated them → Entries; raise BadEntry for the first unknown indicator."""
    if not rows:
        raise BadEntry("没有要保存的数据", "values", 0)
    wanted = {row["indicator"] for row in rows}
    indicators = {i.pk: i for i in Indicator.objects.filter(obligations__round=rnd, pk__in=wanted)}
    entries = []
    for index, row in enumerate(rows):
        indicator = indicators.get(row["indicator"])
        if indicator is None:
            raise BadEntry(f"本次年度监测没有编号为 {row['indicator']} 的指标", "indicator", index)
        # No version means "new": changing an existing value without saying which version was read
        # is refused as stale, rather than silently overwriting. Omitted source and flags are kept.
        flags = row.get("flags")
        entries.append(Entry(indicator, rules.Cell(row["sex"], row["area"], row["age_group"]), row["value"],
                             row["note"], row.get("source"), None if flags is None else frozenset(flags),
                             row.get("version") or 0))
    return entries
