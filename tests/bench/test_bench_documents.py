"""The report bench counts found, missed and false forms and scores each found form's fields."""

from __future__ import annotations

from typing import Literal

from bench.accuracy.documents import documents_table, score_document, speed_line
from models.record import Document, EngineInfo, Form, PageInfo, Source
from samplegen.report import compose


def _document(forms: list[Form], pages: int, source: Literal["ocr", "pdf_text"] = "ocr") -> Document:
    return Document(
        source=Source(path="r.pdf", sha256="0" * 64, page_count=pages, media_type="application/pdf"),
        engine=EngineInfo(formtally="test", ocr="test"),
        pages=[PageInfo(index=i, width=10, height=10, text_source=source) for i in range(pages)],
        forms=forms,
    )


def test_counts_found_missed_false_and_field_accuracy() -> None:
    pages, forms = compose(short=True)
    truth = _document(forms, len(pages))
    damaged = forms[0].model_copy(deep=True)
    damaged.fields.total_score = None  # one field lost
    false = forms[1].model_copy(update={"pages": [1]})  # a budget table taken for a form
    run = score_document("scanned", _document([damaged, false], len(pages)), truth, seconds=2.0)
    assert run.counts() == (1, 1, 1)
    assert run.false_forms == [[1]]
    assert run.forms[0].pred_pages == forms[0].pages and run.forms[1].pred_pages is None
    assert 0 < run.forms[0].right == run.forms[0].total - 1
    assert run.text_sources == {"ocr": len(pages)}
    assert "| scanned | 6 | ocr 6 | 1/2 | 1 | 1 |" in documents_table([run])


def test_speed_line_compares_digital_with_scanned() -> None:
    _, forms = compose(short=True)
    digital = score_document("digital", _document(forms, 6, "pdf_text"), _document(forms, 6), seconds=1.0)
    scanned = score_document("scanned", _document(forms, 6), _document(forms, 6), seconds=30.0)
    assert digital.field_accuracy() == 1.0
    assert speed_line([digital, scanned]).endswith("30.0× faster")


def test_documents_speed_groups_pages_by_kind() -> None:
    from bench.speed.documents import PageTime, VersionTimes, table

    def times(version: str, form_s: float, text_s: float, source: str) -> VersionTimes:
        def page(index: int, seconds: float, form: bool) -> PageTime:
            return PageTime(index=index, seconds=seconds, cpu_seconds=seconds / 2, tables=int(form),
                            form=form, text_source=None, structure_source=source)  # fmt: skip

        return VersionTimes(
            version=version, pages=[page(0, text_s, False), page(1, form_s, True), page(2, form_s, True)]
        )

    runs = {"digital": times("digital", 0.5, 0.5, "vector"), "scanned": times("scanned", 10.0, 0.5, "raster")}
    assert runs["digital"].rate("form") == (2, 2.0)
    assert runs["digital"].rate("form", cpu=True) == (2, 4.0)
    assert runs["scanned"].rate("all") == (3, 3 / 20.5)
    assert "| form pages (2) | 2.00 | 0.10 | 20.0× | 20.0× |" in table(runs)
    assert "| other table pages (0) | 0.00 | 0.00 | – | – |" in table(runs)
    assert "vector ruling: 3/3" in table(runs)
