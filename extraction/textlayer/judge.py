"""Is a page's PDF text layer worth reading instead of OCR? Enough characters, and plausible ones.

A broken font encoding or a bad OCR layer shows as private-use glyphs, replacement characters,
characters PDFium could not map, or a mix of Latin-1 and symbols where a Chinese form has CJK
text, ASCII and punctuation.
"""

from __future__ import annotations

from extraction.load import PageChars

MIN_CHARS = 20  # a page with fewer printable characters has no text layer worth the name
MIN_GOOD_SHARE = 0.9
MAX_UNMAPPED_SHARE = 0.01

_GOOD_RANGES = (
    (0x21, 0x7E),  # ASCII
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF01, 0xFF5E),  # full-width forms
    (0x2010, 0x206F),  # general punctuation
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ)
    (0x2200, 0x22FF),  # mathematical operators (≥ ≤)
    (0x2460, 0x24FF),  # enclosed numbers (①)
    (0x25A0, 0x25FF),  # geometric shapes (□ ■ ○)
)
_GOOD_LATIN1 = frozenset("°±×÷·")


def _good(char: str) -> bool:
    code = ord(char)
    return char in _GOOD_LATIN1 or any(lo <= code <= hi for lo, hi in _GOOD_RANGES)


def _bad(char: str) -> bool:
    code = ord(char)
    return char == "\ufffd" or 0xE000 <= code <= 0xF8FF or code >= 0xF0000 or code < 0x20


def is_plausible(chars: PageChars | None) -> bool:
    """True when the text layer can stand in for OCR on this page."""
    if chars is None:
        return False
    printable = [c for c in chars.text if not c.isspace()]
    if len(printable) < MIN_CHARS:
        return False
    if any(_bad(c) for c in printable) or chars.unmapped > MAX_UNMAPPED_SHARE * len(printable):
        return False
    good = sum(1 for c in printable if _good(c))
    return good >= MIN_GOOD_SHARE * len(printable)
