"""read_cells routing, line splitting and aggregation, with a fake engine (no models, fast)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from extraction.ocr import TextLine, get_engine, read_cells
from extraction.ocr.images import join_lines, reading_order


class FakeEngine:
    """Reads every crop as the next of `texts` (or "L<n>"), scoring it `scores[n]` (or 0.99)."""

    name = "fake"
    version = "0"

    def __init__(self, texts: Sequence[str] = (), scores: Sequence[float] = ()) -> None:
        self.texts, self.scores = list(texts), list(scores)
        self.recognized: list[list[np.ndarray]] = []
        self.detected: list[np.ndarray] = []
        self.count = 0

    def _next(self, bbox: tuple[int, int, int, int]) -> TextLine:
        n, self.count = self.count, self.count + 1
        text = self.texts[n] if n < len(self.texts) else f"L{n}"
        return TextLine(text=text, score=self.scores[n] if n < len(self.scores) else 0.99, bbox=bbox)

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        self.recognized.append(list(crops))
        return [self._next((0, 0, c.shape[1], c.shape[0])) for c in crops]

    def detect_and_recognize(self, image: np.ndarray) -> list[TextLine]:
        self.detected.append(image)
        height, width = image.shape[:2]
        return [
            self._next((2, 2, width - 2, height // 2)),
            self._next((2, height // 2, width - 2, height - 2)),
        ]


def ruled_page(cells: list[tuple[int, int, int, int]], size: tuple[int, int] = (400, 900)) -> np.ndarray:
    page = np.full(size, 255, dtype=np.uint8)
    for x0, y0, x1, y1 in cells:  # 2 px ruling on the cell borders
        page[y0 : y0 + 2, x0:x1] = page[y1 - 2 : y1, x0:x1] = 0
        page[y0:y1, x0 : x0 + 2] = page[y0:y1, x1 - 2 : x1] = 0
    return page


def ink(page: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> None:
    """A block of 'text': vertical strokes, so it's ink but not a ruling line."""
    page[y0:y1, x0:x1:4] = 0


CELLS = [(0, 0, 300, 100), (300, 0, 600, 100), (600, 0, 900, 100), (0, 100, 300, 300), (300, 100, 600, 300)]


def test_empty_and_ruling_only_cells_skip_ocr() -> None:
    page = ruled_page(CELLS)
    page[0:100, 150:152] = 0  # a ruling line crossing the first cell: a mis-detected grid
    page[100:112, 450:453] = 0  # a stub of a neighbour's ruling poking into the cell
    page[5:8, 600:900] = 0  # a doubled, offset top ruling
    engine = FakeEngine()
    cells = read_cells(engine, page, CELLS)
    assert all(c.text == "" and c.confidence == 1.0 and c.lines == [] for c in cells)
    assert engine.recognized == [[]] and engine.detected == []


def test_single_lines_are_batched_without_detection() -> None:
    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    ink(page, 340, 30, 560, 70)
    ink(page, 40, 180, 260, 220)
    engine = FakeEngine(texts=["项目名称", "80万元", "≥98%"])
    cells = read_cells(engine, page, CELLS)
    assert [c.text for c in cells] == ["项目名称", "80万元", "", "≥98%", ""]
    assert len(engine.recognized) == 1 and len(engine.recognized[0]) == 3
    assert engine.detected == []
    x0, y0, x1, y1 = cells[1].lines[0].bbox  # tight around the ink plus a margin, in page pixels
    assert 300 < x0 < 340 and 15 < y0 <= 30 and 560 <= x1 < 600 and 70 <= y1 < 90


