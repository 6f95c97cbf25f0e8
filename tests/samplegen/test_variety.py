"""samplegen.variety: deterministic, big and varied enough, held-out families really apart, every
truth traceable to the cells it was drawn in, renderable with the committed subset fonts."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from bench.accuracy.manifest import load_manifest, load_truth
from models.paths import iter_fields
from models.record import Document
from samplegen.draw import render
from samplegen.layout import LayoutRecord
from samplegen.variety.__main__ import main as variety_main
from samplegen.variety.build import missing_glyphs, truth_document
from samplegen.variety.families import FAMILIES, HELD_OUT, generate
from samplegen.variety.model import VForm


@cache
def _all() -> list[tuple[VForm, LayoutRecord, Document]]:
    return [(f, lay, truth_document(f, lay, f"{f.family}/{f.form_id}")) for f, lay in generate()]


def test_same_seed_same_truth_bytes_other_seed_other_forms() -> None:
    def dump(seed: int) -> list[str]:
        return [truth_document(f, lay, "x").model_dump_json() for f, lay in generate(per_family=2, seed=seed)]

    first = dump(7)
    assert first == dump(7)
    assert first != dump(8)


def test_at_least_300_forms_in_8_families_3_held_out() -> None:
    forms = _all()
    assert len(forms) >= 300
    per_family = Counter(f.family for f, _, _ in forms)
    assert len(per_family) == len(FAMILIES) >= 8
    assert all(30 <= n <= 50 for n in per_family.values()), per_family
    assert len(HELD_OUT) >= 3
    assert len({f.form_id for f, _, _ in forms}) == len(forms)


def test_held_out_families_print_what_no_tune_family_prints() -> None:
    forms = _all()
    spellings = {split: {s for f, _, _ in forms if (f.family in HELD_OUT) == (split == "held") for s in
                         f.outside_spellings} for split in ("held", "tune")}  # fmt: skip
    assert spellings["held"] - spellings["tune"], "held-out families need spellings of their own"
    held_axes = {a for f, _, _ in forms if f.family in HELD_OUT for a in f.axes}
    tune_axes = {a for f, _, _ in forms if f.family not in HELD_OUT for a in f.axes}
    assert {"transposed_funds", "two_row_header", "continuation_page_only"} <= held_axes - tune_axes
    tune = [f for f, _, _ in forms if f.family not in HELD_OUT]
    assert not any(f.two_row or f.last_page_only or (f.funds and f.funds.transposed) for f in tune)


def test_forms_vary_along_the_axes() -> None:
    forms = [f for f, _, _ in _all()]
    orders = {tuple(c.key for c in f.ind_columns) for f in forms}
    assert len(orders) > 30
    assert any(f.funds is None for f in forms) and any(f.goals is None for f in forms)
    assert any(f.scoring is not None and f.scoring.beside for f in forms)
    assert any(f.scoring is not None and not f.scoring.beside for f in forms)
    assert {f.cut for f in forms} == {"none", "ind", "before_ind", "before_total"}
    assert any(f.cut == "ind" and not f.repeat_header for f in forms)
    assert any(not f.year_line for f in forms) and any(f.year_line for f in forms)
    texts = "".join(c for f in forms for i in f.indicators for c in i.cells)
    for glyph in ("≥", ">=", "≧", "＞＝", "≤", "<=", "≦", "﹦", "＝"):
        assert glyph in texts, glyph


def _cells(doc: Document) -> dict[str, str]:
    return {c.id: c.text for t in doc.tables for c in t.cells}


def test_every_truth_validates_and_its_fields_come_from_its_cells() -> None:
    for form, layout, doc in _all():
        Document.model_validate_json(doc.model_dump_json())
        cells = _cells(doc)
        record = doc.forms[0]
        assert record.pages == [p.index for p in layout.pages]
        fields = list(iter_fields(record))
        assert fields, form.form_id
        for path, field in fields:
            assert set(field.cells) <= cells.keys(), (form.form_id, path)
            if (
                path.startswith(("indicators", "funds.", "fields.total", "fields.goal"))
                and path != "funds.title"
            ):
                assert field.cells, (form.form_id, path)
                assert {cells[c] for c in field.cells} == {field.text}, (form.form_id, path)
        for row in record.funds.rows:
            assert [cells[c] for c in row.label_cells] == [row.label]
        for item in record.unmapped:
            assert set(item.cells) <= cells.keys()
        if form.last_page_only:
            assert record.fields.project_name is None and record.fields.form_title is None
            assert set(form.outside_spellings) <= set(cells.values())
            assert not record.funds.rows
        else:
            assert record.fields.fiscal_year is not None and record.fields.fiscal_year.value == form.year


def test_every_row_of_a_split_target_carries_the_split_unit() -> None:
    for form, _, doc in _all():
        keys = [c.key for c in form.ind_columns]
        if "unit" not in keys:
            continue
        for row in doc.forms[0].indicators:
            assert row.unit is not None and row.target is not None
            value = row.target.value
            unit_text = row.unit.text
            if getattr(value, "kind", None) == "cmp" and unit_text not in ("", "/", "—"):
                assert getattr(value, "unit", None), (form.form_id, row.target.text, unit_text)


def test_committed_fonts_have_every_glyph_and_one_form_per_family_renders() -> None:
    seen: set[str] = set()
    for form, layout, doc in _all():
        assert not missing_glyphs(layout), form.form_id
        if form.family in seen:
            continue
        seen.add(form.family)
        pages = render(layout)
        assert len(pages) == len(doc.pages)
        for table in doc.tables:  # ink inside every non-empty cell of the truth
            x0, y0, x1, y1 = table.bbox
            assert (pages[table.page][y0:y1, x0:x1] < 128).sum() > 1000
        for c in doc.tables[0].cells:
            x0, y0, x1, y1 = c.bbox
            inner = pages[0][y0 + 4 : y1 - 3, x0 + 4 : x1 - 3]
            assert (int((inner < 128).sum()) > 15) == bool(c.text.strip()), (form.form_id, c.id, c.text)
    assert len(seen) == len(FAMILIES)


def test_cli_writes_truth_renderings_and_a_manifest_the_bench_reads(tmp_path: Path) -> None:
    assert variety_main(["--out", str(tmp_path), "--families", "continuation_only,minimal_columns",
                         "--per-family", "2", "--render", "clean,fax"]) == 0  # fmt: skip
    samples = load_manifest(tmp_path)
    assert len(samples) == 8 and {s.rendering for s in samples} == {"clean", "fax"}
    for s in samples:
        assert s.file_path(tmp_path).is_file()
        assert load_truth(s.truth_path(tmp_path)).forms
    forms = json.loads((tmp_path / "forms.json").read_text(encoding="utf-8"))
    assert {f["split"] for f in forms} == {"tune", "held_out"}
    spellings = json.loads((tmp_path / "spellings.json").read_text(encoding="utf-8"))
    assert set(spellings) == {"continuation_only", "minimal_columns"} and spellings["continuation_only"]
    again = tmp_path / "again"
    variety_main(["--out", str(again), "--families", "minimal_columns", "--per-family", "2"])
    for f in ("minimal_columns_000", "minimal_columns_001"):
        a = (tmp_path / "minimal_columns" / f / "truth.json").read_bytes()
        assert a == (again / "minimal_columns" / f / "truth.json").read_bytes()


@pytest.mark.parametrize("form_id", ["shizuishan_2022_sbk", "sichuan_county_2023_yygs", "hubei_county_2019_xxhs",
                                     "chongqing_bishan_2022_ljfl", "yunnan_tea_2020_cyfz"])  # fmt: skip
def test_fixed_forms_truth_unchanged(form_id: str) -> None:
    """The 23 fixed forms still produce their committed truth (records and tables, byte for byte)."""
    from samplegen.forms import form_by_id
    from samplegen.layout import layout_form
    from samplegen.truth import build_document

    root = Path(__file__).resolve().parents[2] / "sample_scans" / form_id / "truth.json"
    if not root.is_file():
        pytest.skip("sample_scans not generated")
    committed = Document.model_validate_json(root.read_bytes())
    doc = build_document(form_by_id(form_id), layout_form(form_by_id(form_id)), committed.source)
    fresh = json.dumps(Document.model_validate(doc.model_dump(mode="json")).model_dump(mode="json"),
                       ensure_ascii=False, indent=1) + "\n"  # fmt: skip
    assert fresh == root.read_text(encoding="utf-8")


def test_every_canonical_spelling_is_printed_and_outside_ones_are_not_canonical() -> None:
    from models.canonical import canonical_schema
    from samplegen.variety import vocab

    known = {s for group in ("header", "funds_rows", "funds_columns", "indicator_columns")
             for spec in canonical_schema().group(group) for s in spec.spellings}  # type: ignore[arg-type]  # fmt: skip
    for tune, held in vocab.OUTSIDE.values():
        assert not (set(tune) | set(held)) & known
        assert not set(tune) & set(held)
    printed = {c.label for f, _, _ in _all() for c in f.ind_columns}
    printed |= {c.label for f, _, _ in _all() if f.funds for c in f.funds.columns}
    printed |= {line.label for f, _, _ in _all() if f.funds for line in f.funds.lines}
    printed |= {i.label for f, _, _ in _all() for row in (*f.header, f.tail) for i in row}
    printed |= {f.title for f, _, _ in _all()} | {f.total_label for f, _, _ in _all()}
    printed |= {f.funds.title for f, _, _ in _all() if f.funds}
    printed |= {g for f, _, _ in _all() if f.goals for g in f.goals.labels}
    for key, spellings in vocab.CANON.items():
        for s in spellings:
            assert any(s in p for p in printed), (key, s)
