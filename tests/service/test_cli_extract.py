"""`formtally extract` on unreadable input: exit code 2, one line naming the file, nothing written."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.png", b""),
        ("notes.jpg", "这不是图片，是一段文字。".encode()),
        ("truncated.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj <<"),
    ],
)
def test_unreadable_file_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, name: str, content: bytes):
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out" / "result.json"
    result = CliRunner().invoke(app, ["extract", str(source), "--out", str(out)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and str(source) in lines[0]
    assert not out.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())  # no temp file left


def _tall_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (1, 200_000), 255).save(buffer, format="PNG")
    return buffer.getvalue()


def _bomb_pdf() -> bytes:
    from tests.service.api.inputs import pages_pdf

    return pages_pdf(200, size=(2145, 2145))  # 200 pages of 79.9 MP at 300 dpi, a few KB


def _zero_page_pdf() -> bytes:
    from tests.service.api.inputs import pages_pdf

    return pages_pdf(0)


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("tall.png", _tall_png, "page 1 is 1×200000 px: its sides differ more than 20× (not a form page)"),
        ("bomb.pdf", _bomb_pdf, "too many pixels: pages 1-126 hold"),
        ("blank.pdf", _zero_page_pdf, "PDF has no pages"),
    ],
)
def test_hostile_but_small_files_exit_2_with_one_line(tmp_path: Path, name: str, make, reason: str) -> None:
    source = tmp_path / name
    source.write_bytes(make())
    result = CliRunner().invoke(app, ["extract", str(source)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"error: {source}: {reason}"), lines