def test_equals_sign_is_one_line() -> None:
    """The two bars of = are equal, so neither is a sliver in its cell: the page's line height decides."""
    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    ink(page, 340, 30, 560, 70)
    page[190:193, 140:160] = page[200:203, 140:160] = 0  # '=' alone in a cell
    engine = FakeEngine(texts=["a", "b", "二"])
    cells = read_cells(engine, page, CELLS)
    assert cells[3].text == "二" and len(cells[3].lines) == 1
    assert cells[3].alternatives == ["="]  # a lone 二 may be =: offered, not substituted
    assert cells[0].alternatives == []
    _, y0, _, y1 = cells[3].lines[0].bbox
    assert y1 - y0 >= 40  # cropped a full line high around it, for context


def test_isolated_specks_are_noise_punctuation_is_not() -> None:
    page = ruled_page(CELLS)
    ink(page, 40, 30, 120, 70)
    page[45:50, 250:255] = 0  # fax speck 130 px right of the text
    ink(page, 340, 30, 400, 70)
    page[64:69, 405:410] = 0  # a decimal point right after its digits
    ink(page, 340, 30, 400, 70)
    page[40:45, 700:705] = 0  # a speck alone in a cell
    engine = FakeEngine()
    cells = read_cells(engine, page, CELLS)
    assert cells[0].lines[0].bbox[2] < 200  # the crop ends near the text, not at the speck
    assert cells[1].lines[0].bbox[2] > 410  # the point is part of the line
    assert cells[2].text == "" and cells[2].confidence == 1.0
    assert len(engine.recognized[0]) == 2


def test_faint_streak_is_painted_out_text_is_not() -> None:
    """A scanner streak crossing a — turned it into 十: light lines across the cell become paper."""
    page = ruled_page(CELLS)
    ink(page, 340, 30, 560, 70)
    page[100:300, 148:151] = 215  # a light vertical streak, top to bottom
    page[160:165, 120:180] = 0  # through a — in the middle of the cell
    engine = FakeEngine()
    read_cells(engine, page, CELLS)
    dash = engine.recognized[0][1]
    streak = dash[:, (dash < 250).all(axis=0) & (dash > 100).any(axis=0)]
    assert streak.size == 0  # no column of the crop is still shaded from top to bottom
    assert (dash < 50).sum() >= 5 * 60  # the dash itself is whole


def test_multiline_cell_split_by_projection() -> None:
    page = ruled_page(CELLS)
    for top in (120, 170, 220):
        ink(page, 330, top, 570, top + 36)
    engine = FakeEngine(
        texts=["全市参保人员及退休", "职工养老金按时足额", "发放率≥98%"], scores=[0.9, 0.6, 0.9]
    )
    cell = read_cells(engine, page, CELLS)[4]
    assert cell.text == "全市参保人员及退休职工养老金按时足额发放率≥98%"
    assert [line.bbox[1] for line in cell.lines] == sorted(line.bbox[1] for line in cell.lines)
    # mean per-character score: 9 × 0.9 + 9 × 0.6 + 7 × 0.9 over 25 characters
    assert cell.confidence == pytest.approx((9 * 0.9 + 9 * 0.6 + 7 * 0.9) / 25)
    assert engine.detected == []


def test_multiline_cell_with_detection() -> None:
    page = ruled_page(CELLS)
    for top in (120, 170, 220):
        ink(page, 330, top, 570, top + 36)
    engine = FakeEngine(texts=["甲", "乙"])
    cell = read_cells(engine, page, CELLS, multiline="detect")[4]
    assert cell.text == "甲乙"
    assert len(engine.detected) == 1 and engine.recognized == [[]]
    crop_h, crop_w = engine.detected[0].shape
    assert crop_h < 200 and crop_w < 300  # inside the ruling
    assert cell.lines[0].bbox[0] > 300 and cell.lines[0].bbox[1] > 100  # back in page pixels


def test_thin_strokes_stay_on_their_line() -> None:
    """二 or a lone underline: a sliver band merges into its neighbour rather than becoming a line."""
    page = ruled_page(CELLS)
    ink(page, 40, 25, 200, 60)
    page[66:69, 40:200:4] = 0  # a 3 px sliver 6 px below
    engine = FakeEngine()
    (cell, *_) = read_cells(engine, page, CELLS)
    assert len(cell.lines) == 1 and len(engine.recognized[0]) == 1


