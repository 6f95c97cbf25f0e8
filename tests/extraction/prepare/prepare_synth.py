"""Synthetic form pages with known geometry for the preparation tests (and measure_prepare.py).

A ruled table with merged label cells, a large centred title above it, text in the cells
(glyph-like stroke blocks, or real CJK glyphs when a Noto CJK font is installed), a signature line
below, optionally a red seal over text and a red pen mark. Transforms keep the table corners.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
TEXTS = (
    "社保经办机构业务经费",
    "石嘴山市人力资源和社会保障局",
    "依据单位主要责任，确保石嘴山市各项保险工作正常平稳运行。",
    "在年度内切实维护好参保群众的利益，做好单位每项工作。",
    "项目资金（万元）",
    "年初预算数",
    "全年执行数",
    "满意度指标",
    "偏差原因分析及改进措施",
    "80万元",
    "98%",
    "100",
    "无",
)
INK = (25, 25, 30)


@dataclass
class SynthPage:
    image: np.ndarray  # RGB uint8
    corners: np.ndarray  # table corners tl, tr, br, bl as float (4, 2)
    seal_boxes: list[tuple[int, int, int, int]] = field(default_factory=list)
    seal_only: np.ndarray | None = None  # bool: seal ink not over text
    text_under_seal: np.ndarray | None = None  # bool: dark text pixels inside the seal
    pen_box: tuple[int, int, int, int] | None = None


def font_path() -> str | None:
    return next((p for p in FONT_PATHS if Path(p).exists()), None)


def _glyph_blocks(img: np.ndarray, x: int, y: int, size: int, rng: np.random.Generator) -> None:
    """A square glyph-like cluster of horizontal and vertical strokes, with the side bearings of a glyph."""
    t = max(1, size // 10)
    m = max(1, size // 8)
    xx = x + int(rng.integers(size // 4, 3 * size // 4))
    cv2.line(img, (xx, y), (xx, y + size - 1), INK, t)  # full height, like a real glyph's extent
    for _ in range(int(rng.integers(2, 4))):
        if rng.random() < 0.6:
            yy = y + int(rng.integers(size // 6, size - 1))
            cv2.line(img, (x + m + int(rng.integers(0, size // 3)), yy), (x + size - m, yy), INK, t)
        else:
            xv = x + m + int(rng.integers(0, size - 2 * m))
            cv2.line(img, (xv, y + int(rng.integers(size // 6, size // 2))), (xv, y + size - 1), INK, t)


def _text(
    img: np.ndarray, x: int, y: int, size: int, text: str, rng: np.random.Generator, font: str | None
) -> int:
    """Draws one line; returns its width."""
    if font is not None:
        from PIL import Image, ImageDraw, ImageFont

        pil_font = ImageFont.truetype(font, size)
        _, y0, x1, y1 = pil_font.getbbox(text)
        pad = 2
        patch = Image.new("L", (int(x1) + pad * 2, int(y1) + pad * 2), 0)
        ImageDraw.Draw(patch).text((pad, pad), text, fill=255, font=pil_font)
        alpha = np.asarray(patch, dtype=np.float32)[int(y0) :, :] / 255.0
        h, w = alpha.shape
        h, w = min(h, img.shape[0] - y), min(w, img.shape[1] - x)
        region = img[y : y + h, x : x + w].astype(np.float32)
        a = alpha[:h, :w, None]
        img[y : y + h, x : x + w] = (region * (1 - a) + np.array(INK, np.float32) * a).astype(np.uint8)
        return int(pil_font.getlength(text))
    step = int(size * 1.08)
    for i, ch in enumerate(text):
        if ch.isdigit() or ch in "%.":
            cv2.rectangle(
                img, (x + i * step, y + size // 4), (x + i * step + size // 2, y + size - 1), INK, 2
            )
        else:
            _glyph_blocks(img, x + i * step, y, size, rng)
    return step * len(text)


def _cell_text(
    img: np.ndarray,
    box: tuple[int, int, int, int],
    text: str,
    size: int,
    rng: np.random.Generator,
    font: str | None,
    align: str,
) -> None:
    x0, y0, x1, y1 = box
    per_line = max(1, (x1 - x0 - size) // int(size * 1.08))
    lines = [text[i : i + per_line] for i in range(0, len(text), per_line)][: max(1, (y1 - y0) // (size * 2))]
    top = y0 + ((y1 - y0) - len(lines) * int(size * 1.5)) // 2 + size // 4
    for k, line in enumerate(lines):
        width = len(line) * int(size * 1.08)
        x = x0 + size // 2 if align == "left" else x0 + ((x1 - x0) - width) // 2
        _text(img, x, top + k * int(size * 1.5), size, line, rng, font)


def render_form(
    width: int = 1240,
    height: int = 1754,
    seed: int = 0,
    font: str | None = None,
    seal: bool = True,
    pen: bool = False,
) -> SynthPage:
    rng = np.random.default_rng(seed)
    img = np.full((height, width, 3), (246, 245, 240), np.uint8)
    glyph = max(8, width // 70)
    title = "石嘴山市项目支出绩效自评表"
    tw = len(title) * int(glyph * 1.9 * 1.08)
    _text(img, (width - tw) // 2, int(height * 0.045), int(glyph * 1.9), title, rng, font)
    _text(img, width // 2 - 4 * glyph, int(height * 0.085), glyph, "（2022年度）", rng, font)
    tx0, tx1, ty0 = int(width * 0.07), int(width * 0.93), int(height * 0.115)
    fracs = np.array([0.08, 0.1, 0.12, 0.22, 0.1, 0.1, 0.06, 0.06, 0.16])
    xs = (tx0 + np.concatenate([[0], np.cumsum(fracs)]) * (tx1 - tx0)).astype(int)
    n_rows, row_h = 22, int(height * 0.034)
    ys = ty0 + np.arange(n_rows + 1) * row_h
    ys[8:] += row_h  # the goals row is double height
    ty1 = int(ys[-1])
    line_t = max(2, width // 600)
    for y in ys:
        cv2.line(img, (tx0, int(y)), (tx1, int(y)), INK, line_t)
    merged = [(3, 8), (9, 13), (13, 17), (17, 22)]  # first-column label cells spanning rows
    for i, x in enumerate(xs):
        if i in (0, len(xs) - 1):
            cv2.line(img, (int(x), ty0), (int(x), ty1), INK, line_t)
        else:
            cv2.line(img, (int(x), ty0), (int(x), ty1), INK, line_t)
    for r0, r1 in merged:  # erase row lines inside the merged label cells
        for r in range(r0 + 1, r1):
            cv2.line(
                img, (xs[0] + line_t, int(ys[r])), (xs[1] - line_t, int(ys[r])), (246, 245, 240), line_t + 1
            )
    for r in range(n_rows):
        for c in range(len(xs) - 1):
            if c == 0 and any(r0 < r < r1 for r0, r1 in merged):
                continue
            r_end = next((r1 for r0, r1 in merged if c == 0 and r == r0), r + 1)
            box = (int(xs[c]), int(ys[r]), int(xs[c + 1]), int(ys[r_end]))
            text = TEXTS[int(rng.integers(0, len(TEXTS)))]
            long_cell = box[2] - box[0] > 4 * glyph and len(text) > 8
            if rng.random() < 0.15:
                continue
            _cell_text(img, box, text, glyph, rng, font, "left" if long_cell else "centre")
    _text(img, tx0, ty1 + glyph * 2, glyph, "填报人：张三", rng, font)
    _text(img, int(width * 0.6), ty1 + glyph * 2, glyph, "填报日期：2023年3月1日", rng, font)
    corners = np.array([[tx0, ty0], [tx1, ty0], [tx1, ty1], [tx0, ty1]], np.float64)
    page = SynthPage(image=img, corners=corners)
    if pen:
        pts = np.array(
            [[xs[7] + 8, ys[12] - 14], [xs[7] + 20, ys[12] - 4], [xs[8] - 6, ys[11] + 4]], np.int32
        )
        cv2.polylines(img, [pts], False, (205, 35, 40), max(2, width // 500))
        bx, by, bw, bh = cv2.boundingRect(pts)
        page.pen_box = (bx, by, bx + bw, by + bh)
    if seal:
        page = stamp_seal(page, (int(width * 0.7), int(ys[20])), int(width * 0.085))
    return page


def stamp_seal(
    page: SynthPage, centre: tuple[int, int], radius: int, colour: tuple[int, int, int] = (215, 45, 50)
) -> SynthPage:
    """A red round seal (ring, star, arc marks), multiplied onto the page like ink."""
    img = page.image.copy()
    mask = np.zeros(img.shape[:2], np.uint8)
    cv2.circle(mask, centre, radius, (255,), max(3, radius // 14))
    star = [
        (centre[0] + int(radius * 0.3 * r * np.sin(a)), centre[1] - int(radius * 0.3 * r * np.cos(a)))
        for a, r in zip(np.linspace(0, 4 * np.pi, 11)[:10], [1, 0.4] * 5, strict=True)
    ]
    cv2.fillPoly(mask, [np.array(star, np.int32)], (255,))
    for a in np.linspace(-2.4, 2.4, 12):  # arc lettering
        p = (centre[0] + int(radius * 0.72 * np.sin(a)), centre[1] - int(radius * 0.72 * np.cos(a)))
        cv2.circle(mask, p, max(2, radius // 12), (255,), -1)
    text_dark = img.max(axis=2) < 110
    alpha = (mask > 0)[:, :, None] * 0.9
    tint = np.array(colour, np.float32) / 255.0
    img = (img * (1 - alpha + alpha * tint)).astype(np.uint8)
    x0, y0 = centre[0] - radius, centre[1] - radius
    box = (x0, y0, centre[0] + radius, centre[1] + radius)
    inside = np.zeros_like(mask)
    cv2.circle(inside, centre, radius, (255,), -1)
    return replace(
        page,
        image=img,
        seal_boxes=[*page.seal_boxes, box],
        seal_only=(mask > 0) & ~text_dark,
        text_under_seal=text_dark & (inside > 0) & (mask == 0),
    )


# Transforms: each returns the image and maps the table corners along.


def rotate90(page: SynthPage, k: int) -> SynthPage:
    """Rotate counter-clockwise by k·90°; the page then needs k·90° clockwise to stand upright."""
    h, w = page.image.shape[:2]
    img = np.ascontiguousarray(np.rot90(page.image, k))
    c = page.corners.copy()
    for _ in range(k % 4):
        c = np.stack([c[:, 1], w - 1 - c[:, 0]], axis=1)
        h, w = w, h
    return replace(page, image=img, corners=c, seal_only=None, text_under_seal=None)


def warp(
    page: SynthPage, matrix: np.ndarray, size: tuple[int, int], fill: tuple[int, int, int] = (246, 245, 240)
) -> SynthPage:
    m = matrix if matrix.shape == (3, 3) else np.vstack([matrix, [0, 0, 1]])
    img = cv2.warpPerspective(page.image, m, size, flags=cv2.INTER_LINEAR, borderValue=fill)
    corners = cv2.perspectiveTransform(page.corners.reshape(-1, 1, 2), m).reshape(-1, 2)
    return replace(page, image=img, corners=corners, seal_only=None, text_under_seal=None)


def skew(page: SynthPage, angle_deg: float) -> SynthPage:
    """Rotate counter-clockwise (as seen) by `angle_deg` about the centre, same canvas."""
    h, w = page.image.shape[:2]
    return warp(page, cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0), (w, h))


def photograph(
    page: SynthPage, offsets: np.ndarray, background: tuple[int, int, int] = (90, 80, 70)
) -> SynthPage:
    """Perspective: move the page corners by `offsets` (4×2 px, tl tr br bl) onto a desk."""
    h, w = page.image.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = (src + offsets).astype(np.float32)
    return warp(page, cv2.getPerspectiveTransform(src, dst), (w, h), fill=background)


def shade(page: SynthPage, low: float = 0.55) -> SynthPage:
    """A phone-photo light falloff: linear gradient plus a soft diagonal shadow."""
    h, w = page.image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gain = 1.0 - (1.0 - low) * (0.6 * xx / w + 0.4 * yy / h)
    gain *= 1.0 - 0.25 * (1 / (1 + np.exp(-((xx + yy) - 1.2 * w) / (0.05 * w))))
    img = np.clip(page.image * gain[:, :, None], 0, 255).astype(np.uint8)
    return replace(page, image=img)


def jpeg(page: SynthPage, quality: int = 70) -> SynthPage:
    bgr = cv2.cvtColor(page.image, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    img = cv2.cvtColor(cv2.imdecode(buf, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    return replace(page, image=img)
