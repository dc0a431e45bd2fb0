"""Numbers as plans write them: Arabic digits, Chinese numerals, fractions, ratios.

    number    := arabic | chinese | fraction | ratio
    arabic    := DIGITS ('.' DIGITS)?
    chinese   := CN_DIGIT+ (with 十/百/千/万 as multipliers: 十二, 二十, 一百五十)
    fraction  := chinese '分之' chinese      (三分之一 → 33.33, a percentage; 千分之五 → 5, per mille)
               | arabic '/' arabic           (1/3 → 33.33; but 12/10万 is a rate, not a fraction)
    ratio     := arabic ':' arabic            (kept as the string "1:3")
    tenths    := CN_DIGIT '成' '半'?               (九成 → 90, a percentage; 八成半 → 85)
"""
from __future__ import annotations

import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_MULTIPLIERS)

ARABIC = r"\d+(?:\.\d+)?"
CHINESE = f"[{CN_CHARS}]+"
# Regex sources, reused by the grammar.
NUMBER_PATTERNS = {
    "ratio": rf"\d+(?:\.\d+)?\s*[:：]\s*\d+(?:\.\d+)?",
    "fraction": rf"(?:{CHINESE}|\d+)分之(?:{CHINESE}|\d+)",
    "slash": r"\d+/(?!10万|十万|100000)\d+(?![\d万])",
    "tenths": r"[一二三四五六七八九]成半?(?=以上|以下|以内|左右|的|[，,。；;]|$)",
    "arabic": ARABIC,
    "chinese": CHINESE,
}
NUMBER_RE = re.compile("|".join(f"(?P<{k}>{v})" for k, v in NUMBER_PATTERNS.items()))


def chinese_to_int(text: str) -> int | None:
    """chinese := (CN_DIGIT? MULTIPLIER)* CN_DIGIT? — 十二 → 12, 两 → 2, 一百零五 → 105."""
    if not text or any(ch not in CN_DIGITS and ch not in CN_MULTIPLIERS for ch in text):
        return None
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:  # 二〇二五: digit by digit
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            mult = CN_MULTIPLIERS[ch]
            if mult == 10000:
                total = (total + section + (digit or 0)) * mult
                section = 0
            else:
                section += (1 if digit is None else digit) * mult
            digit = None
    return total + section + (digit or 0)


def _plain(text: str) -> float | int | None:
    if re.fullmatch(ARABIC, text):
        return float(text) if "." in text else int(text)
    return chinese_to_int(text)


def parse_number(text: str) -> float | int | str | None:
    """Value of one number token: 12 → 12, 3.0 → 3.0, 一 → 1, 三分之一 → 33.33 (a
    percentage), 1：3 → "1:3".  None when the text is no number."""
    text = text.strip()
    if is_tenths(text):
        return CN_DIGITS[text[0]] * 10 + (5 if text.endswith("半") else 0)
    if re.fullmatch(NUMBER_PATTERNS["ratio"], text):
        return re.sub(r"\s*[:：]\s*", ":", text)
    if "分之" in text or re.fullmatch(NUMBER_PATTERNS["slash"], text):
        if "分之" in text:
            den, _, num = text.partition("分之")
        else:
            num, _, den = text.partition("/")
        d, n = _plain(den), _plain(num)
        if not d or n is None:
            return None
        if fraction_unit(text) == "‰":
            return n
        return round(100 * n / d, 2)
    return _plain(text)


def is_tenths(text: str) -> bool:
    """九成, 八成半: tenths, said in %."""
    return len(text) in (2, 3) and text[0] in CN_DIGITS and text[1] == "成" and text[2:] in ("", "半")


def is_fraction(text: str) -> bool:
    return "分之" in text or bool(re.fullmatch(NUMBER_PATTERNS["slash"], text))


def fraction_unit(text: str) -> str:
    """Unit of a fraction's value: 千分之五 is written in ‰, every other fraction in %."""
    return "‰" if text.startswith("千分之") else "%"


def split_run(text: str, count: int) -> list[float] | None:
    """Split numbers that lost their separators: '3.05.06.0' → [3.0, 5.0, 6.0].

    run := (DIGITS '.' DIGIT)+ — each number keeps one decimal, which is how the
    merged values of a damaged 分别 list come apart unambiguously."""
    parts = re.findall(r"\d+\.\d", text)
    if len(parts) == count and "".join(parts) == text:
        return [float(p) for p in parts]
    return None
