"""load_document: every accepted format, and every way a file can be unreadable (made in tmp_path)."""

from __future__ import annotations

import hashlib
import io
import pickle
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extraction.load import LoadError, LoadLimits, load_document, open_document


def page(width: int = 120, height: int = 80) -> Image.Image:
    """White page with a black square in its top-left corner, to check orientation."""
    image = Image.new("RGB", (width, height), "white")
    image.paste((0, 0, 0), (0, 0, 20, 20))
    return image


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG header claiming width×height with almost no pixel data: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


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


ONE_PAGE_PDF = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 144 72] >>",  # 2 × 1 inch
]


def pdf_pages(path: Path, count: int) -> Path:
    pages = [page(144, 72) for _ in range(count)]  # 144×72 px at 72 dpi: 2 × 1 inch pages
    pages[0].save(path, format="PDF", save_all=True, append_images=pages[1:], resolution=72)
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def encoded(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


# ---- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("BMP", "image/bmp"), ("WEBP", "image/webp")],
)
def test_single_image_formats(tmp_path: Path, fmt: str, media_type: str) -> None:
    data = encoded(page(), fmt, **({"quality": 95} if fmt in ("JPEG", "WEBP") else {}))
    doc = load_document(write(tmp_path / "scan", data))  # no extension: sniffed from the bytes
    assert doc.source.media_type == media_type
    assert doc.source.page_count == 1
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source.path == str(tmp_path / "scan")
    (pixels,) = doc.pages
    assert pixels.shape == (80, 120, 3) and pixels.dtype == np.uint8
    assert pixels[5, 5].max() < 60 and pixels[60, 100].min() > 200


def test_media_type_comes_from_bytes_not_name(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "photo.jpg", encoded(page(), "PNG")))
    assert doc.source.media_type == "image/png"


def test_jpeg_exif_orientation_is_applied(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: display rotated 90° clockwise
    doc = load_document(write(tmp_path / "phone.jpg", encoded(page(), "JPEG", quality=95, exif=exif)))
    (pixels,) = doc.pages
    assert pixels.shape == (120, 80, 3)
    assert pixels[5, 75].max() < 60  # the top-left square is now top-right
    assert pixels[5, 5].min() > 200


def test_png_transparency_becomes_white_paper(tmp_path: Path) -> None:
    image = Image.new("RGBA", (30, 20), (0, 0, 0, 0))
    image.paste((0, 0, 0, 255), (0, 0, 5, 5))
    (pixels,) = load_document(write(tmp_path / "a.png", encoded(image, "PNG"))).pages
    assert pixels[10, 20].tolist() == [255, 255, 255]
    assert pixels[1, 1].tolist() == [0, 0, 0]


def test_multipage_tiff_of_mixed_modes(tmp_path: Path) -> None:
    bilevel = page().convert("1")
    palette = page().convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    cmyk = page().convert("CMYK")
    gray16 = Image.fromarray(np.full((80, 120), 32896, dtype=np.uint16))  # mid gray in 16 bits
    data = encoded(bilevel, "TIFF", save_all=True, append_images=[palette, cmyk, gray16])
    doc = load_document(write(tmp_path / "batch.tif", data))
    assert doc.source.media_type == "image/tiff"
    assert doc.source.page_count == 4
    for pixels in doc.pages[:3]:
        assert pixels.shape == (80, 120, 3) and pixels.dtype == np.uint8
        assert pixels[5, 5].max() < 60 and pixels[60, 100].min() > 200
    assert doc.pages[3].shape == (80, 120, 3)
    assert np.all(doc.pages[3] == 128)  # scaled, not clipped to 255


def test_16bit_rgb_and_float_tiff(tmp_path: Path) -> None:
    tifffile = pytest.importorskip("tifffile")
    rgb16 = np.zeros((10, 12, 3), dtype=np.uint16)
    rgb16[..., 0] = 65535
    buffer = io.BytesIO()
    tifffile.imwrite(buffer, rgb16, photometric="rgb")
    (pixels,) = load_document(write(tmp_path / "a.tif", buffer.getvalue())).pages
    assert pixels[0, 0].tolist() == [255, 0, 0]
    buffer = io.BytesIO()
    tifffile.imwrite(buffer, np.full((10, 12), 0.5, dtype=np.float32))
    (pixels,) = load_document(write(tmp_path / "b.tif", buffer.getvalue())).pages
    assert pixels[0, 0].tolist() == [128, 128, 128]


def test_pdf_rendered_at_dpi(tmp_path: Path) -> None:
    path = pdf_pages(tmp_path / "form.pdf", 2)
    doc = load_document(path, dpi=150)
    assert doc.source.media_type == "application/pdf"
    assert doc.source.page_count == 2
    assert [p.shape for p in doc.pages] == [(150, 300, 3), (150, 300, 3)]
    assert doc.pages[0][10, 10].max() < 60 and doc.pages[0][100, 250].min() > 200
    assert load_document(path).pages[0].shape == (300, 600, 3)  # 300 dpi by default


def test_pdf_with_leading_junk_is_still_a_pdf(tmp_path: Path) -> None:
    data = b"\r\n" + pdf_from_objects(ONE_PAGE_PDF)
    assert load_document(write(tmp_path / "x.bin", data)).source.media_type == "application/pdf"


# ---- errors -------------------------------------------------------------------------------------


def reason_of(path: Path, **kwargs: object) -> str:
    with pytest.raises(LoadError) as caught:
        load_document(path, **kwargs)  # type: ignore[arg-type]
    error = caught.value
    assert str(error) == f"{path}: {error.reason}"
    assert "\n" not in str(error)
    return error.reason


def test_missing_empty_and_directory(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "nope.png") == "file not found"
    assert reason_of(write(tmp_path / "empty.png", b"")) == "empty file (0 bytes)"
    assert reason_of(tmp_path) == "not a regular file"


def test_text_file_renamed_jpg(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path / "scan.jpg", "项目支出绩效自评表\n".encode()))
    assert reason.startswith("not an image or PDF")


