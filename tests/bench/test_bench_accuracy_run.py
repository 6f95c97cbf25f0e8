import json
from pathlib import Path

import pytest

import bench.accuracy.__main__ as accuracy_main
from bench.accuracy.manifest import load_manifest, select
from bench.accuracy.runner import score_sample
from bench.accuracy.summary import summaries
from bench.extractors import ExtractorUnavailable
from models.record import Document

SAMPLES = Path(__file__).parent / "fixtures" / "sample_scans"


class Perfect:
    """Returns the truth itself: every metric must come out perfect."""

    name = "perfect"

    def extract(self, path: Path) -> Document:
        return Document.model_validate_json((path.parent / "truth.json").read_bytes())


class Broken:
    name = "broken"

    def extract(self, path: Path) -> Document:
        raise ValueError(f"cannot read {path.name}\nsecond line")


def test_manifest_and_select():
    samples = load_manifest(SAMPLES)
    assert [(s.form_id, s.rendering) for s in samples] == [("form_a", "clean"), ("form_a", "fax")]
    assert len(select(samples, ["fax"], None)) == 1
    assert len(select(samples, None, 1)) == 2  # --limit counts per rendering


def test_perfect_and_failed_extractors():
    samples = load_manifest(SAMPLES)
    results = [score_sample(e, (s, SAMPLES, None)) for e in (Perfect(), Broken()) for s in samples]
    assert results[2].error == "ValueError: cannot read clean.png"
    rows = {(s.extractor, s.rendering): s for s in summaries(results)}
    perfect, broken = rows[("perfect", "all")], rows[("broken", "all")]
    assert (perfect.fields, perfect.teds, perfect.cer, perfect.failed_share) == (1.0, 1.0, 0.0, 0.0)
    assert (broken.fields, broken.teds, broken.failed_share, broken.cell_recall) == (0.0, 0.0, 1.0, 0.0)
    assert set(rows) == {(e, r) for e in ("perfect", "broken") for r in ("clean", "fax", "all")}


def test_command_end_to_end(monkeypatch, tmp_path, capsys):
    def fake_make(name, threads=None):
        if name == "missing":
            raise ExtractorUnavailable("not here: because")
        return {"perfect": Perfect, "broken": Broken}[name]()

    monkeypatch.setattr("bench.pool.make_extractor", fake_make)
    monkeypatch.setattr(accuracy_main, "out_dir", lambda: tmp_path)
    code = accuracy_main.main(
        [
            "--extractors",
            "perfect,broken,missing",
            "--samples",
            str(SAMPLES),
            "--no-realdata",
            "--save-docs",
            "--no-variety",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert (
        "| all | perfect | 2 | 0.0 | 100.0 | 100.0 | 100.0 | 100.0 | 0/0 | 0.000 | 100.0 | 1.000 |" in printed
    )
    assert "| all | missing | not available: not here: because |" in printed
    [raw] = tmp_path.glob("accuracy-*.json")
    data = json.loads(raw.read_text())
    assert data["unavailable"] == {"missing": "not here: because"}
    assert sum(not f["ok"] for f in data["files"]) == 2
    assert len(list(tmp_path.glob("docs-*/perfect/*.json"))) == 2


@pytest.mark.parametrize("payload", [{"files": []}, []])
def test_manifest_shapes(tmp_path, payload):
    (tmp_path / "manifest.json").write_text(json.dumps(payload))
    assert load_manifest(tmp_path) == []
