"""Hostile and odd inputs for the robustness suite, built in memory."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from tests.service.api.conftest import png_bytes


def pdf_from_objects(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref)


def pages_pdf(count: int, size: tuple[int, int] = (144, 72)) -> bytes:
    """A valid PDF of `count` blank pages of `size` points (default 2 × 1 inch)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % size] * count
    return pdf_from_objects(objects)


def encrypted_pdf() -> bytes:
    """Standard security handler with a user password we do not know."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
    encrypt += b"> /P -44 >>"
    file_id = b"<" + b"01" * 16 + b">"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 144 72] >>",
        encrypt,
    ]
    return pdf_from_objects(objects, b"/Encrypt 4 0 R /ID [" + file_id + file_id + b"] ")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG header claiming width × height pixels, with a few bytes of image data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def tiff(mode: str, frames: int = 1) -> bytes:
    image = Image.open(io.BytesIO(png_bytes(1, (200, 150)))).convert("L")
    if mode == "1":
        image = image.convert("1")
    elif mode == "I;16":
        image = Image.frombytes("I;16", image.size, bytes(b for px in image.tobytes() for b in (0, px)))
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF", save_all=frames > 1, append_images=[image] * (frames - 1))
    return buffer.getvalue()


def truncated_png() -> bytes:
    data = png_bytes(3)
    return data[: len(data) // 2]


def _ifd(entries: list[tuple[int, int, int, int]], next_offset: int) -> bytes:
    out = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        out += struct.pack("<HHII", tag, kind, count, value)
    return out + struct.pack("<I", next_offset)


def tiff_frame_without_size() -> bytes:
    """A two-page TIFF whose second page has no width/height tags (1×1 gray first page)."""
    second_at = 8 + 2 + 12 * 9 + 4
    pixels_at = second_at + 2 + 12 * 2 + 4
    first = [(256, 4, 1, 1), (257, 4, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1)]
    first += [(273, 4, 1, pixels_at), (277, 3, 1, 1), (278, 4, 1, 1), (279, 4, 1, 1)]
    second = [(259, 3, 1, 1), (262, 3, 1, 1)]
    return b"II*\x00" + struct.pack("<I", 8) + _ifd(first, second_at) + _ifd(second, 0) + b"\x80"


def tall_png() -> bytes:
    """1 × 200000 px: within the pixel limit, but no form page (it broke the pipeline's resize)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 200_000), 255).save(buffer, format="PNG")
    return buffer.getvalue()
