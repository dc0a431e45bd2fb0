"""Recognising the same indicator across plans despite small differences of wording.

Plans write 5岁以下儿童死亡率 and 五岁以下儿童死亡率, 村委会成员中女性比例 and
村民委员会成员中女性比例. We compare names after normalising them (width, digits,
punctuation, the particle 的) against each standard name and its aliases:
equal → matched; very similar (character-bigram Dice ≥ MATCH_THRESHOLD, units
agreeing) → matched as a guess a person can correct; else the indicator stays
plan-local until someone maps it in the admin.
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "standard_indicators.csv"
MATCH_THRESHOLD = 0.8
_DROP = set("，,、。；;：:（）()“”\"'《》 的")
_CN_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).translate(_CN_DIGITS)
    text = text.replace("~", "-").replace("～", "-").replace("—", "-")
    return "".join(ch for ch in text if ch not in _DROP and not ch.isspace())


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    subject: str
    domain: str
    name: str
    unit: str
    better: str
    department: str
    by_sex: bool
    by_area: bool
    aliases: tuple[str, ...]


def read_catalogue(path: Path = CATALOGUE_FILE) -> list[CatalogueEntry]:
    with path.open(encoding="utf-8") as fh:
        return [
            CatalogueEntry(row["code"], row["subject"], row["domain"], row["name"], row["unit"], row["better"],
                           row["department"], row["by_sex"] == "1", row["by_area"] == "1",
                           tuple(a for a in row["aliases"].split("|") if a))
            for row in csv.DictReader(fh)
        ]


class Matcher:
    """Finds the standard indicator a plan's indicator name stands for."""

    def __init__(self, entries: list[tuple[str, str, str, tuple[str, ...]]]):
        # entries: (key, name, unit, aliases); key is what match() returns
        self._exact: dict[str, str] = {}
        self._names: list[tuple[str, str, str]] = []  # (normalised, key, unit)
        for key, name, unit, aliases in entries:
            for written in (name, *aliases):
                norm = normalise_name(written)
                self._exact.setdefault(norm, key)
                self._names.append((norm, key, unit))

    def match(self, name: str, unit: str | None = None) -> tuple[str | None, bool]:
        """(key, exact) of the best standard indicator, or (None, False)."""
        norm = normalise_name(name)
        if norm in self._exact:
            return self._exact[norm], True
        best, best_score = None, 0.0
        for candidate, key, cand_unit in self._names:
            if unit and cand_unit and unit != cand_unit:
                continue
            score = dice(norm, candidate)
            if score > best_score:
                best, best_score = key, score
        return (best, False) if best_score >= MATCH_THRESHOLD else (None, False)
