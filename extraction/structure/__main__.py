"""Debug view: `python -m extraction.structure page.png out.png` draws the detected cells and lines.

Raw segments are drawn thin (blue horizontal, green vertical), grid segments thick, cells in red.
"""

from __future__ import annotations

import sys
import time

import cv2
import numpy as np

from extraction.structure.detect import detect_tables, page_lines
from extraction.structure.params import StructureParams


def overlay(gray: np.ndarray, params: StructureParams) -> np.ndarray:
    canvas = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    lines = page_lines(gray, params)
    h_grid, v_grid = lines.in_grid()
    for segs, live, colour, flip in (
        (lines.hsegs, h_grid, (255, 0, 0), False),
        (lines.vsegs, v_grid, (0, 160, 0), True),
    ):
        for seg, grid in zip(segs, live, strict=True):
            pts = np.stack([seg.across, seg.along] if flip else [seg.along, seg.across], 1) / lines.scale
            cv2.polylines(canvas, [pts.astype(np.int32).reshape(-1, 1, 2)], False, colour, 3 if grid else 1)
    for t, table in enumerate(detect_tables(gray, params)):
        for c in table.cells:
            x0, y0, x1, y1 = c.bbox
            cv2.rectangle(canvas, (x0 + 2, y0 + 2), (x1 - 2, y1 - 2), (0, 0, 255), 1)
            span = f"+{c.row_span}x{c.col_span}" if c.row_span * c.col_span > 1 else ""
            cv2.putText(
                canvas, f"{c.row},{c.col}{span}", (x0 + 4, y0 + 14), cv2.FONT_HERSHEY_PLAIN, 0.9, (0, 0, 255)
            )
        x0, y0, _, _ = table.bbox
        cv2.putText(canvas, f"t{t}", (x0, max(12, y0 - 4)), cv2.FONT_HERSHEY_PLAIN, 1.2, (200, 0, 200), 2)
    print(f"unit {lines.unit:.1f} px at scale {lines.scale:.2f}", file=sys.stderr)
    return canvas


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    image = cv2.imread(argv[0], cv2.IMREAD_GRAYSCALE)
    if image is None:
        print(f"cannot read {argv[0]}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    n = len(detect_tables(image))
    print(f"{n} tables in {time.perf_counter() - start:.3f} s", file=sys.stderr)
    cv2.imwrite(argv[1], overlay(image, StructureParams()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
