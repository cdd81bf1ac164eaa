"""Lines of the normalised text with their offsets, and small text helpers shared by the outline."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A space between two CJK characters (or CJK and a bracket) is a justification artefact.
_CJK = r"\u3400-\u9fff\uff08\uff09\u3001-\u3011\u201c\u201d\u300a\u300b\u3008\u3009"
_INNER_SPACE_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=\w)|(?<=\w)\s+(?=[{_CJK}])")
_TRAILING_PUNCT = "。，、；：:;,.！？!? \t"


@dataclass(frozen=True)
class Line:
    """One line of the normalised text: its number (0-based), offsets and text without the newline."""

    number: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        """The text without surrounding whitespace."""
        return self.text.strip()


def split_lines(text: str) -> list[Line]:
    """Every line of `text` with the offsets of its first character and of its end (newline excluded)."""
    lines: list[Line] = []
    start = 0
    for number, raw in enumerate(text.split("\n")):
        lines.append(Line(number, start, start + len(raw), raw))
        start += len(raw) + 1
    return lines


def squeeze(text: str) -> str:
    """`text` with the spaces that justification or OCR put between Chinese characters removed."""
    return _INNER_SPACE_RE.sub("", text.strip())


def strip_trailing_punct(text: str) -> str:
    """`text` without trailing punctuation and spaces."""
    return text.rstrip(_TRAILING_PUNCT)


def compact(text: str) -> str:
    """`text` with every space removed: for comparing titles across line breaks and OCR spacing."""
    return re.sub(r"\s+", "", text)
