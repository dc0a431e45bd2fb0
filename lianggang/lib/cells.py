"""The disaggregations a value is kept by: sex, town/country (and a free age group).

The one table of their codes, the Chinese words files and reports write, the English
words, and the words an upload may use for them. The Django choices (monitoring.models
Sex, Area), the validation rules, the Excel form, the tidy files and the pages all read
it here. Pure Python: the words are marked for the catalogue with `gettext_noop` (an
identity that Django's makemessages collects) and translated where they are shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


def gettext_noop(text: str) -> str:
    """Marks a word for the English catalogue; the caller translates it where it is shown."""
    return text


TOTAL = "total"   # the headline cell of either dimension: 合计


@dataclass(frozen=True)
class Word:
    code: str               # stored in Value.sex / Value.area and written by the API
    name: str               # the Chinese word files, reports and the catalogue's msgid use
    aliases: tuple[str, ...] = ()   # other words an upload may use (lower-case for Latin ones)


@dataclass(frozen=True)
class Dimension:
    code: str               # "sex" or "area": the Value field
    name: str               # 性别 / 城乡
    words: tuple[Word, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(w.code for w in self.words)

    @cached_property
    def names(self) -> dict[str, str]:
        """code → the Chinese word (合计, 女, 男)."""
        return {w.code: w.name for w in self.words}

    @cached_property
    def reading(self) -> dict[str, str]:
        """Every word an upload may use (an empty cell is the total) → code."""
        out = {"": TOTAL}
        for w in self.words:
            for word in (w.code, w.name, *w.aliases):
                out[word] = w.code
        return out

    def read(self, text: str) -> str | None:
        """The code a cell's text names (surrounding spaces and case ignored), or None."""
        code = self.reading.get(text)   # the common case: one lookup
        return code if code is not None else self.reading.get(text.strip().lower())

    def expected(self) -> str:
        """合计、女 或 男: the words a message asks for."""
        names = [w.name for w in self.words]
        return "、".join(names[:-1]) + " 或 " + names[-1]


_TOTAL_ALIASES = ("总计", "全部", "小计")

SEX = Dimension("sex", gettext_noop("性别"), (
    Word(TOTAL, gettext_noop("合计"), _TOTAL_ALIASES),
    Word("female", gettext_noop("女"), ("女性", "f")),
    Word("male", gettext_noop("男"), ("男性", "m")),
))
AREA = Dimension("area", gettext_noop("城乡"), (
    Word(TOTAL, gettext_noop("合计"), _TOTAL_ALIASES),
    Word("urban", gettext_noop("城镇"), ("城市",)),
    Word("rural", gettext_noop("乡村"), ("农村",)),
))
DIMENSIONS = (SEX, AREA)
#: The order cells are listed in: the total first, then as the table above names them.
ORDER = {w.code: i for dimension in DIMENSIONS for i, w in enumerate(dimension.words)}


def is_headline(sex: str, area: str, age_group: str = "") -> bool:
    """The cell a target is judged on and a report prints first: 合计, 合计, all ages."""
    return sex == TOTAL and area == TOTAL and not age_group


def cells_of(by_sex: bool, by_area: bool, age_groups: tuple[str, ...] | list[str] = ()) -> list[tuple[str, str, str]]:
    """The (sex, area, age group) cells an indicator is kept in, headline first: the total, each sex,
    each area, each age group (disaggregations are not crossed)."""
    cells = [(TOTAL, TOTAL, "")]
    if by_sex:
        cells += [(w.code, TOTAL, "") for w in SEX.words if w.code != TOTAL]
    if by_area:
        cells += [(TOTAL, w.code, "") for w in AREA.words if w.code != TOTAL]
    cells += [(TOTAL, TOTAL, age) for age in age_groups or ()]
    return cells


def chinese_cell(sex: str, area: str, age_group: str = "") -> str:
    """A cell as files and reports name it: 女, 城镇, 15—49岁; 合计 for the headline cell."""
    parts = [SEX.names[sex] if sex != TOTAL else "", AREA.names[area] if area != TOTAL else "", age_group]
    return " ".join(p for p in parts if p) or SEX.names[TOTAL]
