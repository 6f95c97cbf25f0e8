"""The pipeline's page loop: one page decoded at a time, partial success, the time limit."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extraction.load import OpenedDocument, open_document
from extraction.pipeline import ExtractionFailed, ExtractOptions, build_page_pipe, run_pages
from extraction.predictions import PagePrediction
from extraction.stages import OcrStage


def _tiff(path: Path, count: int) -> Path:
    pages = [Image.new("RGB", (60 + 10 * i, 80), "white") for i in range(count)]
    pages[0].save(path, format="TIFF", save_all=True, append_images=pages[1:])
    return path


class CountingDocument:
    """Wraps an OpenedDocument's page() to count decodes."""

    def __init__(self, opened: OpenedDocument, monkeypatch: pytest.MonkeyPatch) -> None:
        self.decoded: list[int] = []
        original = OpenedDocument.page

        def page(doc: OpenedDocument, index: int) -> np.ndarray:
            self.decoded.append(index)
            return original(doc, index)

        monkeypatch.setattr(OpenedDocument, "page", page)


def test_pages_run_one_at_a_time_and_their_pixels_are_dropped(tmp_path: Path, monkeypatch) -> None:
    opened = open_document(_tiff(tmp_path / "a.tif", 3))
    counter = CountingDocument(opened, monkeypatch)
    seen: list[tuple[int, list[int]]] = []

    def stage(page: PagePrediction) -> PagePrediction:
        seen.append((page.index, list(counter.decoded)))
        return page

    sunk: list[tuple[int, tuple[int, ...]]] = []
    pages = run_pages(opened, [("look", stage)], {}, sink=lambda i, image: sunk.append((i, image.shape)))
    assert seen == [(0, [0]), (1, [0, 1]), (2, [0, 1, 2])]  # page i+1 decoded only after page i ran
    assert sunk == [(0, (80, 60, 3)), (1, (80, 70, 3)), (2, (80, 80, 3))]
    assert all(p.original.size == 0 for p in pages)


def test_a_failing_page_is_reported_and_the_others_go_on(tmp_path: Path) -> None:
    opened = open_document(_tiff(tmp_path / "a.tif", 3))

    def stage(page: PagePrediction) -> PagePrediction:
        if page.index == 1:
            raise ValueError("the structure stage broke on this page")
        return page

    pages = run_pages(opened, [("boom", stage)], {})
    assert [p.failure.error if p.failure else None for p in pages] == [
        None,
        "ValueError: the structure stage broke on this page",
        None,
    ]
    assert pages[1].failure is not None and (pages[1].failure.width, pages[1].failure.height) == (70, 80)


def test_when_every_page_fails_the_document_fails_with_one_line(tmp_path: Path) -> None:
    opened = open_document(_tiff(tmp_path / "a.tif", 2))

    def stage(page: PagePrediction) -> PagePrediction:
        raise RuntimeError("no\nluck")

    with pytest.raises(ExtractionFailed) as caught:
        run_pages(opened, [("boom", stage)], {})
    assert str(caught.value) == f"{tmp_path / 'a.tif'}: RuntimeError: no luck"


def test_pages_not_started_within_the_time_limit_are_reported(tmp_path: Path) -> None:
    opened = open_document(_tiff(tmp_path / "a.tif", 3))

    def slow(page: PagePrediction) -> PagePrediction:
        time.sleep(0.2)
        return page

    pages = run_pages(opened, [("slow", slow)], {}, deadline=time.perf_counter() + 0.1)
    assert pages[0].failure is None
    assert [p.failure.error for p in pages[1:] if p.failure] == [
        "time limit per document reached before this page"
    ] * 2


def test_one_intra_op_thread_per_worker_by_default() -> None:
    # None would let ONNX Runtime take every core; parallelism comes from worker processes instead
    assert ExtractOptions().threads == 1
    stages = [stage for _, stage in build_page_pipe(ExtractOptions()) if isinstance(stage, OcrStage)]
    assert [s.threads for s in stages] == [1]
    assert OcrStage().threads == 1
