"""sample_scans/ as committed: the manifest lists only existing files, every truth validates as a
Document, sidecars agree with the files, and the truth still matches what the generator lays out."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from models.record import Document
from samplegen.forms import ALL_FORMS, form_by_id
from samplegen.layout import layout_form
from samplegen.truth import tables_of

ROOT = Path(__file__).resolve().parents[2] / "sample_scans"
RENDERINGS = {"clean", "scan", "photo", "seal", "fax", "rotated"}

pytestmark = pytest.mark.skipif(not (ROOT / "manifest.json").is_file(), reason="sample_scans not generated")


def _manifest() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    return entries


def _truth(form_id: str) -> Document:
    return Document.model_validate_json((ROOT / form_id / "truth.json").read_text(encoding="utf-8"))


def test_manifest_lists_existing_files_only() -> None:
    entries = _manifest()
    assert entries
    for e in entries:
        assert set(e) == {"form_id", "rendering", "file", "pages", "layout", "truth"}
        assert (ROOT / str(e["file"])).is_file(), e["file"]
        assert (ROOT / str(e["truth"])).is_file(), e["truth"]
        assert e["rendering"] in RENDERINGS
    assert len({e["file"] for e in entries}) == len(entries)
    per_form = Counter(str(e["form_id"]) for e in entries)
    assert set(per_form) == {f.form_id for f in ALL_FORMS}
    for form_id in per_form:
        assert {e["rendering"] for e in entries if e["form_id"] == form_id} == RENDERINGS


def test_every_truth_validates_and_names_its_pages() -> None:
    for form_id in {str(e["form_id"]) for e in _manifest()}:
        doc = _truth(form_id)
        pages = [e for e in _manifest() if e["form_id"] == form_id]
        assert {int(str(e["pages"])) for e in pages} == {len(doc.pages)}
        assert doc.forms and doc.forms[0].pages == [p.index for p in doc.pages]
        assert doc.forms[0].layout == pages[0]["layout"]


def test_image_files_hold_the_listed_pages() -> None:
    for e in _manifest():
        path = ROOT / str(e["file"])
        if path.suffix == ".pdf":
            assert path.read_bytes().count(b"/Type /Page\n") == e["pages"]
            continue
        with Image.open(path) as img:
            assert getattr(img, "n_frames", 1) == e["pages"], path


def test_sidecars_describe_every_rendering() -> None:
    for spec in ALL_FORMS:
        side = json.loads((ROOT / spec.form_id / "renderings.json").read_text(encoding="utf-8"))
        assert {r["rendering"] for r in side["renderings"]} == RENDERINGS
        for r in side["renderings"]:
            for name in r["files"]:
                assert (ROOT / spec.form_id / name).is_file()
            for page in r["pages"]:
                assert len(page["matrix"]) == 3


@pytest.mark.parametrize("form_id", [f.form_id for f in ALL_FORMS[:3]] + ["sichuan_farmland_2023_gdbh"])
def test_committed_truth_matches_the_generator(form_id: str) -> None:
    """Regenerate with `python -m samplegen` when this fails after a change to a form or the layout."""
    doc = _truth(form_id)
    fresh = tables_of(layout_form(form_by_id(form_id)))
    assert [t.model_dump() for t in doc.tables] == [t.model_dump() for t in fresh]
