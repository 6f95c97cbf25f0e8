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
