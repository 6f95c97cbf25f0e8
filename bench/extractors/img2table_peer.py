"""Peer: img2table 2.0 (OpenCV ruled-table extraction) reading with formtally's own RapidOCR engine
(whole page, as img2table's OCR hook expects); its tables become models.record.Table, then formtally's
mapping stage."""

from __future__ import annotations

from collections import defaultdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

import cv2

from bench.extractors.base import ExtractorUnavailable
from bench.extractors.engine_page import engine_description, load_engine, page_boxes
from bench.extractors.mapped import build_document
from bench.extractors.pages import RGBImage, Timer, load_pages
from bench.extractors.pseudo import TextBox, group_lines, line_blocks
from extraction.types import PageContent
from models.ids import cell_id, table_id
from models.record import BBox, Cell, Document, Table


def _inside(box: BBox, area: BBox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] <= cx <= area[2] and area[1] <= cy <= area[3]


def convert_table(extracted: Any, page: int, index: int) -> Table:
    """img2table repeats a spanning cell in every grid slot it covers; fold the slots back into spans."""
    slots: dict[tuple[BBox, str], list[tuple[int, int]]] = defaultdict(list)
    for r, row in extracted.content.items():
        for c, cell in enumerate(row):
            b = cell.bbox
            slots[((b.x1, b.y1, b.x2, b.y2), cell.value or "")].append((int(r), c))
    table = table_id(page, index)
    cells = []
    for (bbox, text), where in slots.items():
        rows, cols = [r for r, _ in where], [c for _, c in where]
        r0, c0 = min(rows), min(cols)
        cells.append(
            Cell(
                id=cell_id(table, r0, c0),
                row=r0,
                col=c0,
                row_span=max(rows) - r0 + 1,
                col_span=max(cols) - c0 + 1,
                bbox=bbox,
                text=text,
            )
        )
    b = extracted.bbox
    return Table(
        id=table,
        page=page,
        bbox=(b.x1, b.y1, b.x2, b.y2),
        n_rows=len(extracted.content),
        n_cols=max((len(row) for row in extracted.content.values()), default=0),
        cells=sorted(cells, key=lambda cell: (cell.row, cell.col)),
    )


class Img2TableExtractor:
    name = "img2table"

    def __init__(self, threads: int | None = None) -> None:
        try:
            from img2table.document import Image
            from img2table.ocr._types import OCRData, OCRInstance
        except ImportError as exc:
            raise ExtractorUnavailable(f"img2table not importable: {exc}") from exc
        self._image_cls = Image
        engine = load_engine("rapidocr", threads)  # the engine rapidocr-page uses (whole pages: float)

        class SharedRapidOcr(OCRInstance):
            """img2table's OCR hook; keeps the page's boxes so the text outside tables is not lost."""

            def __init__(self) -> None:
                self.last_boxes: list[list[TextBox]] = []

            def of(self, document: Any) -> Any:
                self.last_boxes = [page_boxes(engine, image) for image in document.images]
                records = {
                    page: [
                        {
                            "id": f"w{page}_{i}",
                            "parent": f"w{page}_{i}",
                            "value": b.text,
                            "confidence": int(100 * b.score),
                            "x1": b.bbox[0],
                            "y1": b.bbox[1],
                            "x2": b.bbox[2],
                            "y2": b.bbox[3],
                        }
                        for i, b in enumerate(boxes)
                    ]
                    for page, boxes in enumerate(self.last_boxes)
                    if boxes
                }
                return OCRData(records=records) if records else None

        self.ocr = SharedRapidOcr()
        self.version = f"img2table {version('img2table')} + {engine_description(engine)}"

    def _page(self, image: RGBImage, page: int) -> PageContent:
        ok, png = cv2.imencode(".png", cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
        if not ok:
            raise ValueError(f"page {page}: could not encode the page for img2table")
        # detect_rotation: img2table's own skew fix, its best shot on scans and photos
        document = self._image_cls(src=png.tobytes(), detect_rotation=True)
        self.ocr.last_boxes = []
        extracted = document.extract_tables(ocr=self.ocr, implicit_rows=False, borderless_tables=False)
        tables = [convert_table(t, page, i) for i, t in enumerate(extracted)]
        outside = [
            box
            for boxes in self.ocr.last_boxes
            for box in boxes
            if not any(_inside(box.bbox, t.bbox) for t in tables)
        ]
        height, width = document.images[0].shape[:2]
        return PageContent(
            page=page,
            width=width,
            height=height,
            tables=tables,
            text_blocks=line_blocks(group_lines(outside)),
        )

    def extract(self, path: Path) -> Document:
        timer = Timer()
        with timer.stage("load"):
            pages = load_pages(path)
        with timer.stage("structure+ocr"):
            contents = [self._page(image, index) for index, image in enumerate(pages)]
        return build_document(path, contents, f"peer:{self.name}", self.version, timer)
