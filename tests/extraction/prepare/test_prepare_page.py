"""prepare_page end to end: API, golden pages, the real seal scan, straightening a full page."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from prepare_synth import jpeg, photograph, render_form, rotate90, shade, skew

from extraction.prepare import PreparedPage, PrepareOptions, estimate_skew, prepare_page

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("FORMTALLY_REGEN_GOLDEN") == "1"


def golden_inputs() -> dict[str, np.ndarray]:
    """The golden input pages, rendered only when regenerating (the committed PNGs are the inputs)."""
    scan = skew(rotate90(render_form(900, 1273, seed=51, pen=True), 2), -1.7)
    offsets = np.array([[50.0, 30.0], [-20.0, 70.0], [-10.0, -20.0], [35.0, -55.0]])
    photo = shade(photograph(skew(rotate90(render_form(900, 1273, seed=52), 3), 1.0), offsets))
    return {"scan_rot180_skew": scan.image, "photo_rot270_seal": photo.image}


def summary(prepared: PreparedPage) -> dict[str, object]:
    return {"info": prepared.info.model_dump(), "transform": np.round(prepared.transform, 6).tolist()}


def check(found: dict[str, Any], expected: dict[str, Any], size: int) -> None:
    got, want = found["info"], expected["info"]
    for key in ("index", "rotation", "perspective_corrected"):
        assert got[key] == want[key], key
    if not want["perspective_corrected"]:  # a photo's homography supersedes its skew estimate
        assert abs(got["skew_deg"] - want["skew_deg"]) < 0.1
    assert (
        abs(got["width"] - want["width"]) <= 0.01 * size
        and abs(got["height"] - want["height"]) <= 0.01 * size
    )
    assert [a["kind"] for a in got["annotations"]] == [a["kind"] for a in want["annotations"]]
    for a, b in zip(got["annotations"], want["annotations"], strict=True):
        assert np.abs(np.subtract(a["bbox"], b["bbox"])).max() <= 0.015 * size
    corners = np.array([[0, 0], [size, 0], [size, size], [0, size]], np.float64).reshape(-1, 1, 2)
    mapped = [cv2.perspectiveTransform(corners, np.array(m["transform"])) for m in (found, expected)]
    assert np.abs(mapped[0] - mapped[1]).max() <= 0.005 * size


@pytest.mark.parametrize("name", ["scan_rot180_skew", "photo_rot270_seal"])
def test_golden_page(name: str) -> None:
    folder = GOLDEN / name
    if REGEN:
        folder.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(
            str(folder / "input.png"),
            cv2.cvtColor(golden_inputs()[name], cv2.COLOR_RGB2BGR),
            [cv2.IMWRITE_PNG_COMPRESSION, 9],
        )
    assert (folder / "input.png").exists(), "golden input missing: run with FORMTALLY_REGEN_GOLDEN=1"
    image = cv2.cvtColor(cv2.imread(str(folder / "input.png")), cv2.COLOR_BGR2RGB)
    found = summary(prepare_page(image, 3))
    if REGEN:
        (folder / "expected.json").write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n")
    check(found, json.loads((folder / "expected.json").read_text()), max(image.shape[:2]))


def test_real_scan_deskewed_and_two_seals(real_scan: np.ndarray) -> None:
    prepared = prepare_page(real_scan, 0)
    info = prepared.info
    assert info.rotation == 0 and not info.perspective_corrected
    assert 1.5 < info.skew_deg < 3.0  # the scan leans about 2.2° counter-clockwise
    assert abs(estimate_skew(prepared.gray)) < 0.15
    seals = [a.bbox for a in info.annotations if a.kind == "seal"]
    assert len(seals) == 2
    left, right = sorted(seals)
    for box in seals:  # 4 cm seals on a landscape page: about a fifth of its height
        assert 0.12 < (box[2] - box[0]) / info.height < 0.28
        assert box[1] > 0.65 * info.height  # both stamped over the bottom rows
    assert right[0] - left[2] > 0.2 * info.width
    # The seals are gone from `gray`: little red-ink gray left inside their discs.
    for x0, y0, x1, y1 in seals:
        disc = prepared.gray[y0:y1, x0:x1]
        assert np.mean(disc > 200) > 0.8


def test_api_shapes_and_input_kinds() -> None:
    page = skew(render_form(700, 990, seed=53), 1.0).image
    for image in (page, cv2.cvtColor(page, cv2.COLOR_RGB2GRAY), cv2.cvtColor(page, cv2.COLOR_RGB2RGBA)):
        prepared = prepare_page(image, 7)
        assert prepared.image.dtype == np.uint8 and prepared.image.ndim == 3
        assert prepared.gray.shape == prepared.image.shape[:2] and prepared.gray.dtype == np.uint8
        assert (prepared.info.width, prepared.info.height) == prepared.image.shape[1::-1]
        assert prepared.info.index == 7 and abs(prepared.info.skew_deg - 1.0) < 0.2


def test_everything_off_is_identity() -> None:
    page = render_form(700, 990, seed=54).image
    off = PrepareOptions(
        orientation=False, deskew=False, perspective=False, flatten=False, suppress_red=False
    )
    prepared = prepare_page(page, 0, off)
    assert np.array_equal(prepared.image, page)
    assert np.array_equal(prepared.gray, cv2.cvtColor(page, cv2.COLOR_RGB2GRAY))
    assert prepared.info.annotations == [] and np.allclose(prepared.transform, np.eye(3))


def test_a4_300dpi_skewed_jpeg_is_straightened() -> None:
    # Speed is measured in bench/speed, never asserted here.
    page = jpeg(skew(render_form(2480, 3508, seed=55), 1.3), 80).image
    prepared = prepare_page(page, 0)
    assert abs(prepared.info.skew_deg - 1.3) < 0.2


@pytest.mark.parametrize(("size", "angle", "turned"), [((794, 1123), 0.06, False), ((1240, 1754), 0.3, True)])
def test_a_skew_that_moves_no_edge_by_a_pixel_is_left_alone(
    size: tuple[int, int], angle: float, turned: bool
) -> None:
    """0.06° across a 96 dpi page (1123 px) shifts its far edge by 1.2 px: turning it only resamples
    the page and greys its one-pixel rules. 0.3° across 1754 px (9 px) is undone."""
    page = cv2.resize(render_form(seed=11).image, size, interpolation=cv2.INTER_AREA)
    prepared = prepare_page(skew_page(page, angle), 0, PrepareOptions(perspective=False))
    assert (prepared.info.transform is not None) == turned


def skew_page(image: np.ndarray, angle: float) -> np.ndarray:
    from prepare_synth import SynthPage

    return skew(SynthPage(image=image, corners=np.zeros((4, 2))), angle).image
