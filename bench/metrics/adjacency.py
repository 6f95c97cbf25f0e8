"""Neighbour-pair (adjacency relation) F1 of predicted table grids, the cTDaR 2019 Track B metric.

Ground truth (cTDaR XML, CASIA re-annotation): per table, cells with a content box and the ids of
their left/right/top/bottom neighbours. Empty cells are not annotated, so a neighbour is the nearest
*non-empty* cell in that direction.

Scoring: every ground-truth content box is assigned to the predicted cell that holds most of it
(at least `min_share` of its area). A predicted cell's identity is the set of boxes it holds; from
the predicted grid we derive right and below pairs between non-empty cells, and count those equal
to a ground-truth pair. A cell that swallows two boxes matches no pair of either (as in cTDaR, where
its merged text would differ from both).

Links. The two annotations link cells differently, and predicted pairs are derived the way each
annotation links (`Links`), so that a true adjacency the annotation leaves out is not counted wrong:
- "grid" (Track B2): the nearest non-empty cell in the row or column, as the grid has it. 367 of its
  9655 pairs join content boxes that do not overlap across the link (a spanning header over the
  columns beside its centred text).
- "content" (the CASIA Track A re-annotation, ctdar2019_tracka_zh): the nearest cell whose content
  overlaps across the link; cells beside it are passed over. All 1485 of its pairs overlap so: a
  spanning header is linked only to the columns under its text, 董事会秘书 centred over 邵丽's column
  to the address two rows down, not to 邵丽. Scored the grid way, the subset's fully ruled pages
  lose 0.03 of F1 for pairs that no annotation of this kind can hold.

"Fully ruled" pages (`fully_ruled`), decided from the image and the ground truth alone, never
from a prediction: ≥ 95 % of the neighbour pairs have a dark line across the gap between their
content boxes (`ruled_share`), and every table has a line along ≥ 60 % of each side of its box
(`boxed`; tables with rules between rows only, or open sides, are not fully ruled).

`python -m bench.metrics.adjacency` scores `detect_tables` on realdata/ctdar2019_trackb2.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

Box = tuple[int, int, int, int]
RULED = 0.95  # share of neighbour pairs with a line between them on a fully ruled page
Direction = Literal["R", "B"]
Links = Literal["grid", "content"]
CellKey = tuple[int, int]  # (table index, cell id) in the ground truth
Pair = tuple[CellKey, CellKey, Direction]


class GtCell(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    box: Box  # the content's box, not the ruled cell
    right: tuple[int, ...] = ()
    below: tuple[int, ...] = ()


class GtTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    box: Box
    cells: tuple[GtCell, ...]


class PredCell(Protocol):
    """What the metric needs of a predicted cell (extraction.structure.GridCell fits)."""

    @property
    def row(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def row_span(self) -> int: ...
    @property
    def col_span(self) -> int: ...
    @property
    def bbox(self) -> tuple[int, int, int, int]: ...


class PredTable(Protocol):
    @property
    def cells(self) -> Sequence[PredCell]: ...


class Score(BaseModel):
    n_gt: int
    n_pred: int
    n_correct: int

    @property
    def precision(self) -> float:
        return self.n_correct / self.n_pred if self.n_pred else float(self.n_gt == 0)

    @property
    def recall(self) -> float:
        return self.n_correct / self.n_gt if self.n_gt else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _box(coords: ET.Element | None) -> Box:
    if coords is None:
        raise ValueError("cell or table without <Coords>")
    pts = np.array([[int(v) for v in p.split(",")] for p in coords.attrib["points"].split()])
    return int(pts[:, 0].min()), int(pts[:, 1].min()), int(pts[:, 0].max()), int(pts[:, 1].max())


def parse_ctdar(path: Path) -> list[GtTable]:
    """Tables of one cTDaR XML file, with each cell's right and below neighbours."""
    tables = []
    for table in ET.parse(path).getroot().iter("table"):
        cells = []
        for cell in table.iter("cell"):
            links = [n.split(":") for n in cell.attrib.get("neighbors", "").split()]
            cells.append(
                GtCell(
                    id=int(cell.attrib["id"]),
                    box=_box(cell.find("Coords")),
                    right=tuple(int(i) for i, d in links if d == "R"),
                    below=tuple(int(i) for i, d in links if d == "B"),
                )
            )
        tables.append(GtTable(box=_box(table.find("Coords")), cells=tuple(cells)))
    return tables


def gt_pairs(tables: Sequence[GtTable]) -> set[Pair]:
    pairs: set[Pair] = set()
    for t, table in enumerate(tables):
        for cell in table.cells:
            pairs |= {((t, cell.id), (t, r), "R") for r in cell.right}
            pairs |= {((t, cell.id), (t, b), "B") for b in cell.below}
    return pairs


