"""bench.accuracy.variety: the grid-level run scores every family with the split marked, a perfect
mapper scores 100%, and --only variety turns the other parts off."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench.accuracy.variety as variety
from bench.accuracy.__main__ import parse_args
from bench.accuracy.runner import score_sample
from models.record import Document
from samplegen.variety.families import FAMILIES, HELD_OUT, family, make_form


def test_only_variety_turns_the_other_parts_off() -> None:
    args = parse_args(["--only", "variety"])
    assert args.no_samples and args.no_realdata and not args.no_variety
    args = parse_args([])
    assert not args.no_samples and not args.no_realdata and not args.no_variety
    assert args.variety_per_family == 3


def test_page_contents_are_the_truth_tables_and_the_title_lines() -> None:
    form, layout = make_form(family("page_cuts"), 0)
    truth = variety.truth_document(form, layout, "x")
    pages = variety.page_contents(truth, layout)
    assert [p.page for p in pages] == [p.index for p in layout.pages] and len(pages) == 2
    assert [t for p in pages for t in p.tables] == truth.tables
    assert pages[0].text_blocks[0].text == form.title and not pages[1].text_blocks


def test_grid_scores_cover_every_family_and_a_perfect_mapper_scores_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scores = variety.grid_scores(1)
    assert [s.family for s in scores] == [f.name for f in FAMILIES]
    assert {s.family for s in scores if s.split == "held_out"} == set(HELD_OUT)
    assert all(s.all.total > 0 and s.forms == 1 for s in scores)
    table = variety.grid_table(scores)
    assert "**held_out total**" in table and "**tune total**" in table
    failures = variety.failure_table(scores)
    assert all(f"| {f.name} |" in failures for f in FAMILIES)

    truths: dict[int, Document] = {}
    real_truth = variety.truth_document

    def remember(*a: object, **k: object) -> Document:
        doc = real_truth(*a, **k)  # type: ignore[arg-type]
        truths[0] = doc
        return doc

    monkeypatch.setattr(variety, "truth_document", remember)
    monkeypatch.setattr(variety, "map_pages", lambda pages: truths[0].forms)
    perfect = variety.grid_scores(1, ["two_row_header", "scoring_sheet"])
    assert all(s.all.accuracy == 1.0 and not s.wrong_paths for s in perfect)


def test_path_class_groups_rows() -> None:
    assert variety.path_class("forms[0].indicators[+3].extra.备注") == "indicators[].extra.备注"
    assert variety.path_class("forms[1].funds.other[1].executed") == "funds.other[].executed"


def test_ocr_samples_render_once_and_score(tmp_path: Path) -> None:
    root, samples = variety.ocr_samples(tmp_path, 1, ["clean"])
    assert sorted(s.form_id for s in samples) == sorted(f"{n}_000" for n in HELD_OUT)
    stamp = (root / "manifest.json").stat().st_mtime_ns
    assert variety.ocr_samples(tmp_path, 1, ["clean"]) == (root, samples)
    assert (root / "manifest.json").stat().st_mtime_ns == stamp  # reused, not rendered again
    other, _ = variety.ocr_samples(tmp_path, 1, ["clean", "fax"])
    assert other == root and len(list(root.glob("*/*/fax.*"))) == len(HELD_OUT)

    class Perfect:
        name = "perfect"

        def extract(self, path: Path) -> Document:
            return Document.model_validate_json((path.parent / "truth.json").read_bytes())

    result = score_sample(Perfect(), (samples[0], root, None))  # type: ignore[arg-type]
    assert result.ok and result.score.fields.all.accuracy == 1.0
    assert variety.ocr_family_table([result]).count("100.0%") == 2
