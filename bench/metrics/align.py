"""Order-preserving alignment of two sequences (Needleman-Wunsch with free gaps).

Used to pair truth indicator rows with predicted ones and truth cells with predicted cells: a pair is
allowed only when its similarity reaches `min_similarity`, and the alignment maximises the summed
excess similarity, so a poor pair is left as one missing and one extra item rather than forced.
Then `fill_gaps` pairs, in order, the unpaired items between two pairs when both sides left the same
number: they hold the same slots, so one misread short cell ("—" read as "一") is a substitution,
not a miss.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Pair = tuple[int | None, int | None]


def align(similarity: npt.NDArray[np.float64], min_similarity: float) -> list[Pair]:
    """Pairs (truth index, pred index); None on one side marks a missing or an extra item."""
    n, m = similarity.shape
    gain = np.where(similarity >= min_similarity, similarity - min_similarity + 1e-9, -np.inf).tolist()
    # plain lists: this double loop runs for every page of every file, numpy scalars would be slower
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    # move: 0 = pair (diagonal), 1 = truth item missing (up), 2 = pred item extra (left)
    move = [[2] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        move[i][0] = 1
        row_gain, prev, cur, row_move = gain[i - 1], score[i - 1], score[i], move[i]
        for j in range(1, m + 1):
            best, how = prev[j], 1
            if cur[j - 1] > best:
                best, how = cur[j - 1], 2
            diag = prev[j - 1] + row_gain[j - 1]
            if diag > best:
                best, how = diag, 0
            cur[j], row_move[j] = best, how
    pairs: list[Pair] = []
    i, j = n, m
    while i > 0 or j > 0:
        how = move[i][j]
        if how == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif how == 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return fill_gaps(pairs)


def fill_gaps(pairs: list[Pair]) -> list[Pair]:
    out: list[Pair] = []
    truth_only: list[int] = []
    pred_only: list[int] = []

    def flush() -> None:
        if len(truth_only) == len(pred_only):
            out.extend(zip(truth_only, pred_only, strict=True))
        else:
            out.extend((t, None) for t in truth_only)
            out.extend((None, p) for p in pred_only)
        truth_only.clear()
        pred_only.clear()

    for t, p in pairs:
        if t is not None and p is not None:
            flush()
            out.append((t, p))
        elif t is not None:
            truth_only.append(t)
        elif p is not None:
            pred_only.append(p)
    flush()
    return out
