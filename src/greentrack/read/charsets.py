"""Decode the bytes of a text file: detect the encoding, never guess blindly.

Order of evidence: a byte-order mark; the NUL-byte pattern of UTF-16 without a BOM; strict
UTF-8; strict GB18030; UTF-16 without NULs; charset-normalizer's best guess. Every decoding
but a BOM or strict UTF-8 must also *look like* text (mostly common characters, few control
characters), because GB18030 and UTF-16 accept many byte strings that are not text at all.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from greentrack.errors import UndecodableText

# (byte-order mark, codec of the bytes after it, the encoding's name as reported)
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)
# Control characters that real text files contain.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1a")
# Control characters no text file contains: C0 but those above, DEL and C1.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
# More control characters than this share means binary data, whatever the decoding.
MAX_CONTROL_SHARE = 0.02
# A guessed decoding is believed only when at least this share of its characters is common.
MIN_COMMON_SHARE = 0.9
# Share of NUL bytes on one parity (and almost none on the other) that marks UTF-16 without BOM.
_UTF16_NUL_SHARE = 0.005


def control_share(text: str) -> float:
    """Share of characters that are control characters no text file contains."""
    if not text:
        return 0.0
    return len(_CONTROL_RE.findall(text)) / len(text)


def _is_common(ch: str) -> bool:
    """Whether `ch` is printable ASCII, a line break, or a character of GB2312 (common Chinese)."""
    if " " <= ch <= "~" or ch in _TEXT_CONTROLS:
        return True
    if ord(ch) < 0x80:
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def common_share(text: str) -> float:
    """Share of non-blank characters that are common in Chinese documents (see `_is_common`)."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 1.0
    return sum(1 for ch in chars if _is_common(ch)) / len(chars)


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order suggested by NUL bytes on one parity only, or None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) / 2
    if odd_nuls / half >= _UTF16_NUL_SHARE and even_nuls <= odd_nuls / 20:
        return "utf-16-le"
    if even_nuls / half >= _UTF16_NUL_SHARE and odd_nuls <= even_nuls / 20:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _plausible(text: str) -> bool:
    """Whether a guessed decoding reads like text rather than decoded noise."""
    return control_share(text) <= MAX_CONTROL_SHARE and common_share(text) >= MIN_COMMON_SHARE


def _guesses(data: bytes) -> list[str]:
    """Encodings that need the plausibility check, in order of trust."""
    order = _utf16_without_bom(data)
    candidates: list[str] = [order] if order else []
    candidates.append("gb18030")
    if not order and len(data) % 2 == 0:
        candidates += ["utf-16-le", "utf-16-be"]
    best = from_bytes(data).best()
    if best is not None and best.encoding not in candidates:
        candidates.append(best.encoding)
    return candidates


def decode_bytes(data: bytes, path: Path | str) -> tuple[str, str]:
    """Text and encoding label of `data`, or UndecodableText naming `path` and the reason."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec)
            if text is None:
                raise UndecodableText(path, f"starts with a {codec} byte-order mark but is not valid "
                                            f"{codec} — re-save it as UTF-8")
            return _checked(text, name, path)
    # UTF-8 is tried before the NUL test only when there are no NULs: ASCII-heavy UTF-16 is valid UTF-8.
    text = _strict(data, "utf-8") if _utf16_without_bom(data) is None else None
    if text is not None:
        return _checked(text, "utf-8", path)
    for encoding in _guesses(data):
        text = _strict(data, encoding)
        if text is not None and _plausible(text):
            return text, encoding
    raise UndecodableText(path, "not text in UTF-8, GB18030/GBK or UTF-16 (is it a binary file?) "
                                "— save it as UTF-8 text")


def _checked(text: str, label: str, path: Path | str) -> tuple[str, str]:
    """`text` unless it is mostly control characters (binary data that happens to decode)."""
    share = control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise UndecodableText(path, f"looks like binary data, not text ({share:.0%} control characters)")
    return text, label
