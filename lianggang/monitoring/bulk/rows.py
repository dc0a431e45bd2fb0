"""What a load carries from the parser to a writer: rows as plain tuples, and which optional columns the file had."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lianggang.monitoring.models import FLAG_CODES, ChangeAction, ValueState, flag_fields
from lianggang.monitoring.tabular import RawTable

LOADED = ChangeAction.LOADED.value   # a plain str: written into COPY rows
LOADABLE_STATES = (ValueState.DRAFT, ValueState.APPROVED)
MIN_YEAR = 1949
MAX_PROBLEMS = 100_000  # a file this broken is reported in part; nothing is saved either way


NO_FLAGS: frozenset[str] = frozenset()


class Batch(list):
    """Values to write: tuples (line, indicator_id, region_id, year, sex, area, age_group, value, unit, note,
    source, flags) — flags the frozenset of flag codes that are on (one shared object per distinct set).

    Tuples in a list, not objects: a million of them must be cheap."""

    def add(self, line: int, indicator_id: int, region_id: int, year: int, sex: str, area: str, age: str,
            value: Decimal, unit: str, note: str, source: str = "", flags: frozenset[str] = NO_FLAGS) -> None:
        self.append((line, indicator_id, region_id, year, sex, area, age, value, unit, note, source, flags))


@dataclass(frozen=True)
class GivenColumns:
    """Which optional columns a load's file has: those it has replace the stored source and flags
    (an empty cell clears them); those it lacks leave them as they are."""
    source: bool = False
    flags: bool = False

    @classmethod
    def of(cls, table: RawTable) -> "GivenColumns":
        return cls(source="source" in table.columns, flags="flags" in table.columns)


# A load holds a few distinct sets of flags: each one's fields are made once (read, never changed).
cached_flag_fields = lru_cache(maxsize=None)(flag_fields)


@lru_cache(maxsize=None)
def flags_copy_text(flags: frozenset[str]) -> str:
    return "\t".join("t" if code in flags else "f" for code in FLAG_CODES)


@dataclass
class LoadResult:
    rows: int
    created: int
    updated: int
