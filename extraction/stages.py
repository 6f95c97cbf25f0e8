"""The pipeline's stages: small callables with typed inputs and outputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from extraction.assess import assess_form
from extraction.load import PageChars, PageRules
from extraction.mapping import map_document
from extraction.ocr import DEFAULT_ENGINE, CellText, OcrEngine, get_engine, read_cells
from extraction.predictions import DocumentPrediction, PagePrediction
from extraction.prepare import PreparedPage, PrepareOptions, prepare_page, suppress_red
from extraction.structure import StructureParams, TableGrid, detect_tables
from extraction.structure.vector import vector_tables
from extraction.textlayer import fill_page, is_plausible
from extraction.types import PageContent, TextBlock
from models.ids import cell_id, table_id
from models.record import BBox, Cell, PageInfo, Table
from verification import PROFILES, verify_form


def prepare_digital(image: np.ndarray, index: int, options: PrepareOptions) -> PreparedPage:
    """A born-digital page is upright and straight by construction: no orientation, skew,
    perspective or illumination to estimate; only red seals are taken off (an e-seal's ring would
    pass for ruling)."""
    gray, annotations = suppress_red(image, options)
    height, width = image.shape[:2]
    info = PageInfo(index=index, width=width, height=height, annotations=annotations)
    return PreparedPage(image=image, gray=gray, info=info, transform=np.eye(3))


def shows_text_alone(chars: PageChars | None, rules: PageRules | None) -> bool:
    """A born-digital page that draws nothing but its (plausible) characters: no path, fill or
    image, so no ruling and no table can be on it, and its pixels need not be rendered."""
    return rules is not None and rules.draws_nothing and is_plausible(chars)


def text_only_page(index: int, size: tuple[int, int]) -> PagePrediction:
    """The prediction of such a page without its pixels: no table, and free text is read only
    around tables (as on OCRed pages)."""
    width, height = size
    empty = np.zeros((0, 0, 3), np.uint8)
    info = PageInfo(index=index, width=width, height=height, text_source="pdf_text")
    prepared = PreparedPage(image=empty, gray=empty[:, :, 0], info=info, transform=np.eye(3))
    content = PageContent(page=index, width=width, height=height, tables=[], text_blocks=[])
    return PagePrediction(index=index, original=empty, prepared=prepared, content=content)


class PrepareStage:
    def __init__(self, options: PrepareOptions | None = None) -> None:
        self.options = options or PrepareOptions()

    def __call__(self, page: PagePrediction) -> PagePrediction:
        if is_plausible(page.chars):
            prepared = prepare_digital(page.original, page.index, self.options)
        else:
            prepared = prepare_page(page.original, page.index, self.options)
        return page.model_copy(update={"prepared": prepared})


class VectorStructureStage:
    """A born-digital page's tables from the ruling its PDF draws as vectors (the raster structure
    stage is then skipped); scanned pages, and pages whose vectors do not explain the ruling seen
    on the page, are left to the raster stage."""

    def __init__(self, params: StructureParams | None = None) -> None:
        self.params = params or StructureParams()

    def __call__(self, page: PagePrediction) -> PagePrediction:
        prepared = page.prepared
        assert prepared is not None, "structure runs after prepare"
        # vector coordinates are the original page's: only an untransformed (digital) page matches
        if (
            page.rules is None
            or not is_plausible(page.chars)
            or not np.allclose(prepared.transform, np.eye(3))
        ):
            return page
        rules = page.rules
        grids = vector_tables(prepared.gray, rules.horizontal, rules.vertical, self.params, rules.fills)
        if grids is None:
            return page
        return page.model_copy(update={"grids": grids, "structure_source": "vector"})


class StructureStage:
    """Tables from the rendered page's pixels, unless the vector stage has found them already."""

    def __init__(self, params: StructureParams | None = None) -> None:
        self.params = params or StructureParams()

    def __call__(self, page: PagePrediction) -> PagePrediction:
        assert page.prepared is not None, "structure runs after prepare"
        if page.structure_source is not None:
            return page
        grids = detect_tables(page.prepared.gray, self.params)
        return page.model_copy(update={"grids": grids, "structure_source": "raster"})


class TextLayerStage:
    """Fills the cells and free text of a born-digital page from its PDF characters (exact text,
    confidence 1.0); a page without a plausible text layer, or whose layer misses printed cells,
    is left to OCR."""

    def __call__(self, page: PagePrediction) -> PagePrediction:
        if page.prepared is None or page.content is not None or not is_plausible(page.chars):
            return page
        assert page.chars is not None
        prepared = page.prepared
        content = fill_page(page.chars, prepared.gray, page.grids, page.index, prepared.transform)
        if content is None:
            return page
        info = prepared.info.model_copy(update={"text_source": "pdf_text"})
        return page.model_copy(
            update={"content": content, "prepared": prepared.model_copy(update={"info": info})}
        )


class OcrStage:
    """Reads every cell of every grid, and the free text above and below the tables."""

    def __init__(self, engine_name: str = DEFAULT_ENGINE, threads: int | None = 1) -> None:
        self.engine_name = engine_name
        self.threads = threads

    @property
    def engine(self) -> OcrEngine:
        return get_engine(self.engine_name, threads=self.threads)  # cached once per process

    @property
    def engine_description(self) -> str:
        return f"{self.engine.name} {self.engine.version}"  # e.g. "rapidocr 3.10.0 / PP-OCRv6 small"

    def __call__(self, page: PagePrediction) -> PagePrediction:
        assert page.prepared is not None, "ocr runs after prepare"
        if page.content is not None:
            return page  # read from the PDF's text layer
        gray = page.prepared.gray
        tables = [_read_table(self.engine, gray, grid, page.index, t) for t, grid in enumerate(page.grids)]
        blocks = _read_free_text(self.engine, gray, page.grids)
        height, width = gray.shape[:2]
        content = PageContent(page=page.index, width=width, height=height, tables=tables, text_blocks=blocks)
        info = page.prepared.info.model_copy(update={"text_source": "ocr"})
        prepared = page.prepared.model_copy(update={"info": info})
        return page.model_copy(update={"content": content, "prepared": prepared})


