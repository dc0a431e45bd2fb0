"""The script a plan is written in: traditional characters read as simplified, romanisation noise out.

    script  := simplified | traditional          told by how much OpenCC's t2s changes
    noise   := '(' pinyin ')' after a Han character   服務(wù) → 服務, 生長(cháng) → 生長

Both keep offsets: the conversion is one character for one (a phrase that converts to another
length is converted character by character instead), and the noise is dropped by the normaliser
the way it drops spaces, so every normalised character still comes from one original character.
"""
from __future__ import annotations

import re
from functools import lru_cache

# A text is traditional when t2s changes this share of its Han characters: a simplified text has
# a few characters OpenCC would still touch (乾, 著 in names), a traditional one has many.
TRADITIONAL_SHARE = 0.03
_HAN = re.compile(r"[\u4e00-\u9fff]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# Romanisation in brackets right after a Han character: pinyin with a tone mark or tone digit
# (wù, cháng, fu2), one or a few syllables.  (HPV), (%) and (1/10万) are no pinyin.
PINYIN_NOISE = re.compile(
    rf"(?<=[\u4e00-\u9fff])[ \u3000]*[(（]\s*(?=[a-z{_TONED}' ]*(?:[{_TONED}]|[a-z][1-5]))"
    rf"[a-z{_TONED}]+[1-5]?(?:[ ']+[a-z{_TONED}]+[1-5]?){{0,3}}\s*[)）]")


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:  # pragma: no cover - a pinned dependency; without it traditional text is read as is
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str | None:
    """The text in simplified characters, same length, when it is written in traditional ones; else None."""
    converter = _converter()
    sample = "".join(_HAN.findall(text[:20_000]))  # the script is told by a sample: cheap on large files
    if converter is None or not sample:
        return None
    if sum(map(str.__ne__, sample, _same_length(converter, sample))) < TRADITIONAL_SHARE * len(sample):
        return None
    converted = converter.convert(text)
    if len(converted) != len(text):
        converted = "\n".join(_same_length(converter, line) for line in text.split("\n"))
    return converted


def _same_length(converter, line: str) -> str:
    """A line converted whole when that keeps its length, else character by character."""
    whole = converter.convert(line)
    if len(whole) == len(line):
        return whole
    out = []
    for ch in line:
        one = converter.convert(ch)
        out.append(one if len(one) == 1 else ch)
    return "".join(out)
