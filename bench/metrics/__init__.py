"""Pure benchmark metrics: field accuracy, cell CER, TEDS-struct, realdata bounds (and, by another
hand, the cTDaR neighbour-pair F1 in bench.metrics.adjacency)."""

from bench.metrics.bounds import WIRED_BOUNDS, BoundCheck, check_bound
from bench.metrics.cells import CerCounts, cer_counts
from bench.metrics.document import DocScore, score_document
from bench.metrics.fields import Counts, FieldScore, score_fields
from bench.metrics.teds import teds, teds_tables
from bench.metrics.text import field_right, normalize, values_equal

__all__ = [
    "WIRED_BOUNDS",
    "BoundCheck",
    "CerCounts",
    "Counts",
    "DocScore",
    "FieldScore",
    "cer_counts",
    "check_bound",
    "field_right",
    "normalize",
    "score_document",
    "score_fields",
    "teds",
    "teds_tables",
    "values_equal",
]