def _overlap(a: Box, b: Box) -> int:
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def assign(
    tables: Sequence[GtTable], pred: Sequence[PredTable], min_share: float = 0.5
) -> dict[tuple[int, int], list[CellKey]]:
    """(pred table, pred cell index) → the ground-truth boxes it holds most of."""
    flat = [(p, c, cell.bbox) for p, table in enumerate(pred) for c, cell in enumerate(table.cells)]
    held: dict[tuple[int, int], list[CellKey]] = {}
    for t, table in enumerate(tables):
        for cell in table.cells:
            area = max(1, (cell.box[2] - cell.box[0]) * (cell.box[3] - cell.box[1]))
            best = max(flat, key=lambda f: _overlap(cell.box, f[2]), default=None)
            if best is not None and _overlap(cell.box, best[2]) >= min_share * area:
                held.setdefault((best[0], best[1]), []).append((t, cell.id))
    return held


def pred_pairs(
    pred: Sequence[PredTable],
    held: dict[tuple[int, int], list[CellKey]],
    content: dict[CellKey, Box] | None = None,
) -> set[Pair]:
    """Right and below pairs between non-empty predicted cells: the nearest non-empty cell in each
    direction; with `content` (the "content" links), the nearest whose content box overlaps across."""
    pairs: set[Pair] = set()
    for p, table in enumerate(pred):
        slot: dict[tuple[int, int], int] = {}
        for c, cell in enumerate(table.cells):
            for r in range(cell.row, cell.row + cell.row_span):
                for k in range(cell.col, cell.col + cell.col_span):
                    slot[(r, k)] = c
        n_rows = max((r for r, _ in slot), default=-1) + 1
        n_cols = max((k for _, k in slot), default=-1) + 1

        def key(c: int, p: int = p) -> CellKey | None:
            boxes = held.get((p, c), [])
            # a cell holding several boxes is a merge: give it an identity no ground truth pair has
            return boxes[0] if len(boxes) == 1 else ((-1, -1 - c) if boxes else None)

        for c, cell in enumerate(table.cells):
            me = key(c)
            if me is None:
                continue
            for r in range(cell.row, cell.row + cell.row_span):
                slots = ((r, k) for k in range(cell.col + cell.col_span, n_cols))
                other = _scan(slot, key, slots, _beside(content, me, "R"))
                if other is not None:
                    pairs.add((me, other, "R"))
            for k in range(cell.col, cell.col + cell.col_span):
                slots = ((r, k) for r in range(cell.row + cell.row_span, n_rows))
                other = _scan(slot, key, slots, _beside(content, me, "B"))
                if other is not None:
                    pairs.add((me, other, "B"))
    return pairs


def _beside(
    content: dict[CellKey, Box] | None, me: CellKey, direction: Direction
) -> Callable[[CellKey], bool]:
    """Whether a cell found in `direction` may be linked to `me`: always with grid links; with content
    links, when their content boxes overlap across the link (a merged cell, with no box, always)."""
    mine = content.get(me) if content is not None else None
    if content is None or mine is None:
        return lambda other: True
    lo, hi = (0, 2) if direction == "B" else (1, 3)

    def overlaps(other: CellKey) -> bool:
        box = content.get(other)
        return box is None or min(mine[hi], box[hi]) > max(mine[lo], box[lo])

    return overlaps


def _scan(
    slot: dict[tuple[int, int], int],
    key: Callable[[int], CellKey | None],
    slots: Iterable[tuple[int, int]],
    linkable: Callable[[CellKey], bool],
) -> CellKey | None:
    for s in slots:
        if s in slot:
            found = key(slot[s])
            if found is not None and linkable(found):
                return found
    return None


def score(
    tables: Sequence[GtTable], pred: Sequence[PredTable], min_share: float = 0.5, links: Links = "grid"
) -> Score:
    gt = gt_pairs(tables)
    content = (
        {(t, c.id): c.box for t, table in enumerate(tables) for c in table.cells}
        if links == "content"
        else None
    )
    found = pred_pairs(pred, assign(tables, pred, min_share), content)
    return Score(n_gt=len(gt), n_pred=len(found), n_correct=len(gt & found))


def score_and_grid_f1(
    tables: Sequence[GtTable], pred: Sequence[PredTable], links: Links
) -> tuple[Score, float]:
    """The score with pairs derived the annotation's way (`links`), and the F1 with grid links (the same
    score, not computed twice, when the annotation is grid-linked)."""
    scored = score(tables, pred, links=links)
    return scored, scored.f1 if links == "grid" else score(tables, pred).f1


def _dark(gray: np.ndarray) -> np.ndarray:
    paper = float(np.percentile(gray, 95))
    return gray < paper - 60  # well below paper: a printed line, not JPEG noise or a light tint


