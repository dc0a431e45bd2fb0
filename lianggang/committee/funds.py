"""The funding minimums a plan states (pure): 盟级每年不少于20万元，旗区级不少于5万元; 年均经费盟级20万元以上.

Each phrase is a level word, 级, optionally 每年, and either a minimum word and an amount in 万元
or an amount in 万元 followed by 以上; a level
word names one level of the region tree (盟/市/州 → city, 旗/县/区 → county …)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

#: level words of plans → RegionLevel codes (regions/models.py)
LEVEL_WORDS: dict[str, str] = {
    "省": "province", "自治区": "province", "省级": "province",
    "市": "city", "盟": "city", "州": "city", "地市": "city", "设区市": "city",
    "县": "county", "旗": "county", "区": "county", "旗区": "county", "旗县区": "county", "县区": "county",
    "县市区": "county", "旗县": "county", "县（市、区）": "county", "旗（县、区）": "county",
    "乡镇": "township", "苏木乡镇": "township", "街道": "township", "乡镇（街道）": "township",
}
_LEVELS = "|".join(sorted((re.escape(w) for w in LEVEL_WORDS), key=len, reverse=True))
_AMOUNT = r"(?P<amount>\d+(?:\.\d+)?)万元"
# 盟级每年不少于20万元 · 市级财政每年安排工作经费不低于30万元 · (年均经费)盟级20万元以上
PHRASE = re.compile(rf"(?P<level>{_LEVELS})级(?:财政)?(?:每年|年均|每年度)?(?:安排)?(?:工作)?(?:经费)?"
                    rf"(?:(?:不少于|不低于|至少|不得少于){_AMOUNT}|{_AMOUNT.replace('amount', 'amount2')}(?:及?以上))")


@dataclass(frozen=True)
class StatedMinimum:
    level: str          # RegionLevel code
    amount: Decimal     # 万元 a year
    text: str           # the phrase as written


def find_minimums(text: str) -> list[StatedMinimum]:
    """Every level's stated yearly minimum in `text`, in order, the first statement of a level kept."""
    found: dict[str, StatedMinimum] = {}
    for m in PHRASE.finditer(text or ""):
        level = LEVEL_WORDS[m.group("level")]
        amount = m.group("amount") or m.group("amount2")
        found.setdefault(level, StatedMinimum(level, Decimal(amount), m.group(0)))
    return list(found.values())
