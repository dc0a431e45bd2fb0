"""What lianggang knows about units: their kind, the values they allow, and how a number is written with one.

One table (UNITS) read by validation (the range a value must lie in, whole numbers for counts),
the Excel form's cell validation, the entry page's inline checks, the sample data, the
assessment's sentences and every page and report that prints a value (`format_value`).
Pure Python: no Django, so the cores use it too. To add a unit: add a row to UNITS and a case to
tests/lib/test_units.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Kind(StrEnum):
    PERCENT = "percent"     # a share of 100 (%)
    RATE = "rate"           # per 1,000 / 10,000 / 100,000
    POINTS = "points"       # a difference of two percentages (百分点)
    COUNT = "count"         # whole things: persons, schools, beds, cases
    AMOUNT = "amount"       # counts in large units (万人) or money: decimals allowed
    DURATION = "duration"   # ages, years, hours, minutes
    RATIO = "ratio"         # 1:3 …
    OTHER = "other"         # a unit lianggang does not know, or none


@dataclass(frozen=True)
class Unit:
    """One unit: `code` as plans and values store it; `zh` / `en` what follows a number in each
    language; `low`–`high` the values it can hold (outside is impossible or implausible for any
    region: refused); `whole` when only whole numbers make sense; `places` the most decimals a
    value is printed with (the data's own precision below that: 95.3% stays 95.3%)."""
    code: str
    kind: Kind
    zh: str
    en: str
    low: Decimal | None = None
    high: Decimal | None = None
    whole: bool = False
    places: int = 2

    @property
    def is_rate(self) -> bool:
        """A level per hundred, thousand …: its changes are compared, its totals lie between the parts."""
        return self.kind in (Kind.PERCENT, Kind.RATE)

    @property
    def is_count(self) -> bool:
        """A number of things: its parts add up to the total."""
        return self.kind in (Kind.COUNT, Kind.AMOUNT) and self.code not in MONEY

    @property
    def change_unit(self) -> str:
        """The unit a difference of two values is said in: 个百分点 for percentages, else itself."""
        return "百分点" if self.kind is Kind.PERCENT else self.code


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _count(code: str, en: str = "") -> Unit:
    # Measure words (名, 家, 所 …) have no English counterpart: the number stands alone.
    return Unit(code, Kind.COUNT, code, en, Decimal(0), Decimal(10) ** 10, whole=True, places=0)


MONEY = ("元", "万元")
UNITS: dict[str, Unit] = {u.code: u for u in (
    Unit("%", Kind.PERCENT, "%", "%", _d("0"), _d("100")),
    Unit("‰", Kind.RATE, "‰", "‰", _d("0"), _d("1000")),
    Unit("1/1000", Kind.RATE, "‰", "‰", _d("0"), _d("1000")),
    Unit("1/万", Kind.RATE, "/万", " per 10,000", _d("0"), _d("10000")),
    Unit("1/10万", Kind.RATE, "/10万", " per 100,000", _d("0"), _d("100000")),
    Unit("百分点", Kind.POINTS, "个百分点", " percentage points", _d("-100"), _d("100")),
    Unit("岁", Kind.DURATION, "岁", " years", _d("0"), _d("150")),
    Unit("年", Kind.DURATION, "年", " years", _d("0"), _d("150")),
    Unit("天", Kind.DURATION, "天", " days", _d("0"), _d("366"), places=1),
    Unit("小时", Kind.DURATION, "小时", " hours", _d("0"), _d("8784"), places=1),
    Unit("分钟", Kind.DURATION, "分钟", " minutes", _d("0"), _d("527040"), places=0),
    *(_count(code) for code in ("人", "名", "个", "所", "家", "次", "件", "户", "例", "张", "人次", "项", "起")),
    Unit("万人", Kind.AMOUNT, "万人", " ten thousand persons", _d("0"), _d("150000")),
    Unit("元", Kind.AMOUNT, "元", " yuan", _d("0"), _d("1e13")),
    Unit("万元", Kind.AMOUNT, "万元", " ten thousand yuan", _d("0"), _d("1e10")),
    Unit("ratio", Kind.RATIO, "", "", _d("0"), None),
)}
NONE = Unit("", Kind.OTHER, "", "", places=4)


def unit_of(code: str | None) -> Unit:
    """The unit stored as `code`; an unknown one is kept as written, with no bounds."""
    code = (code or "").strip()
    if code in UNITS:
        return UNITS[code]
    if code == "％":
        return UNITS["%"]
    return NONE if not code else Unit(code, Kind.OTHER, code, f" {code}", places=4)


def units_of(kind: Kind) -> frozenset[str]:
    return frozenset(code for code, u in UNITS.items() if u.kind is kind)


COUNT_UNITS = frozenset(code for code, u in UNITS.items() if u.is_count)
WHOLE_UNITS = frozenset(code for code, u in UNITS.items() if u.whole)
RATE_UNITS = frozenset(code for code, u in UNITS.items() if u.is_rate)


# -- writing numbers -----------------------------------------------------------------------

def decimals_of(value: float | Decimal, max_places: int = 4) -> int:
    """The number of decimal places the value actually carries (at most `max_places`)."""
    text = f"{float(value):.{max_places}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def format_number(value: float | Decimal | None, places: int | None = None) -> str:
    """12.0 → 12, 15.10 → 15.1, 0.125 → 0.125 (the data's own precision, at most 4 places); None → —."""
    if value is None:
        return "—"
    if places is None:
        places = decimals_of(value)
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return "0" if text.strip("-0.") == "" else text


def unit_text(unit: str | None, lang: str = "zh") -> str:
    """What follows a number of this unit: /10万, ‰, 个百分点, 岁; in English ' per 100,000', ' years'.
    For the pages' scripts, which write values as format_value does."""
    u = unit_of(unit)
    return u.en if lang == "en" else u.zh


def format_value(value: float | Decimal | str | None, unit: str | None, lang: str = "zh",
                 places: int | None = None) -> str:
    """A value with its unit, the one way lianggang writes one (pages, reports, tables, sentences).

    The official style of the statistical bulletins: the unit follows the number with no space and
    no brackets — 8.57/10万, 95.3%, 7.2‰, 31个, 78.5岁, 3.2个百分点; in English 8.57 per 100,000,
    95.3%, 31, 78.5 years. Decimals: the value's own, at most the unit's `places` (counts none,
    rates and percentages two), never a trailing .0 (31.0个 → 31个, 12.000 → 12). None → —."""
    if value is None or value == "":
        return "—"
    try:
        number_value = float(value)
    except (TypeError, ValueError):
        return str(value)
    u = unit_of(unit)
    if places is None:
        places = min(decimals_of(number_value), u.places)
        places = decimals_of(float(format_number(number_value, places)), places)   # 8.599 → 8.6, not 8.60
        if u.whole and number_value != int(number_value):
            places = decimals_of(number_value)       # a count with decimals is a data error: show it as it is
    number = format_number(number_value, places)
    if lang == "en":
        word = u.en
        if number == "1" and word.endswith("s"):
            word = word[:-1]              # 1 hour, 1 percentage point
        return number + word
    return number + u.zh