def test_band_much_taller_than_the_page_lines_goes_to_detection() -> None:
    grid = [(x, y, x + 150, y + 100) for y in (0, 100) for x in range(0, 900, 150)]
    cells = [*grid, (0, 200, 300, 400)]
    page = ruled_page(cells, size=(400, 900))
    for x0, y0, _, _ in grid:  # a page of one-line cells, 40 px high
        ink(page, x0 + 30, y0 + 30, x0 + 120, y0 + 70)
    ink(page, 40, 215, 260, 385)  # 170 px of touching lines
    engine = FakeEngine()
    read_cells(engine, page, cells)
    assert len(engine.detected) == 1 and len(engine.recognized[0]) == len(grid)


def test_ink_but_nothing_read_is_low_confidence() -> None:
    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    (cell, *_) = read_cells(FakeEngine(texts=[""], scores=[0.0]), page, CELLS)
    assert cell.text == "" and cell.confidence == 0.0


def test_engine_errors_propagate() -> None:
    class Broken(FakeEngine):
        def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
            raise RuntimeError("onnxruntime exploded")

    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    with pytest.raises(RuntimeError, match="exploded"):
        read_cells(Broken(), page, CELLS)


def test_engine_returning_too_few_lines_is_an_error() -> None:
    class Short(FakeEngine):
        def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
            return super().recognize(crops)[:-1]

    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    with pytest.raises(RuntimeError, match="returned 0 lines for 1 crops"):
        read_cells(Short(), page, CELLS)


def test_rgb_input_and_boxes_at_the_page_edge() -> None:
    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    rgb = np.repeat(page[:, :, None], 3, axis=2)
    cells = read_cells(FakeEngine(texts=["x"]), rgb, [(-5, -5, 300, 100), (880, 390, 905, 410)])
    assert [c.text for c in cells] == ["x", ""]


def test_join_and_reading_order() -> None:
    assert join_lines(["全市参保人员", "及退休职工"]) == "全市参保人员及退休职工"
    assert join_lines(["rate of", "return"]) == "rate of return"
    assert join_lines(["207.45", "38"]) == "207.4538"
    assert join_lines(["", " 甲 ", "乙"]) == "甲乙"
    boxes = [(200, 52, 300, 90), (0, 0, 100, 40), (0, 50, 100, 88), (150, 2, 250, 38)]
    assert reading_order(boxes) == [1, 3, 2, 0]


def test_get_engine_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown OCR engine 'easyocr'"):
        get_engine("easyocr")
    with pytest.raises(ValueError, match="threads"):
        get_engine("rapidocr", threads=0)


def test_centred_dash_and_tall_one_are_text_not_ruling() -> None:
    """'—' (nothing to report) across a narrow cell and a '1' as tall as a tight cell are ink."""
    cells = [(0, 0, 120, 100), (200, 0, 260, 60), (300, 0, 600, 100), (600, 0, 900, 100)]
    page = ruled_page(cells)
    page[48:52, 10:110] = 0  # a dash over 90% of the cell width, centred vertically
    page[8:52, 227:232] = 0  # a '1' filling 85% of a tight cell's height, centred horizontally
    ink(page, 340, 30, 560, 70)  # two cells of ordinary text: the page's line height
    ink(page, 640, 30, 860, 70)
    engine = FakeEngine(texts=["—", "1", "a", "b"])
    assert [c.text for c in read_cells(engine, page, cells)] == ["—", "1", "a", "b"]
    assert engine.detected == []


