"""Office attachments: the form's cells and merges read exactly, without prepare, structure or OCR."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bench.metrics.fields import score_fields
from extraction.load import LoadError
from extraction.office import DOC, XLS, XLSX, office_media_type
from extraction.office import legacy as office_convert
from extraction.pipeline import extract_file
from models.record import Form
from samplegen.report.office import build_office


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Form]:
    return build_office(tmp_path_factory.mktemp("office"))


@pytest.mark.parametrize("which", [0, 1], ids=["xlsx", "docx"])
def test_office_form_is_read_exactly(office: tuple[Path, Path, Form], which: int) -> None:
    path, truth = office[which], office[2]
    document = extract_file(path)
    assert [p.text_source for p in document.pages] == ["office"]
    assert len(document.forms) == 1 and not document.not_forms
    merged = [c for t in document.tables for c in t.cells if c.row_span > 1 or c.col_span > 1]
    assert merged  # the form's merged label cells keep their spans
    score = score_fields(document, document.model_copy(update={"forms": [truth]}))
    assert score.all.total > 100
    assert score.wrong == []


def test_office_type_comes_from_the_bytes(office: tuple[Path, Path, Form], tmp_path: Path) -> None:
    renamed = tmp_path / "form.pdf"
    renamed.write_bytes(office[0].read_bytes())
    assert office_media_type(renamed.read_bytes()) == XLSX
    assert extract_file(renamed).source.media_type == XLSX
    assert office_media_type(b"PK\x03\x04 not a zip at all") is None


def test_legacy_formats_without_libreoffice_say_so(
    office: tuple[Path, Path, Form], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "old.xls"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\0" * 600)
    assert office_media_type(fake.read_bytes()) == XLS
    monkeypatch.setattr(office_convert, "soffice", lambda: None)
    with pytest.raises(LoadError, match="needs LibreOffice"):
        extract_file(fake)


@pytest.mark.skipif(office_convert.soffice() is None, reason="LibreOffice is not installed")
def test_xls_is_read_through_libreoffice(office: tuple[Path, Path, Form], tmp_path: Path) -> None:
    which, legacy, media_type = 0, "xls", XLS  # (.doc needs LibreOffice Writer, absent here)
    program = office_convert.soffice()
    assert program is not None
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", legacy,
         "--outdir", str(tmp_path), str(office[which])],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    document = extract_file(tmp_path / f"form.{legacy}")
    assert document.source.media_type == media_type
    score = score_fields(document, document.model_copy(update={"forms": [office[2]]}))
    assert score.all.total > 100 and score.all.right == score.all.total


def test_a_doc_libreoffice_cannot_convert_is_a_clear_load_error(tmp_path: Path) -> None:
    fake = tmp_path / "old.doc"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 600)
    assert office_media_type(fake.read_bytes()) == DOC
    expected = (
        "needs LibreOffice" if office_convert.soffice() is None else "LibreOffice could not convert the .doc"
    )
    with pytest.raises(LoadError, match=expected):
        extract_file(fake)