def _read_table(engine: OcrEngine, gray: np.ndarray, grid: TableGrid, page: int, index: int) -> Table:
    table = table_id(page, index)
    texts: Sequence[CellText] = read_cells(engine, gray, [c.bbox for c in grid.cells])
    cells = [
        Cell(
            id=cell_id(table, c.row, c.col),
            row=c.row,
            col=c.col,
            row_span=c.row_span,
            col_span=c.col_span,
            bbox=c.bbox,
            text=t.text,
            confidence=round(t.confidence, 4),
            alternatives=list(t.alternatives),
        )
        for c, t in zip(grid.cells, texts, strict=True)
    ]
    return Table(
        id=table,
        page=page,
        bbox=grid.bbox,
        n_rows=len(grid.row_edges) - 1,
        n_cols=len(grid.col_edges) - 1,
        cells=cells,
    )


def _free_regions(gray: np.ndarray, grids: Sequence[TableGrid]) -> list[BBox]:
    """The bands above the first table and below the last: title, year, signatures, dates."""
    height, width = gray.shape[:2]
    if not grids:
        return []
    top = min(g.bbox[1] for g in grids)
    bottom = max(g.bbox[3] for g in grids)
    regions: list[BBox] = []
    if top > 8:
        regions.append((0, 0, width, top))
    if height - bottom > 8:
        regions.append((0, bottom, width, height))
    return regions


_MIN_TEXT_PX = 12  # a printed character is larger than this even on a 150 dpi fax


def _text_bands(region: np.ndarray) -> list[BBox]:
    """Text lines of a margin by horizontal ink projection, each cut to its own column extent."""
    ink = region < 128
    rows = ink.sum(axis=1) >= 2
    bands: list[BBox] = []
    start: int | None = None
    for y, has_ink in enumerate([*rows.tolist(), False]):
        if has_ink and start is None:
            start = y
        elif not has_ink and start is not None:
            if y - start >= _MIN_TEXT_PX:
                cols = np.flatnonzero(ink[start:y].sum(axis=0) >= 1)
                bands.append((int(cols[0]), start, int(cols[-1]) + 1, y))
            start = None
    return bands


def _pad(box: BBox, pad: int, width: int, height: int) -> BBox:
    x0, y0, x1, y1 = box
    return (max(0, x0 - pad), max(0, y0 - pad), min(width, x1 + pad), min(height, y1 + pad))


def _read_free_text(engine: OcrEngine, gray: np.ndarray, grids: Sequence[TableGrid]) -> list[TextBlock]:
    """Lines above and below the tables. Single lines go to recognition alone (no detection: it
    costs ten times more on a wide margin); a band too tall for one line is read with detection."""
    height, width = gray.shape[:2]
    lines: list[BBox] = []
    tall: list[BBox] = []
    for rx0, ry0, rx1, ry1 in _free_regions(gray, grids):
        for bx0, by0, bx1, by1 in _text_bands(gray[ry0:ry1, rx0:rx1]):
            lines.append((bx0 + rx0, by0 + ry0, bx1 + rx0, by1 + ry0))
    if not lines:
        return []
    typical = float(np.median([b[3] - b[1] for b in lines]))
    single = [b for b in lines if b[3] - b[1] <= 1.8 * typical]
    tall = [b for b in lines if b[3] - b[1] > 1.8 * typical]
    padded = [_pad(b, max(4, round(0.25 * typical)), width, height) for b in single]
    read = engine.recognize([gray[y0:y1, x0:x1] for x0, y0, x1, y1 in padded])
    blocks = [
        TextBlock(text=line.text, bbox=box, confidence=line.score)
        for line, box in zip(read, padded, strict=True)
        if line.text.strip()
    ]
    for box in tall:
        x0, y0, x1, y1 = _pad(box, 12, width, height)
        for line in engine.detect_and_recognize(gray[y0:y1, x0:x1]):
            lx0, ly0, lx1, ly1 = line.bbox
            blocks.append(
                TextBlock(
                    text=line.text, bbox=(lx0 + x0, ly0 + y0, lx1 + x0, ly1 + y0), confidence=line.score
                )
            )
    return sorted(blocks, key=lambda b: (b.bbox[1], b.bbox[0]))


class MapStage:
    def __init__(self, extra_synonyms: Mapping[str, Sequence[str]] | None = None) -> None:
        self.extra_synonyms = extra_synonyms

    def __call__(self, document: DocumentPrediction) -> DocumentPrediction:
        contents = [p.content for p in document.pages if p.content is not None]
        mapped = map_document(contents, extra_synonyms=self.extra_synonyms)
        return document.model_copy(update={"forms": mapped.forms, "not_forms": mapped.not_forms})


class VerifyStage:
    def __init__(self, profile: str = "national") -> None:
        self.profile = PROFILES[profile]

    def __call__(self, document: DocumentPrediction) -> DocumentPrediction:
        forms = [f.model_copy(update={"findings": verify_form(f, self.profile)}) for f in document.forms]
        return document.model_copy(update={"forms": forms})


class AssessStage:
    """Confidence per field, the review block and arithmetic repair suggestions."""

    def __call__(self, document: DocumentPrediction) -> DocumentPrediction:
        tables = {t.id: t for p in document.pages for t in p.tables()}
        forms = [assess_form(f, tables) for f in document.forms]
        return document.model_copy(update={"forms": forms})
