"""Renders the small committed test images of tests/extraction/ocr/data/.

The tests read the committed PNGs, so they do not depend on system fonts. To regenerate (needs
Noto Serif CJK, Debian package fonts-noto-cjk):

    .venv/bin/python tests/extraction/ocr/make_test_images.py --regenerate
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DATA = Path(__file__).parent / "data"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
SIZE = 40  # px per em: 10.5 pt at about 275 dpi, a typical scanned form

# name → text of a single-line crop (with a white margin, as a cell crop after shrinking)
LINES = {
    "line_name": "项目名称",
    "line_ge98": "≥98%",
    "line_80wan": "80万元",
    "line_rate": "100.00%",
}
# a cell holding text on three lines: what the 三级指标 column often looks like
MULTI = ["全市参保人员及退休", "职工养老金按时足额", "发放率≥98%"]
# a small ruled table: rows of cell texts ("" = empty cell, "\n" splits lines inside a cell)
TABLE = [
    ["项目名称", "社会保险经办服务", ""],
    ["预算数", "80万元", "100%"],
    ["指标值", "≥98%", "全市参保人员\n及退休职工"],
]
COL_WIDTHS = [260, 420, 300]
ROW_HEIGHT = 130


def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), SIZE)


def _line_image(text: str, font: ImageFont.FreeTypeFont, pad: int = 12) -> Image.Image:
    x0, y0, x1, y1 = (int(v) for v in font.getbbox(text))
    image = Image.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 255)
    ImageDraw.Draw(image).text((pad - x0, pad - y0), text, font=font, fill=0)
    return image


def _multi_image(lines: list[str], font: ImageFont.FreeTypeFont) -> Image.Image:
    rendered = [_line_image(t, font, pad=6) for t in lines]
    width = max(r.width for r in rendered) + 30
    height = sum(r.height for r in rendered) + 30
    image = Image.new("L", (width, height), 255)
    y = 15
    for r in rendered:
        image.paste(r, (15, y))
        y += r.height
    # ruling lines of the cell, as a loose cell box would catch them
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=0, width=3)
    return image


def _table_image(font: ImageFont.FreeTypeFont) -> tuple[Image.Image, list[list[int]]]:
    margin = 20
    width = sum(COL_WIDTHS) + 2 * margin
    height = ROW_HEIGHT * len(TABLE) + 2 * margin
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    boxes: list[list[int]] = []
    y = margin
    for row in TABLE:
        x = margin
        for text, w in zip(row, COL_WIDTHS, strict=True):
            box = [x, y, x + w, y + ROW_HEIGHT]
            boxes.append(box)
            draw.rectangle((x, y, x + w, y + ROW_HEIGHT), outline=0, width=3)
            parts = [t for t in text.split("\n") if t]
            heights = [font.getbbox(t)[3] - font.getbbox(t)[1] + 10 for t in parts]
            ty = y + (ROW_HEIGHT - sum(heights)) // 2
            for part, h in zip(parts, heights, strict=True):
                bx0, by0, bx1, _ = font.getbbox(part)
                draw.text((x + (w - (bx1 - bx0)) // 2 - bx0, ty - by0), part, font=font, fill=0)
                ty += h
            x += w
        y += ROW_HEIGHT
    return image, boxes


def regenerate() -> None:
    font = _font()
    DATA.mkdir(exist_ok=True)
    for name, text in LINES.items():
        _line_image(text, font).save(DATA / f"{name}.png", optimize=True)
    _multi_image(MULTI, font).save(DATA / "cell_multiline.png", optimize=True)
    table, boxes = _table_image(font)
    table.save(DATA / "table.png", optimize=True)
    truth = {
        "lines": LINES,
        "multi": "".join(MULTI),
        "table": {"boxes": boxes, "texts": [t.replace("\n", "") for row in TABLE for t in row]},
    }
    (DATA / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="re-render the PNGs and truth.json")
    args = parser.parse_args()
    if not args.regenerate:
        parser.print_help()
        return
    regenerate()
    print(f"wrote {sorted(p.name for p in DATA.iterdir())}")


if __name__ == "__main__":
    main()
