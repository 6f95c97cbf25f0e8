"""Media type from the file's first bytes (never from its name)."""

from __future__ import annotations

PDF = "application/pdf"
# media type → Pillow format name, for the raster types we accept
RASTER_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/bmp": "BMP",
    "image/webp": "WEBP",
    "image/tiff": "TIFF",
}

# sizes of the BMP info headers (BITMAPCOREHEADER … BITMAPV5HEADER), little-endian, at offset 14
_BMP_DIB_HEADERS = {n.to_bytes(4, "little") for n in (12, 16, 40, 52, 56, 64, 108, 124)}


def sniff(head: bytes) -> str | None:
    """The media type of a file starting with `head` (its first 1 KiB), or None if not one we read."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"BM") and head[14:18] in _BMP_DIB_HEADERS:  # "BM" alone could begin a text
        return "image/bmp"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):  # classic and BigTIFF
        return "image/tiff"
    if b"%PDF-" in head[:1024]:  # readers accept junk before the header (mail/scanner prefixes)
        return PDF
    return None


def describe(head: bytes) -> str:
    """A few words on unrecognised content, for the error message."""
    if not head.strip():
        return "it holds only whitespace or zero bytes"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 3:  # not just a character cut at the end of `head`
            return "unrecognised binary data"
    return "it holds text"
