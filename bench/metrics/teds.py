"""TEDS-struct: tree-edit-distance similarity of table structure (Zhong et al. 2020), text ignored.

A table is the tree table → tr (one per grid row, holding the cells whose top row it is) → td, each
td labelled with its row and column span. Tree edit distance with unit costs (insert, delete, and
relabel when the labels differ) by our own Zhang-Shasha implementation (no third-party package);
TEDS = 1 − TED / max(|T1|, |T2|).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from models.record import Table


@dataclass
class Node:
    label: str
    children: list[Node] = field(default_factory=list)


def table_tree(table: Table) -> Node:
    rows = [Node("tr") for _ in range(table.n_rows)]
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        while cell.row >= len(rows):  # a cell outside n_rows is still structure; keep it
            rows.append(Node("tr"))
        rows[cell.row].children.append(Node(f"td:{cell.row_span}:{cell.col_span}"))
    return Node("table", rows)


class _Postorder:
    """Nodes in postorder with their leftmost-leaf indices and the keyroots, 1-based as in the paper."""

    def __init__(self, root: Node) -> None:
        self.labels: list[str] = [""]
        self.leftmost: list[int] = [0]
        self._walk(root)
        by_leftmost: dict[int, int] = {}
        for i in range(1, len(self.labels)):
            by_leftmost[self.leftmost[i]] = i  # the last (highest) node with that leftmost leaf
        self.keyroots = sorted(by_leftmost.values())

    def _walk(self, node: Node) -> int:
        first = 0
        for k, child in enumerate(node.children):
            leaf = self._walk(child)
            if k == 0:
                first = leaf
        self.labels.append(node.label)
        index = len(self.labels) - 1
        self.leftmost.append(first or index)
        return self.leftmost[index]

    def __len__(self) -> int:
        return len(self.labels) - 1


def tree_edit_distance(a: Node, b: Node) -> int:
    t1, t2 = _Postorder(a), _Postorder(b)
    l1, l2, lab1, lab2 = t1.leftmost, t2.leftmost, t1.labels, t2.labels
    treedist = [[0] * (len(t2) + 1) for _ in range(len(t1) + 1)]
    for i in t1.keyroots:
        for j in t2.keyroots:
            i0, j0 = l1[i] - 1, l2[j] - 1
            m, n = i - i0 + 1, j - j0 + 1
            fd = [[0] * n for _ in range(m)]
            for x in range(1, m):
                fd[x][0] = x
            for y in range(1, n):
                fd[0][y] = y
            for x in range(1, m):
                xi = x + i0
                same_root_x = l1[xi] == l1[i]
                fd_prev, fd_cur, td_row = fd[x - 1], fd[x], treedist[xi]
                for y in range(1, n):
                    yj = y + j0
                    best = min(fd_prev[y], fd_cur[y - 1]) + 1
                    if same_root_x and l2[yj] == l2[j]:
                        cost = fd_prev[y - 1] + (lab1[xi] != lab2[yj])
                        if cost < best:
                            best = cost
                        td_row[yj] = best
                    else:
                        cost = fd[l1[xi] - 1 - i0][l2[yj] - 1 - j0] + td_row[yj]
                        if cost < best:
                            best = cost
                    fd_cur[y] = best
    return treedist[len(t1)][len(t2)]


def _size(node: Node) -> int:
    return 1 + sum(_size(c) for c in node.children)


def _signature(node: Node) -> tuple[object, ...]:
    return (node.label, tuple(_signature(c) for c in node.children))


def teds_tree(a: Node, b: Node) -> float:
    if _signature(a) == _signature(b):  # the common case for a good extractor; skips the O(n²) work
        return 1.0
    return 1.0 - tree_edit_distance(a, b) / max(_size(a), _size(b))


def teds(pred: Table, truth: Table) -> float:
    return teds_tree(table_tree(pred), table_tree(truth))


def teds_tables(pred: Sequence[Table], truth: Sequence[Table]) -> float:
    """Tables of one document: paired greedily by TEDS on the same page; unpaired ones score 0.

    The mean runs over max(#truth, #pred) so that both missing and extra tables lower it; two
    documents without tables agree perfectly (1.0).
    """
    if not pred and not truth:
        return 1.0
    pred_trees = [table_tree(t) for t in pred]
    truth_trees = [table_tree(t) for t in truth]
    scored = sorted(
        (
            (teds_tree(pt, tt), i, j)
            for i, (p, pt) in enumerate(zip(pred, pred_trees, strict=True))
            for j, (t, tt) in enumerate(zip(truth, truth_trees, strict=True))
            if p.page == t.page
        ),
        reverse=True,
    )
    used_pred: set[int] = set()
    used_truth: set[int] = set()
    total = 0.0
    for value, i, j in scored:
        if i not in used_pred and j not in used_truth:
            used_pred.add(i)
            used_truth.add(j)
            total += value
    return total / max(len(pred), len(truth))