def _has_line(band: np.ndarray, share: float = 0.9) -> bool:
    """Is some 3-pixel-wide column of a (rows × columns) dark mask dark over `share` of its rows?

    Three pixels: a thin anti-aliased line wanders between neighbouring columns."""
    if not band.size:
        return False
    wide = band.copy()
    wide[:, 1:] |= band[:, :-1]
    wide[:, :-1] |= band[:, 1:]
    return float(wide.mean(axis=0).max()) >= share


def ruled_share(gray: np.ndarray, tables: Sequence[GtTable]) -> float:
    """Share of ground-truth pairs separated by a ruling line: a column (row) of the gap between the
    two content boxes that is dark over ≥ 90 % of their common extent."""
    dark = _dark(gray)
    boxes = {(t, c.id): c.box for t, table in enumerate(tables) for c in table.cells}
    ruled = total = 0
    for a, b, d in gt_pairs(tables):
        box_a, box_b = boxes[a], boxes[b]
        if d == "B":  # work on the transposed page: a below pair is a right pair there
            box_a, box_b = _transpose(box_a), _transpose(box_b)
        lo, hi = max(box_a[1], box_b[1]), min(box_a[3], box_b[3])
        if hi <= lo:
            continue
        g0, g1 = sorted((box_a[2], box_b[0]))
        g0, g1 = g0 - 1, g1 + 2  # boxes that touch still leave the ruling's own pixels to look at
        total += 1
        ruled += _has_line(dark[lo:hi, g0:g1] if d == "R" else dark[g0:g1, lo:hi].T)
    return ruled / total if total else 0.0


def boxed(gray: np.ndarray, tables: Sequence[GtTable]) -> bool:
    """Does every table have all four outer borders (a line along ≥ 60 % of each side of its box)?"""
    dark = _dark(gray)
    pad = round(0.03 * max(gray.shape))
    for table in tables:
        x0, y0, x1, y1 = table.box
        sides = [  # the box is the content's in some files and the ruling's in others: look both ways
            dark[y0:y1, max(0, x0 - pad) : x0 + pad],
            dark[y0:y1, max(0, x1 - pad) : x1 + pad],
            dark[max(0, y0 - pad) : y0 + pad, x0:x1].T,
            dark[max(0, y1 - pad) : y1 + pad, x0:x1].T,
        ]
        # 60 %: some tables draw each cell as its own box, leaving gaps in the outline
        if not all(_has_line(side, 0.6) for side in sides):
            return False
    return True


def fully_ruled(gray: np.ndarray, tables: Sequence[GtTable]) -> bool:
    """A page whose tables are ruled throughout: ≥ 95 % of neighbour pairs split by a line, and boxed."""
    return ruled_share(gray, tables) >= RULED and boxed(gray, tables)


def _transpose(box: Box) -> Box:
    return box[1], box[0], box[3], box[2]


def main() -> None:
    """Per-page F1 on realdata/ctdar2019_trackb2 (stderr), and the means (stdout, bench/out/)."""
    import json
    import sys
    import time

    import cv2

    from bench.paths import out_dir, realdata_dir
    from extraction.structure import detect_tables

    root = realdata_dir() / "ctdar2019_trackb2"
    pages: list[dict[str, object]] = []
    for xml in sorted((root / "adjacency").glob("*.xml")):
        gray = cv2.imread(str(root / "images" / f"{xml.stem}.jpg"), cv2.IMREAD_GRAYSCALE)
        if gray is None:
            raise FileNotFoundError(root / "images" / f"{xml.stem}.jpg")
        tables = parse_ctdar(xml)
        start = time.perf_counter()
        grids = detect_tables(gray)
        seconds = time.perf_counter() - start
        s, share = score(tables, grids), ruled_share(gray, tables)
        full = share >= RULED and boxed(gray, tables)
        pages.append(
            {"page": xml.stem, "f1": s.f1, "p": s.precision, "r": s.recall, "ruled": share, "full": full}
        )
        mark = " FULLY RULED" if full else ""
        print(
            f"{xml.stem} F1 {s.f1:.3f} P {s.precision:.3f} R {s.recall:.3f} ruled {share:.2f}{mark} {seconds:.3f}s",
            file=sys.stderr,
        )
    ruled_f1 = [float(str(p["f1"])) for p in pages if p["full"]]
    summary = {
        "pages": len(pages),
        "mean_f1": float(np.mean([float(str(p["f1"])) for p in pages])),
        "fully_ruled_pages": len(ruled_f1),
        "fully_ruled_mean_f1": float(np.mean(ruled_f1)) if ruled_f1 else None,
    }
    (out_dir() / "ctdar_adjacency.json").write_text(
        json.dumps({"summary": summary, "pages": pages}, indent=1)
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
