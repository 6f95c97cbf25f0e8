"""Document ids and form ids are numbered separately: each interface that takes one kind says so
when given the other (storage errors, `formtally export --document/--form`), and names what it
acted on. The REST side is in tests/service/api/test_api_ids.py, the review app's in tests/ui."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.storage import NotFound, Store, WrongIdKind, get_document, get_form
from tests.service.conftest import part_ids, reextract


def _export(data: Path, out: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["export", "--format", "json", "--out", str(out), "--data", str(data), *args]
    )
    return result.exit_code, result.stdout, result.stderr


def test_storage_says_when_an_id_is_of_the_other_kind(sqlite_store: Store) -> None:
    ids = part_ids(sqlite_store)
    with sqlite_store.reader() as session:
        with pytest.raises(WrongIdKind, match=r"no form 4: 4 is a document id \(its forms: 1\)") as wrong:
            get_form(session, ids["doc_a"])
        assert (wrong.value.expected, wrong.value.given, wrong.value.related) == ("form", "document", [1])
        with pytest.raises(WrongIdKind, match=r"3 is a document id \(its forms: none yet\)"):
            get_form(session, 3)
        with pytest.raises(NotFound, match=r"^no form 99$"):
            get_form(session, 99)
    reextract(sqlite_store, ids["doc_a"], 6)  # forms 3-8, form 8 current
    with sqlite_store.reader() as session:
        with pytest.raises(
            WrongIdKind, match=r"no document 8: 8 is a form id \(form 8 is in document 4\)"
        ) as w:
            get_document(session, 8)
        assert (w.value.expected, w.value.given, w.value.related) == ("document", "form", [4])


def test_export_takes_a_form_id_with_form_and_a_document_id_with_document(
    sqlite_store: Store, tmp_path: Path
) -> None:
    ids = part_ids(sqlite_store)
    data = tmp_path / "data"
    # --form: that form alone, from its own document (5), not document 2
    code, out, err = _export(data, tmp_path / "f.json", "--form", str(ids["form_b"]))
    assert code == 0, err
    assert "exporting document 5 (/scans/s3.png): form 2" in err
    (written,) = [Path(p) for p in out.split()]
    exported = json.loads(written.read_text())
    assert exported["source"]["path"] == "/scans/s3.png" and len(exported["forms"]) == 1
    # --document: the document named, and the line says which file and forms that is
    code, out, err = _export(data, tmp_path / "d.json", "--document", str(ids["doc_a"]))
    assert code == 0, err
    assert "exporting document 4 (/scans/s0.png): form 1" in err


def test_export_refuses_a_document_id_given_as_a_form_and_back(sqlite_store: Store, tmp_path: Path) -> None:
    ids = part_ids(sqlite_store)
    data = tmp_path / "data"
    code, out, err = _export(data, tmp_path / "x.json", "--form", str(ids["doc_a"]))
    assert code == 2 and not out
    assert "no form 4: 4 is a document id (its forms: 1)" in err
    code, out, err = _export(data, tmp_path / "x.json", "--document", "2")  # queued: nothing yet
    assert code == 2 and "document 2 is queued: nothing to export yet" in err
    reextract(sqlite_store, ids["doc_a"], 6)
    code, out, err = _export(data, tmp_path / "x.json", "--document", "8")
    assert code == 2 and "no document 8: 8 is a form id (form 8 is in document 4)" in err
    code, out, err = _export(data, tmp_path / "x.json", "--form", str(ids["form_a"]))
    assert code == 2 and "form 1 is from an older result of document 4 (its current forms: 8)" in err
    assert not (tmp_path / "x.json").exists()
    code, _, err = _export(data, tmp_path / "x.json", "--form", "1", "--document", "4")
    assert code == 2 and "at most one of" in err


def test_export_query_takes_form_id(sqlite_store: Store, tmp_path: Path) -> None:
    ids = part_ids(sqlite_store)
    code, out, err = _export(tmp_path / "data", tmp_path / "q.json", "--query", f"form_id={ids['form_b']}")
    assert code == 0, err
    (written,) = [Path(p) for p in out.split()]
    assert json.loads(written.read_text())["source"]["path"] == "/scans/s3.png"


def test_export_help_says_which_id_each_option_takes() -> None:
    result = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    text = " ".join(result.stdout.split())
    assert "--document" in text and "its document id" in text and "not a form id" in text
    assert "--form" in text and "its form id" in text and "not a document id" in text
