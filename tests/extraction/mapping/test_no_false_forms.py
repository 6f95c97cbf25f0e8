"""No self-assessment form is claimed on any real page of shared/realdata (none of them is one).

The pages' OCR output (tables with cell text, free text lines) is stored under
tests/fixtures/realdata_pages/ by `python -m bench.accuracy.false_forms --write-fixtures`; the mapper
runs on exactly what it sees in production, without the OCR cost in the test run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.accuracy.false_forms import FIXTURES, judge_page
from extraction.types import PageContent

PAGES = sorted(FIXTURES.glob("*.json"))


def test_every_real_page_is_there() -> None:
    subsets = {p.name.split("__")[0] for p in PAGES}
    assert len(PAGES) >= 116, len(PAGES)
    assert {"ctdar2019_trackb2", "ctdar2019_tracka_zh", "wired_tables", "ruling_lines"} <= subsets


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_no_form_on_a_real_page(path: Path) -> None:
    contents = [PageContent.model_validate(p) for p in json.loads(path.read_text(encoding="utf-8"))]
    verdict = judge_page(path.stem, contents)
    assert verdict.forms == 0, verdict.reasons
