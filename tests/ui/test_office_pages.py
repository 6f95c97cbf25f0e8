"""An office attachment in the review app: the page drawn from its cells is shown beside the form,
as a scan's page is, and the cells' bboxes lie on its ruling (issue 15)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select

from extraction.load import open_document
from samplegen.report.office import build_office
from service.batch.render import encode_page
from service.batch.scan import ScanOptions, run_scan
from service.storage import Store
from service.storage.schema import DocumentRow, FormRow, PageImageRow, ResultRow
from tests.ui.conftest import Seeded, messages, open_review


@pytest.fixture
def office_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Seeded]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    xlsx, docx, _ = build_office(tmp_path / "office")
    for path in (xlsx, docx):
        (inbox / path.name).write_bytes(path.read_bytes())
    data_dir = tmp_path / "data"
    store = Store.open(data_dir=data_dir)
    report = run_scan(store, ScanOptions(root=inbox, executor="inline"))
    assert report.done == 2 and not report.failed
    with store.reader() as session:
        rows = session.execute(
            select(DocumentRow.path, FormRow.id).join(FormRow, FormRow.document_id == DocumentRow.id)
        ).all()
    monkeypatch.setenv("FORMTALLY_DATA", str(data_dir))
    monkeypatch.delenv("FORMTALLY_DB", raising=False)
    yield Seeded(store, data_dir, {Path(path).suffix[1:]: form_id for path, form_id in rows})
    store.close()


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_the_drawn_page_is_shown_beside_an_office_form(office_store: Seeded, kind: str) -> None:
    at = open_review(office_store, kind)
    assert not any("没有保存页面图像" in m for m in messages(at))
    (left,) = [c for c in at.columns if round(c.weight, 2) == 0.55]
    assert left.image  # the page, as for a scan


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_the_stored_page_is_the_cells_grid(office_store: Seeded, kind: str, tmp_path: Path) -> None:
    store = office_store.store
    with store.reader() as session:
        form = session.get(FormRow, office_store.forms[kind])
        assert form is not None
        result = session.get(ResultRow, form.result_id)
        assert result is not None
        image_row = session.scalars(select(PageImageRow).where(PageImageRow.result_id == result.id)).one()
        document = session.get(DocumentRow, form.document_id)
        assert document is not None
    data = store.pages.get(image_row.sha256)
    stored = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    drawn = open_document(Path(document.path)).page(0)
    assert data == encode_page(Image.fromarray(drawn))  # the drawn page, as every page is stored (JPEG)
    ink = stored.min(axis=2) < 128
    cells = [c for t in result.payload["tables"] for c in t["cells"]]
    assert cells
    for cell in cells:  # the overlay's boxes are the drawn rules
        x0, y0, x1, y1 = cell["bbox"]
        assert ink[y0 + 3 : y1 - 3, x0].all() and ink[y0, x0 + 3 : x1 - 3].all(), cell["id"]
