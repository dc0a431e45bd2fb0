"""Recognising the same indicator across plans despite small differences of wording.

Plans write 5岁以下儿童死亡率 and 五岁以下儿童死亡率, 村委会成员中女性比例 and
村民委员会成员中女性比例. We compare names after normalising them (width, digits,
punctuation, the particle 的) against each standard name and its aliases:
equal → matched; very similar (character-bigram Dice ≥ MATCH_THRESHOLD, units
agreeing) → matched as a guess a person can correct; else the indicator stays
plan-local until someone maps it in the admin.

The same file carries each indicator's explanation (definition, method, data source), how a
region's value follows from its sub-regions' (rollup, numerator, denominator, scale) and
figures for plausible sample data: docs/catalogue.md describes every column.
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
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


# How a region's value follows from its sub-regions' (issue 16, roll-up): counts add up ("sum"),
# a rate is the ratio of the summed numerator and denominator ("ratio"), and a value that is
# neither — life expectancy, a survey estimate, a congress's share — is not derived ("none").
ROLLUPS = ("none", "sum", "ratio")


@dataclass(frozen=True)
class CatalogueEntry:
    """One standard indicator and its explanation (指标解释); docs/catalogue.md says what each field means."""
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
    definition: str = ""            # 指标定义
    method: str = ""                # 计算方法: 分子/分母×100%
    data_source: str = ""           # 数据来源: the department's statistical system
    rollup: str = "none"            # one of ROLLUPS
    numerator: str = ""             # the counts a "ratio" indicator is computed from
    denominator: str = ""
    scale: int | None = None        # value = numerator / denominator × scale (100 for %, 1000 for ‰ …)
    # For plausible sample data: a national value around 2021–2024 (a typical county's for counts),
    # the spread between counties (one standard deviation, in the unit), and the usual
    # female/male and urban/rural ratios where the indicator is collected so.
    typical: Decimal | None = None
    spread: Decimal | None = None
    female_male: Decimal | None = None
    urban_rural: Decimal | None = None


class CatalogueError(ValueError):
    """A malformed row of the catalogue file, said where and what."""


def _decimal(row: dict, field: str, where: str) -> Decimal | None:
    text = (row.get(field) or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CatalogueError(f"{where}，{field}：“{text}”不是数值") from None


def _entry(row: dict, where: str) -> CatalogueEntry:
    rollup = (row.get("rollup") or "none").strip()
    if rollup not in ROLLUPS:
        raise CatalogueError(f"{where}，rollup：“{rollup}”应为 {' / '.join(ROLLUPS)} 之一")
    scale = _decimal(row, "scale", where)
    return CatalogueEntry(
        row["code"], row["subject"], row["domain"], row["name"], row["unit"], row["better"],
        row["department"], row["by_sex"] == "1", row["by_area"] == "1",
        tuple(a for a in row["aliases"].split("|") if a),
        definition=row.get("definition") or "", method=row.get("method") or "",
        data_source=row.get("data_source") or "", rollup=rollup,
        numerator=row.get("numerator") or "", denominator=row.get("denominator") or "",
        scale=None if scale is None else int(scale),
        typical=_decimal(row, "typical", where), spread=_decimal(row, "spread", where),
        female_male=_decimal(row, "female_male", where), urban_rural=_decimal(row, "urban_rural", where))


def read_catalogue(path: Path = CATALOGUE_FILE) -> list[CatalogueEntry]:
    with path.open(encoding="utf-8") as fh:
        # Row numbers as a spreadsheet shows them: the header is row 1.
        return [_entry(row, f"{path.name} 第{n}行（{row.get('code', '')}）")
                for n, row in enumerate(csv.DictReader(fh), start=2)]


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
