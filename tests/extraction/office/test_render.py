"""The page drawn for an office document: its ruling lies on the cells' bboxes, merged cells are one
box, and each cell's text is inside it (the review app's overlay uses the same bboxes)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extraction.load import open_document
from extraction.office.grid import OfficeCell, OfficeTable, page_content
from extraction.office.render import RULE, render_office_page
from extraction.types import PageContent
from models.record import Form
from samplegen.report.office import build_office

DARK = 128


def _dark(image: np.ndarray) -> np.ndarray:
    return image.min(axis=2) < DARK


def _check_rules_on_bboxes(content: PageContent, image: np.ndarray) -> None:
    ink = _dark(image)
    for table in content.tables:
        for cell in table.cells:
            x0, y0, x1, y1 = cell.bbox
            # each edge of the bbox is a ruled line along its whole length (corners aside)
            assert ink[y0 + 3 : y1 - 3, x0].all() and ink[y0 + 3 : y1 - 3, x1].all(), cell.id
            assert ink[y0, x0 + 3 : x1 - 3].all() and ink[y1, x0 + 3 : x1 - 3].all(), cell.id
            # just inside the rule, before the text's padding: paper
            assert not ink[y0 + RULE + 2, x0 + RULE + 2 : x1 - RULE - 2].any(), cell.id
            if cell.text.strip():  # its text is drawn inside the box, not beside it
                assert ink[y0 + RULE + 1 : y1 - RULE, x0 + RULE + 1 : x1 - RULE].any(), cell.id


def test_cells_and_merges_are_drawn_at_their_bboxes() -> None:
    table = OfficeTable(
        n_rows=2,
        n_cols=3,
        col_widths=[200, 150, 250],
        cells=[
            OfficeCell(row=0, col=0, col_span=2, text="项目名称"),  # merged over two columns
            OfficeCell(row=0, col=2, row_span=2, text="100.00%"),  # and over two rows
            OfficeCell(row=1, col=0, text="总额"),
            OfficeCell(row=1, col=1, text=""),
        ],
        above=["部门预算项目支出绩效自评表"],
    )
    content = page_content(0, [table])
    image = render_office_page(content)
    assert image.shape == (content.height, content.width, 3) and image.dtype == np.uint8
    _check_rules_on_bboxes(content, image)
    ink = _dark(image)
    at = {(c.row, c.col): c for c in content.tables[0].cells}
    x_inner = at[1, 1].bbox[0]  # where columns 0 and 1 meet
    assert at[0, 0].bbox[0] < x_inner < at[0, 0].bbox[2]
    assert not ink[at[0, 0].bbox[1] + RULE + 3, x_inner]  # no rule down the merged cell
    assert ink[at[1, 1].bbox[1] + RULE + 3, x_inner]  # but one between the cells below it
    y_inner = at[1, 0].bbox[1]  # where rows 0 and 1 meet
    assert at[0, 2].bbox[1] < y_inner < at[0, 2].bbox[3]
    assert not ink[y_inner, at[0, 2].bbox[0] + RULE + 3]  # no rule across the row-spanning cell
    title = content.text_blocks[0]
    x0, y0, x1, y1 = title.bbox
    assert ink[y0:y1, x0:x1].any() and not ink[: y0 - 1, :].any()  # the title is above the table


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Form]:
    return build_office(tmp_path_factory.mktemp("office"))


@pytest.mark.parametrize("which", [0, 1], ids=["xlsx", "docx"])
def test_the_sample_office_forms_page_is_their_grid(office: tuple[Path, Path, Form], which: int) -> None:
    opened = open_document(office[which])
    assert opened.office is not None
    image = opened.page(0)
    assert (image.shape[1], image.shape[0]) == opened.sizes[0]
    _check_rules_on_bboxes(opened.office[0], image)
    assert _dark(image).mean() > 0.01  # not the blank page it used to be
