"""The page image with the detected grid drawn over it, cells coloured by confidence and findings;
zoomed views and cell crops. Pure PIL: the pages hold no Streamlit state."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import cv2
from PIL import Image, ImageDraw

from models.paths import iter_fields
from models.record import BBox, Form, Table
from ui.tables import LOW_CONFIDENCE, marked

DISPLAY_WIDTH = 1240  # about the pixels the page view needs (half an A4 page at 300 dpi)
# RGBA: fill and outline per state; findings win over confidence.
STYLES: dict[str, tuple[tuple[int, int, int, int], tuple[int, int, int, int], int]] = {
    "error": ((220, 38, 38, 70), (220, 38, 38, 255), 4),
    "warning": ((245, 158, 11, 60), (217, 119, 6, 255), 3),
    "low": ((250, 204, 21, 80), (202, 138, 4, 255), 2),
    "ok": ((34, 197, 94, 18), (22, 163, 74, 160), 1),
    "focus": ((37, 99, 235, 40), (37, 99, 235, 255), 5),
    "row": ((99, 102, 241, 45), (79, 70, 229, 200), 3),  # the cursor's row: a tint across the table
}
LEGEND = (
    ":red-background[错误涉及] :orange-background[警告涉及] :yellow-background[低置信度] "
    ":green-background[已核对 / 高置信度] :blue-background[当前聚焦] :violet-background[光标所在行]"
)


@dataclass(frozen=True)
class CellState:
    state: str  # a key of STYLES
    confidence: float


def cell_states(form: Form, tables: list[Table]) -> dict[str, CellState]:
    """State of every cell: findings first, then the confidence of the field it holds (the OCR's
    own score for cells no field came from)."""
    field_conf: dict[str, float] = {}
    for _, value in iter_fields(form):
        for cell_id in value.cells:
            field_conf[cell_id] = min(field_conf.get(cell_id, 1.0), value.confidence)
    severity: dict[str, str] = {}
    for finding in form.findings:
        for cell_id in marked(finding, form)[1]:
            if finding.severity == "error" or severity.get(cell_id) != "error":
                severity[cell_id] = "error" if finding.severity == "error" else "warning"
    states = {}
    for table in tables:
        for cell in table.cells:
            confidence = field_conf.get(cell.id, cell.confidence)
            state = severity.get(cell.id) or ("low" if confidence < LOW_CONFIDENCE else "ok")
            states[cell.id] = CellState(state, confidence)
    return states


@dataclass(frozen=True)
class Raster:
    """A page image as the app shows it: `scale` × the PageInfo pixels that cell bboxes use."""

    image: Image.Image
    scale: float


def load_page(path: Path, width: int) -> Raster:
    """Decode a stored page, halved in the decoder when it is wider than the view needs: a 300 dpi
    A4 page (2480 px) decodes in about half the time and needs no resize afterwards."""
    factor = 2 if width > 2 * DISPLAY_WIDTH * 0.7 else 1
    flag = cv2.IMREAD_REDUCED_COLOR_2 if factor == 2 else cv2.IMREAD_COLOR
    pixels = cv2.imread(str(path), flag)
    if pixels is None:
        raise OSError(f"cannot read page image {path}")
    image = Image.fromarray(cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB))
    return Raster(image, image.width / width if width else 1.0 / factor)


def draw_overlay(
    page: Raster,
    page_index: int,
    tables: list[Table],
    states: dict[str, CellState],
    focus: set[str] | None = None,
    bands: list[BBox] | None = None,
) -> Image.Image:
    """The page with every cell of its tables drawn in the colour of its state, the rows in `bands`
    (page pixels) tinted, and the `focus` cells outlined on top of both."""
    focus = focus or set()
    cells = [c for t in tables if t.page == page_index for c in t.cells]
    grid = [(c.bbox, states.get(c.id, CellState("ok", 1.0)).state) for c in cells if c.id not in focus]
    on_top = [(band, "row") for band in bands or []] + [(c.bbox, "focus") for c in cells if c.id in focus]
    # A band drawn into the grid's layer would replace the cells' colours, not tint them: it gets a
    # layer of its own (one more composite, ~30 ms on a 1580 px page), the focus drawn over it.
    layers = [grid, on_top] if bands else [grid + on_top]
    image = page.image.convert("RGBA")
    for boxes in layers:
        if boxes:
            image = Image.alpha_composite(image, _layer(image.size, boxes, page.scale))
    return image.convert("RGB")


def _layer(size: tuple[int, int], boxes: list[tuple[BBox, str]], scale: float) -> Image.Image:
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for bbox, style in boxes:
        fill, outline, line = STYLES[style]
        x0, y0, x1, y1 = (round(v * scale) for v in bbox)
        draw.rectangle((x0, y0, x1, y1), fill=fill, outline=outline, width=line)
    return layer


def zoom_view(image: Image.Image, zoom: float, center: tuple[float, float] | None) -> Image.Image:
    """A crop of `image` magnified by `zoom` around `center` (image pixels), kept inside the page."""
    if zoom <= 1.0:
        return image
    w, h = round(image.width / zoom), round(image.height / zoom)
    cx, cy = center or (image.width / 2, image.height / 2)
    x0 = int(min(max(cx - w / 2, 0), image.width - w))
    y0 = int(min(max(cy - h / 2, 0), image.height - h))
    return image.crop((x0, y0, x0 + w, y0 + h)).resize((image.width, image.height), Image.Resampling.BILINEAR)


def bbox_center(bbox: BBox, scale: float) -> tuple[float, float]:
    x0, y0, x1, y1 = bbox
    return (x0 + x1) / 2 * scale, (y0 + y1) / 2 * scale


def crop_cell(page: Raster, bbox: BBox, size: tuple[int, int] = (240, 44), pad: int = 6) -> Image.Image:
    """The cell as scanned (a little margin), scaled to fit a table row of `size`."""
    image = page.image
    x0, y0, x1, y1 = (v * page.scale for v in bbox)
    box = (max(0, x0 - pad), max(0, y0 - pad), min(image.width, x1 + pad), min(image.height, y1 + pad))
    crop = image.crop(box)
    crop.thumbnail(size)  # keeps the aspect ratio; never enlarges
    return crop


def jpeg(image: Image.Image) -> bytes:
    """The view as JPEG: a tenth of the time PNG takes for a scanned page, for the same look."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def data_uri(image: Image.Image) -> str:
    """PNG data URI, the form st.column_config.ImageColumn shows inside a table."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
