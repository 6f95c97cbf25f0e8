"""Timing of the RapidOCR paths read_cells chooses between (run by hand, not by pytest).

    .venv/bin/python tests/extraction/ocr/time_rapidocr.py [--threads 1] [--repeat 5]

Reports CPU seconds of this process (robust on a shared machine; equals wall time with one thread
and an idle CPU) and wall seconds, best of --repeat.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image

from extraction.ocr import read_cells
from extraction.ocr.rapid import RapidOcrEngine

DATA = Path(__file__).parent / "data"


def _load(name: str) -> np.ndarray:
    return np.asarray(Image.open(DATA / f"{name}.png").convert("RGB"))


def _best(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    run()  # warm-up
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall)


def _crops() -> list[np.ndarray]:
    """60 single-line crops: the 4 line images and the one-line cells of table.png, repeated."""
    truth = json.loads((DATA / "truth.json").read_text(encoding="utf-8"))
    table = _load("table")
    cells = [table[y0 + 6 : y1 - 6, x0 + 6 : x1 - 6] for x0, y0, x1, y1 in truth["table"]["boxes"][:8]]
    pool = [_load(name) for name in truth["lines"]] + [c for c in cells if (c < 128).any()]
    return [pool[i % len(pool)] for i in range(60)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    crops = _crops()
    engine = RapidOcrEngine(threads=args.threads)

    def report(label: str, run: Callable[[], object]) -> None:
        cpu, wall = _best(run, args.repeat)
        print(f"{label:58s} cpu {cpu:6.3f} s   wall {wall:6.3f} s")

    report("60 line crops, one recognize() call each", lambda: [engine.recognize([c]) for c in crops])
    for batch in (1, 6, 16):
        batched = engine if batch == 1 else RapidOcrEngine(threads=args.threads, rec_batch=batch)
        report(f"60 line crops, one call, rec_batch_num={batch}", partial(batched.recognize, crops))
    multi = _load("cell_multiline")
    height, width = multi.shape[:2]
    report("3-line cell: detect_and_recognize (det+rec)", lambda: engine.detect_and_recognize(multi))
    box = [(0, 0, width, height)]
    report("3-line cell: read_cells, projection split + rec", lambda: read_cells(engine, multi, box))
    report("3-line cell: read_cells, detection", lambda: read_cells(engine, multi, box, multiline="detect"))
    default = RapidOcrEngine(threads=args.threads, det_limit_side=736)
    default._det.limit_type = "min"  # RapidOCR's default: shorter side raised to 736 px
    report(
        "3-line cell: det+rec with RapidOCR's default det resize", lambda: default.detect_and_recognize(multi)
    )
    table = _load("table")
    boxes = json.loads((DATA / "truth.json").read_text(encoding="utf-8"))["table"]["boxes"]
    report("table.png, 9 cells: read_cells", lambda: read_cells(engine, table, [tuple(b) for b in boxes]))
    report("table.png, whole image det+rec", lambda: engine.detect_and_recognize(table))


if __name__ == "__main__":
    main()
