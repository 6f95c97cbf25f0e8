"""Pages an earlier run finished are taken from the checkpoint, never run twice (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from extraction.checkpoint import PageRecord
from extraction.load import open_document
from extraction.pipeline import ExtractionFailed, run_pages
from extraction.predictions import PagePrediction
from extraction.types import PageContent


class Crash(BaseException):
    """What a killed process looks like to the code after it: nothing after the raise runs."""


class MemoryCheckpoint:
    def __init__(self) -> None:
        self.records: dict[int, str] = {}  # as JSON: what a sidecar file would hold
        self.pages: int | None = None

    def begin(self, pages: int) -> None:
        self.pages = pages

    def restore(self, index: int) -> PageRecord | None:
        text = self.records.get(index)
        return PageRecord.model_validate_json(text) if text is not None else None

    def save(self, record: PageRecord) -> None:
        self.records[record.index] = record.model_dump_json()


def _tiff(path: Path, count: int) -> Path:
    pages = [Image.new("RGB", (60 + 10 * i, 80), "white") for i in range(count)]
    pages[0].save(path, format="TIFF", save_all=True, append_images=pages[1:])
    return path


def test_a_crashed_run_resumes_at_the_first_unfinished_page(tmp_path: Path) -> None:
    opened = open_document(_tiff(tmp_path / "a.tif", 5))
    checkpoint = MemoryCheckpoint()
    ran: list[int] = []

    def stage(page: PagePrediction, crash_at: int | None) -> PagePrediction:
        if page.index == crash_at:
            raise Crash
        if page.index == 1:
            raise ValueError("a damaged page")  # a failed page is finished too: kept with its error
        ran.append(page.index)
        content = PageContent(page=page.index, width=page.original.shape[1], height=80)
        return page.model_copy(update={"content": content})

    with pytest.raises(Crash):
        run_pages(opened, [("s", lambda p: stage(p, 3))], {}, checkpoint=checkpoint)
    assert ran == [0, 2] and sorted(checkpoint.records) == [0, 1, 2] and checkpoint.pages == 5

    shown: list[tuple[int, int]] = []
    pages = run_pages(
        opened,
        [("s", lambda p: stage(p, None))],
        {},
        checkpoint=checkpoint,
        progress=lambda *d: shown.append(d),
    )
    assert ran == [0, 2, 3, 4]  # pages 0-2 were not run again
    assert [p.index for p in pages] == [0, 1, 2, 3, 4]
    assert pages[1].failure is not None and pages[1].failure.error == "ValueError: a damaged page"
    assert [(p.failure or p.info()).width for p in pages] == [60, 70, 80, 90, 100]  # as recorded
    assert pages[0].content is not None and pages[0].content.page == 0
    assert shown == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_pages_skipped_by_the_time_limit_are_not_checkpointed(tmp_path: Path) -> None:
    opened = open_document(_tiff(tmp_path / "a.tif", 2))
    checkpoint = MemoryCheckpoint()
    with pytest.raises(ExtractionFailed, match="time limit"):
        run_pages(opened, [("s", lambda p: p)], {}, deadline=0.0, checkpoint=checkpoint)
    assert checkpoint.records == {} and checkpoint.pages == 2  # a rerun with more time runs them
