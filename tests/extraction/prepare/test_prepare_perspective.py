"""Perspective: the table quad of a photographed page is found and warped back to a rectangle."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from prepare_synth import SynthPage, photograph, render_form, shade, skew

from extraction.prepare import PrepareOptions, correct_perspective, find_table_quad, prepare_page
from extraction.prepare.perspective import needs_correction, perspective_transform
from extraction.structure import detect_tables
from models.geometry import box_to_original, corners_to_original

OFFSETS = np.array([[70.0, 50.0], [-40.0, 110.0], [-15.0, -30.0], [55.0, -80.0]])


@pytest.fixture(scope="module")
def photo() -> SynthPage:
    return shade(photograph(skew(render_form(seed=21), 1.5), OFFSETS), 0.6)


def rectangle_offset(corners: np.ndarray, size: int) -> float:
    """Largest distance of the corners (tl, tr, br, bl) from their axis-aligned rectangle, / size."""
    tl, tr, br, bl = corners
    x0, x1 = (tl[0] + bl[0]) / 2, (tr[0] + br[0]) / 2
    y0, y1 = (tl[1] + tr[1]) / 2, (bl[1] + br[1]) / 2
    rect = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    return float(np.abs(corners - rect).max()) / size


def test_quad_matches_the_true_corners(photo: SynthPage) -> None:
    quad = find_table_quad(photo.image)
    assert quad is not None
    size = max(photo.image.shape[:2])
    assert np.abs(quad - photo.corners).max() < 0.01 * size
    assert needs_correction(quad, PrepareOptions())


def test_correct_perspective_makes_a_rectangle(photo: SynthPage) -> None:
    quad = find_table_quad(photo.image)
    assert quad is not None
    options = PrepareOptions()
    flat = correct_perspective(photo.image, quad, options)
    matrix, _ = perspective_transform(quad, photo.image.shape[1::-1], options)
    corners = cv2.perspectiveTransform(photo.corners.reshape(-1, 1, 2), matrix).reshape(-1, 2)
    assert rectangle_offset(corners, max(flat.shape[:2])) < 0.01
    # The title above the table is kept.
    assert corners[0, 1] > 0.08 * (corners[3, 1] - corners[0, 1])


def test_prepare_page_flattens_a_photo(photo: SynthPage) -> None:
    prepared = prepare_page(photo.image, 0)
    assert prepared.info.perspective_corrected
    corners = cv2.perspectiveTransform(photo.corners.reshape(-1, 1, 2), prepared.transform).reshape(-1, 2)
    assert rectangle_offset(corners, max(prepared.image.shape[:2])) < 0.01
    quad = find_table_quad(prepared.gray)
    assert quad is not None and not needs_correction(quad, PrepareOptions())


def test_a_flat_scan_is_not_warped() -> None:
    scan = skew(render_form(seed=22, seal=False), -2.0)
    quad = find_table_quad(scan.image)
    assert quad is not None and not needs_correction(quad, PrepareOptions())
    assert not prepare_page(scan.image, 0).info.perspective_corrected


def test_no_table_no_quad() -> None:
    assert find_table_quad(np.full((900, 700, 3), 245, np.uint8)) is None


def test_cell_boxes_map_back_to_the_photo(photo: SynthPage) -> None:
    """A cell found on the flattened page, mapped back through PageInfo.transform, lands where the
    cell was drawn on the photo (render_form's first column, through skew then photograph)."""
    prepared = prepare_page(photo.image, 0)
    assert prepared.info.transform is not None
    grids = detect_tables(prepared.gray)
    assert grids
    cell = next(c for c in grids[0].cells if c.row == 0 and c.col == 0)
    h, w = photo.image.shape[:2]
    # render_form's geometry: table from (7 %, 11.5 %) of the page, first column 8 % of its width,
    # rows 3.4 % of the page high
    tx0, tx1, ty0 = int(w * 0.07), int(w * 0.93), int(h * 0.115)
    drawn = np.array([[tx0, ty0], [tx0 + int(0.08 * (tx1 - tx0)), ty0 + int(h * 0.034)]], np.float64).reshape(
        -1, 1, 2
    )
    rotate = np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), 1.5, 1.0), [0, 0, 1]])
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    shoot = cv2.getPerspectiveTransform(src, (src + OFFSETS).astype(np.float32))
    expected = cv2.perspectiveTransform(drawn, shoot @ rotate).reshape(-1, 2)
    corners = np.array(corners_to_original(prepared.info, cell.bbox))
    assert np.abs(corners[0] - expected[0]).max() < 4  # top-left corner of the cell
    assert np.abs(corners[2] - expected[1]).max() < 4  # bottom-right corner
    box = box_to_original(prepared.info, cell.bbox)
    assert abs(box[0] - min(expected[:, 0])) < 6 and abs(box[3] - max(expected[:, 1])) < 6


def _flat_table_with_a_box_on_top() -> np.ndarray:
    """A flat 96 dpi page: a table with a box ruled on top of its right end (a unit or a title
    bar), so the extreme points of the ruling are no corners of the table."""
    page = np.full((1123, 794, 3), 255, np.uint8)
    x0, x1, top, bottom = 16, 777, 139, 887
    for y in (top, 201, 234, 274, 586, bottom):
        cv2.line(page, (x0, y), (x1, y), (0, 0, 0), 1)
    for x in (x0, 134, 357, 476, 548, x1):
        cv2.line(page, (x, top), (x, bottom), (0, 0, 0), 1)
    cv2.rectangle(page, (548, 100), (x1, top), (0, 0, 0), 1)
    return page


def test_a_flat_page_whose_corners_are_no_extreme_points_is_not_warped() -> None:
    page = _flat_table_with_a_box_on_top()
    quad = find_table_quad(page)
    assert quad is not None and not needs_correction(quad, PrepareOptions())
    assert not prepare_page(page, 0).info.perspective_corrected
