"""The generator's CFF (.otf) subset fonts as TrueType outlines, which reportlab can embed.

reportlab embeds TrueType (glyf) fonts only; the subsets are CFF. Each cubic outline becomes
quadratic (fontTools' cu2qu, within a thousandth of an em), so a born-digital PDF can carry its
visible text in the same faces the pictures are painted with.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from samplegen.fonts import font_path

_MAX_ERROR = 1.0  # font units (1000 per em): far below a pixel at any size drawn here


def _quadratic_glyphs(font: TTFont) -> dict[str, object]:
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, _MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    return glyphs


def _to_truetype(font: TTFont) -> None:
    order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = _quadratic_glyphs(font)
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    for name, glyph in glyf.glyphs.items():  # left side bearings follow the new outlines
        advance, _ = font["hmtx"].metrics[name]
        font["hmtx"].metrics[name] = (advance, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):  # fmt: skip
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"


def _cache_folder() -> Path:
    """FORMTALLY_CACHE, else <XDG_CACHE_HOME or ~/.cache>/formtally (as the int8 recogniser's)."""
    explicit = os.environ.get("FORMTALLY_CACHE")
    if explicit:
        return Path(explicit) / "fonts"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "formtally" / "fonts"


def truetype_path(face: str) -> Path:
    """`face`'s subset as a .ttf, converted once per subset content and kept in the user cache."""
    source = font_path(face)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    folder = _cache_folder()
    target = folder / f"{source.stem}-{digest}.ttf"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        font = TTFont(source)
        _to_truetype(font)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as handle:
            font.save(handle)
        os.replace(handle.name, target)  # whole or absent: parallel builders never see a half file
    return target
