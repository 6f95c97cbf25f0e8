"""Page preparation measured on every rendering of sample_scans/ (PNG, JPEG, multi-page TIFF).

    .venv/bin/python tests/extraction/prepare/measure_samples.py [sample_scans] [--only scan,photo]

Each page's renderings.json `matrix` maps clean-page pixels to the rendered page; prepare_page's
`transform` maps the rendered page to the prepared one. Their product applied to the truth table box
must give an upright rectangle: orientation is right when the residual rotation is under 45°, the
residual skew is the mean tilt of the table's top and bottom edges, the corner offset is the largest
distance of a corner from the rectangle (fraction of the long side). Seal renderings: the drawn seal
box, mapped the same way, must overlap a found seal. Time is process CPU time on one thread.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from extraction.prepare import prepare_page
from extraction.prepare.layout import analyse


def load_pages(path: Path) -> list[np.ndarray]:
    if path.suffix.lower() in (".tif", ".tiff"):
        ok, pages = cv2.imreadmulti(str(path), flags=cv2.IMREAD_COLOR)
        assert ok, path
    else:
        page = cv2.imread(str(path), cv2.IMREAD_COLOR)
        assert page is not None, path
        pages = [page]
    return [cv2.cvtColor(p, cv2.COLOR_BGR2RGB) for p in pages]


def table_metrics(box: list[int], matrix: np.ndarray, long_side: int) -> tuple[float, float, float]:
    x0, y0, x1, y1 = box
    c = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64).reshape(-1, 1, 2)
    tl, tr, br, bl = cv2.perspectiveTransform(c, matrix).reshape(-1, 2)
    rotation = float(np.degrees(np.arctan2(tr[1] - tl[1], tr[0] - tl[0])))
    skew = (rotation + float(np.degrees(np.arctan2(br[1] - bl[1], br[0] - bl[0])))) / 2
    rx0, rx1, ry0, ry1 = (tl[0] + bl[0]) / 2, (tr[0] + br[0]) / 2, (tl[1] + tr[1]) / 2, (bl[1] + br[1]) / 2
    rect = np.array([[rx0, ry0], [rx1, ry0], [rx1, ry1], [rx0, ry1]])
    offset = float(np.abs(np.array([tl, tr, br, bl]) - rect).max()) / long_side
    return rotation, skew, offset


def overlap(a: np.ndarray, b: tuple[int, int, int, int]) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return float(w * h / ((a[2] - a[0]) * (a[3] - a[1])))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parents[3] / "sample_scans"))
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    root = Path(args.root)
    only = set(filter(None, args.only.split(",")))
    stats: dict[str, list[tuple[bool, float, float, float]]] = {}
    seals_ok = seals_total = spurious = 0
    for entry in json.loads((root / "manifest.json").read_text()):
        if entry["file"].endswith(".pdf") or (only and entry["rendering"] not in only):
            continue
        truth = json.loads((root / entry["truth"]).read_text())
        renderings = json.loads((root / entry["form_id"] / "renderings.json").read_text())
        rendering = next(r for r in renderings["renderings"] if r["rendering"] == entry["rendering"])
        for index, image in enumerate(load_pages(root / entry["file"])):
            meta = rendering["pages"][index]
            table = next(t for t in truth["tables"] if t["page"] == index)
            start = time.process_time()
            prepared = prepare_page(image, index)
            spent = time.process_time() - start
            composite = prepared.transform @ np.array(meta["matrix"])
            rotation, skew, offset = table_metrics(table["bbox"], composite, max(prepared.image.shape[:2]))
            ok = abs(rotation) < 45
            stats.setdefault(entry["rendering"], []).append((ok, abs(skew), offset, spent))
            note = ""
            if "seal" in meta:
                seals_total += 1
                box = np.array(meta["seal"]["bbox"], np.float64).reshape(-1, 1, 2)
                mapped = cv2.perspectiveTransform(box, prepared.transform).reshape(-1)
                found = [a.bbox for a in prepared.info.annotations if a.kind == "seal"]
                hit = any(overlap(mapped, f) > 0.7 for f in found)
                seals_ok += hit
                note = f" seal {'found' if hit else 'MISSED'} ({len(found)} found)"
            elif prepared.info.annotations:
                spurious += 1
                note = f" red marks {[a.kind for a in prepared.info.annotations]}"
            if prepared.info.perspective_corrected and meta["kind"] != "photo":
                note += " (warped)"
            table_found = (
                analyse(cv2.resize(prepared.gray, None, fx=0.3, fy=0.3), text=False).table is not None
            )
            print(
                f"{entry['form_id']:28s} {entry['rendering']:8s} p{index} rot {prepared.info.rotation:3d}"
                f"{'' if ok else ' WRONG'} skew {prepared.info.skew_deg:6.2f} (truth {meta.get('skew_deg', '-')})"
                f" residual {skew:6.3f}° corners {offset:.4f} persp {prepared.info.perspective_corrected}"
                f" table {table_found}{note} {spent:.3f}s",
                flush=True,
            )
    print("\nrendering  pages  orientation  residual skew mean/max  corner offset mean/max  cpu s median/max")
    everything = [s for v in stats.values() for s in v]
    for name, rows in [*stats.items(), ("ALL", everything)]:
        arr = np.array(rows)
        good = arr[arr[:, 0] > 0]
        print(
            f"{name:9s} {len(arr):6d}  {int(arr[:, 0].sum()):4d}/{len(arr):<4d}"
            f"   {good[:, 1].mean():.3f}/{good[:, 1].max():.3f}°          {good[:, 2].mean():.4f}/{good[:, 2].max():.4f}"
            f"        {np.median(arr[:, 3]):.3f}/{arr[:, 3].max():.3f}"
        )
    print(f"seals found: {seals_ok}/{seals_total}; pages without a seal but with red marks: {spurious}")


if __name__ == "__main__":
    main()