def test_small_print_is_read_upscaled_and_boxes_come_back_in_page_pixels() -> None:
    """A 96 dpi page: 10 px text lines. The crops reach the engine enlarged (a two-pixel decimal
    point survives the ink mask there), the line boxes are reported in page pixels."""
    page = ruled_page([(0, 0, 200, 30), (200, 0, 400, 30)], size=(60, 400))
    ink(page, 20, 10, 80, 20)
    ink(page, 220, 10, 300, 20)
    page[18:20, 302:303] = 0  # a two-pixel decimal point: alone, below the ink mask's 3 px
    ink(page, 306, 10, 330, 20)
    engine = FakeEngine()
    cells = read_cells(engine, page, [(0, 0, 200, 30), (200, 0, 400, 30)])
    crops = engine.recognized[0]
    assert len(crops) == 2
    assert min(c.shape[0] for c in crops) >= 2 * 10  # enlarged from a 10 px line
    x0, y0, x1, y1 = cells[1].lines[0].bbox
    assert 200 <= x0 <= 222 and 300 < x1 <= 400 and 0 <= y0 <= 10 and 20 <= y1 <= 30
    f = crops[1].shape[1] / (x1 - x0)  # the crop is the line box, enlarged
    cx = round((302.5 - x0) * f)
    assert (crops[1][:, cx - 2 : cx + 3] < 128).any()  # the decimal point is still in the crop


def test_upscale_factor() -> None:
    from extraction.ocr.cells import MAX_UPSCALE, SMALL_TEXT, UPSCALED_TEXT, upscale_factor

    assert upscale_factor(0.0) == 1.0  # no line height known: as it is
    assert upscale_factor(SMALL_TEXT) == upscale_factor(40.0) == 1.0
    assert upscale_factor(10.0) == pytest.approx(UPSCALED_TEXT / 10.0)
    assert upscale_factor(2.0) == MAX_UPSCALE


def test_a_long_line_gets_half_the_margin_of_a_short_one() -> None:
    """Margins left and right of the ink: a line height for a short cell (a lone glyph needs context),
    half of one for a line at least two line heights wide (its pixels are the recogniser's CPU)."""
    page = ruled_page(CELLS)
    ink(page, 130, 30, 167, 70)  # strokes at x = 130 … 166: 37 px wide, 40 px high: short
    ink(page, 340, 30, 561, 70)  # strokes at x = 340 … 560: 221 px wide: long
    ink(page, 40, 180, 81, 220)  # a second short one, so the page's line height is 40
    engine = FakeEngine()
    cells = read_cells(engine, page, CELLS)
    left, _, right, _ = cells[0].lines[0].bbox
    assert (130 - left, right - 167) == (40, 40)
    left, _, right, _ = cells[1].lines[0].bbox
    assert (340 - left, right - 561) == (20, 20)


def test_faint_strokes_alone_in_a_cell_are_read_and_light_paper_grain_is_not() -> None:
    """A photo's blur lightens a lone = to gray 166–170 (sample sichuan_farmland_2023_gdbh): not dark
    enough for ink, but all there is in its cell. Grain of the paper stays below notice."""
    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    ink(page, 340, 30, 560, 70)
    page[190:193, 140:160] = page[200:203, 140:160] = 178  # a faint = in cell 3
    grain = np.random.default_rng(0).integers(215, 256, size=(180, 280))
    page[110:290, 310:590] = grain.astype(np.uint8)  # cell 4: light paper grain only
    page[104, 320:340] = page[104, 360:380] = 185  # and a faint sliver of its ruling inside the top
    engine = FakeEngine(texts=["a", "b", "="])
    cells = read_cells(engine, page, CELLS)
    assert [c.text for c in cells] == ["a", "b", "", "=", ""]
    assert len(engine.recognized[0]) == 3


def test_faint_strokes_do_not_set_the_pages_line_height() -> None:
    from extraction.ocr.cells import _line_height, _plan

    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)  # 40 px lines of text
    ink(page, 340, 30, 560, 70)
    page[20:80, 620:880:4] = 178  # cell 2: a faint block 60 px high
    plans = [_plan(page, box) for box in CELLS]
    assert plans[2].faint and not plans[0].faint
    assert _line_height(plans) == 40
