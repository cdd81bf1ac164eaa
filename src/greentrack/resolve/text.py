"""Text matching shared by the resolvers: phrase normalisation, character bigrams, similarity."""

from __future__ import annotations

import re
import unicodedata

_ROMAN = str.maketrans({"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V"})
_DROP = re.compile(r"[\s“”\"'‘’《》〈〉「」『』*·•]+")
_BRACKETED_UNIT = re.compile(r"[（(][^（）()]{0,12}[）)]$")
_NUMBER_PERCENT = re.compile(r"\d+(?:\.\d+)?%")
# scope words that narrow where a number applies but do not change what is measured
_SCOPE = re.compile(r"^(?:全县|全市|全省|全区|全旗|全州|中心城区|主城区|县城|城区|城乡|城镇|城市)")


def normalise(phrase: str) -> str:
    """Width, quotes, spaces, a trailing "(unit)" and embedded "70%" thresholds removed; Roman numerals folded."""
    text = unicodedata.normalize("NFKC", phrase).translate(_ROMAN)
    text = _DROP.sub("", text)
    text = _BRACKETED_UNIT.sub("", text)
    text = _NUMBER_PERCENT.sub("", text)
    return text.upper()


def strip_scope(text: str) -> str:
    """The normalised phrase without a leading scope word (城镇生活垃圾… → 生活垃圾…); unchanged if too short."""
    stripped = _SCOPE.sub("", text)
    return stripped if len(stripped) >= 3 else text


def bigrams(text: str) -> set[str]:
    """The set of adjacent character pairs (a single character counts as itself)."""
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(first: str, second: str) -> float:
    """Dice coefficient of the two strings' bigram sets, 0 … 1."""
    a, b = bigrams(first), bigrams(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similarity(phrase: str, name: str) -> tuple[float, str]:
    """Score of `phrase` against one catalog name, with how it matched: exact, contains or similar."""
    if not phrase or not name:
        return 0.0, "none"
    if phrase == name:
        return 1.0, "exact"
    if name in phrase or phrase in name:
        shorter, longer = sorted((len(phrase), len(name)))
        return 0.55 + 0.4 * shorter / longer, "contains"
    return 0.9 * dice(phrase, name), "similar"


def overlap(context: str, reference: set[str]) -> float:
    """Share of `reference` bigrams that occur in `context` (0 when either is empty)."""
    if not reference or not context:
        return 0.0
    return len(bigrams(context) & reference) / len(reference)