def test_unknown_binary(tmp_path: Path) -> None:
    assert reason_of(write(tmp_path / "x.png", bytes(range(256)) * 4)).startswith("not an image or PDF")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_truncated_images(tmp_path: Path, fmt: str) -> None:
    data = encoded(Image.effect_noise((200, 200), 64).convert("RGB"), fmt)
    reason = reason_of(write(tmp_path / "cut", data[: len(data) // 2]))
    assert "truncated" in reason or "corrupt" in reason


def test_corrupt_image_with_valid_magic(tmp_path: Path) -> None:
    bmp_header = b"BM" + b"\x00" * 12 + (40).to_bytes(4, "little")  # a BITMAPINFOHEADER follows…
    reason = reason_of(write(tmp_path / "a.bmp", bmp_header + b"\xff" * 60))  # …but it's garbage
    assert reason.startswith(("corrupt image", "truncated image"))
    png = encoded(page(), "PNG")
    reason = reason_of(write(tmp_path / "b.png", png[:8] + b"\x00" * 40 + png[48:]))
    assert reason.startswith(("corrupt image", "truncated image"))


def test_text_starting_like_a_bmp_is_text(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path / "notes.bmp", b"BMW 2022 annual report, see attached\n"))
    assert reason == "not an image or PDF (it holds text)"


def test_file_too_large(tmp_path: Path) -> None:
    path = write(tmp_path / "a.png", encoded(page(), "PNG"))
    assert reason_of(path, limits=LoadLimits(max_file_bytes=100)).startswith("file too large")


def test_too_many_pixels_checked_from_the_header(tmp_path: Path) -> None:
    path = write(tmp_path / "big.png", png_header_only(5000, 4000))  # 20 MP claimed, no real data
    assert reason_of(path, limits=LoadLimits(max_pixels=1_000_000)).startswith("too many pixels: page 1")


@pytest.mark.parametrize("side", [10_000, 20_000])  # Pillow warns past 89.5 MP, refuses past 179 MP
def test_decompression_bomb_refused_even_with_a_high_limit(tmp_path: Path, side: int) -> None:
    path = write(tmp_path / "bomb.png", png_header_only(side, side))
    assert reason_of(path, limits=LoadLimits(max_pixels=10**12)).startswith("too many pixels")


def test_too_many_pages(tmp_path: Path) -> None:
    tiff = encoded(page(), "TIFF", save_all=True, append_images=[page(), page()])
    limits = LoadLimits(max_pages=2)
    assert reason_of(write(tmp_path / "a.tif", tiff), limits=limits) == "too many pages: 3 > limit 2"
    assert reason_of(pdf_pages(tmp_path / "a.pdf", 3), limits=limits) == "too many pages: 3 > limit 2"


def test_pdf_page_pixels_checked_before_rendering(tmp_path: Path) -> None:
    huge = [*ONE_PAGE_PDF[:2], b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>"]
    reason = reason_of(write(tmp_path / "poster.pdf", pdf_from_objects(huge)))
    # the size PDFium would render: 14400 pt × 300/72 rounded up, as pypdfium2 does (60000.000…1)
    assert reason == "too many pixels: page 1 is 60001×60001 = 3600120001 px > limit 80000000"


def test_encrypted_pdf(tmp_path: Path) -> None:
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
    encrypt += b"> /P -44 >>"
    file_id = b"<" + b"01" * 16 + b">"
    data = pdf_from_objects([*ONE_PAGE_PDF, encrypt], b"/Encrypt 4 0 R /ID [" + file_id + file_id + b"] ")
    assert reason_of(write(tmp_path / "locked.pdf", data)) == "encrypted PDF (password required)"


def test_corrupt_truncated_and_empty_pdfs(tmp_path: Path) -> None:
    good = pdf_pages(tmp_path / "good.pdf", 2).read_bytes()
    assert reason_of(write(tmp_path / "cut.pdf", good[: len(good) // 2])).startswith("corrupt PDF")
    assert reason_of(write(tmp_path / "junk.pdf", b"%PDF-1.7\nnot really\n")).startswith("corrupt PDF")
    no_pages = [ONE_PAGE_PDF[0], b"<< /Type /Pages /Kids [] /Count 0 >>"]
    reason = reason_of(write(tmp_path / "blank.pdf", pdf_from_objects(no_pages)))
    assert reason.startswith(("corrupt PDF", "PDF has no pages"))


def test_load_error_is_one_line_and_pickles(tmp_path: Path) -> None:
    error = LoadError(tmp_path / "a.png", "corrupt image (line one\nline two)")
    assert str(error) == f"{tmp_path / 'a.png'}: corrupt image (line one line two)"
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)


def test_bad_dpi() -> None:
    with pytest.raises(ValueError, match="dpi"):
        load_document(Path("whatever.pdf"), dpi=0)


# ---- hostile inputs within the per-page limits (issue 13) ----------------------------------------


def bomb_pdf(pages: int = 200, side_pt: int = 2145) -> bytes:
    """A few KB of PDF claiming `pages` pages of side_pt² points: 8938² ≈ 79.9 MP each at 300 dpi,
    each page under the per-page limit, 16 GP in all."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % (side_pt, side_pt)] * pages
    return pdf_from_objects(objects)


def test_document_pixel_budget_refuses_a_pdf_bomb_without_rendering(tmp_path: Path, monkeypatch) -> None:
    import extraction.load.pdf as pdf_module

    def no_render(*_: object) -> None:
        raise AssertionError("a page was rendered")

    monkeypatch.setattr(pdf_module, "render_page", no_render)
    data = bomb_pdf()
    assert len(data) < 25000
    with pytest.raises(LoadError) as caught:
        open_document(write(tmp_path / "bomb.pdf", data))
    assert caught.value.code == "too_many_pixels"
    # 10 GP per document: 125 such pages pass, the 126th is refused
    assert caught.value.reason.startswith("too many pixels: pages 1-126 hold")
    assert "per document" in caught.value.reason


def test_a_long_report_is_accepted_and_the_page_cap_still_holds(tmp_path: Path) -> None:
    """A department's report runs to 300 pages (issue 15): far over the old 50-page cap, well under
    the 1000 pages a document may have."""
    opened = open_document(pdf_pages(tmp_path / "report.pdf", 300), dpi=72)
    assert opened.source.page_count == 300 and opened.sizes[-1] == (144, 72)
    assert opened.page(299).shape == (72, 144, 3)
    assert LoadLimits().max_pages == 1000
    with pytest.raises(LoadError) as caught:
        open_document(pdf_pages(tmp_path / "more.pdf", 301), LoadLimits(max_pages=300), dpi=72)
    assert caught.value.reason == "too many pages: 301 > limit 300"


def test_pages_are_decoded_one_at_a_time(tmp_path: Path) -> None:
    opened = open_document(pdf_pages(tmp_path / "three.pdf", 3), dpi=72)
    assert opened.source.page_count == 3 and opened.sizes == [(144, 72)] * 3
    pages = opened.pages()
    assert next(pages).shape == (72, 144, 3)  # a generator: the others are not decoded yet


def test_a_page_no_form_can_have_is_refused_with_its_shape(tmp_path: Path) -> None:
    tall = write(tmp_path / "tall.png", encoded(Image.new("L", (1, 200_000), 255), "PNG"))
    with pytest.raises(LoadError) as caught:
        load_document(tall)
    assert caught.value.code == "bad_page_shape"
    assert caught.value.reason == "page 1 is 1×200000 px: its sides differ more than 20× (not a form page)"


def test_reasons_name_no_python_objects(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path / "fake.jpg", b"\xff\xd8\xff" + b"junk" * 30))
    assert "object at 0x" not in reason and "BytesIO" not in reason
    assert reason.startswith("corrupt image")


def test_zero_page_pdf_has_one_reason(tmp_path: Path) -> None:
    no_pages = [ONE_PAGE_PDF[0], b"<< /Type /Pages /Kids [] /Count 0 >>"]
    with pytest.raises(LoadError) as caught:
        load_document(write(tmp_path / "blank.pdf", pdf_from_objects(no_pages)))
    assert caught.value.reason == "PDF has no pages" and caught.value.code == "corrupt_file"
