"""The three committed subset fonts (Noto CJK SC, OFL) and how they are rebuilt.

Rendering reads only samplegen/fonts/*.otf, so neither the generator nor the tests need system
fonts; `python -m samplegen --subset-fonts` rebuilds the subsets from the system .ttc files when
the forms gain characters.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SYSTEM_DIR = Path("/usr/share/fonts/opentype/noto")
SC_INDEX = 2  # face index of "… CJK SC" inside the Noto CJK collections

# face name → (committed subset, system collection)
FACES: dict[str, tuple[str, str]] = {
    "song": ("NotoSerifCJKsc-Regular-subset.otf", "NotoSerifCJK-Regular.ttc"),
    "hei": ("NotoSansCJKsc-Regular-subset.otf", "NotoSansCJK-Regular.ttc"),
    "hei_bold": ("NotoSansCJKsc-Bold-subset.otf", "NotoSansCJK-Bold.ttc"),
}

# Always kept, whatever the forms say: ASCII, full-width forms of it, CJK punctuation, symbols.
BASE_CHARS = (
    string.printable.strip()
    + " "
    + "".join(chr(c) for c in range(0xFF01, 0xFF5F))
    + "　、。〈〉《》「」『』【】〔〕—…‘’“”·×÷≤≥≦≧﹦±℃㎡‰№★☆○●△□■※"
)


def font_path(face: str) -> Path:
    return FONT_DIR / FACES[face][0]


@cache
def font(face: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(face)), size)


@cache
def covered_chars(face: str) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(font_path(face)), lazy=True).getBestCmap()
    return frozenset(chr(c) for c in cmap)


def missing_chars(face: str, text: str) -> set[str]:
    have = covered_chars(face)
    return {ch for ch in text if not ch.isspace() and ch not in have}


def build_subsets(chars: str) -> None:
    """Write the subsets for `chars` + BASE_CHARS (needs the system Noto CJK collections)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    text = "".join(sorted(set(chars + BASE_CHARS)))
    FONT_DIR.mkdir(exist_ok=True)
    for out_name, ttc in FACES.values():
        tt = TTFont(str(SYSTEM_DIR / ttc), fontNumber=SC_INDEX, recalcTimestamp=False)
        options = subset.Options()
        options.layout_features = ["kern", "palt", "vert", "locl"]
        options.name_IDs = ["*"]  # keep copyright and licence records (OFL §2)
        options.hinting = False
        options.desubroutinize = True
        sub = subset.Subsetter(options)
        sub.populate(text=text)
        sub.subset(tt)
        tt.save(str(FONT_DIR / out_name))
    covered_chars.cache_clear()
    font.cache_clear()
