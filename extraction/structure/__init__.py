"""Table structure: a grayscale page → its ruled tables as grids of cells with spans and pixel boxes.

Small pure steps (img2table style): binarise → measure the page's length unit (median text blob
height) → keep long thin runs (ruling segments) → bridge broken rulings → drop segments that do not
join a grid → group crossing segments into tables → snap segments into row/column edges (inferring
missing outer borders from where the crossing lines end) → merge grid slots whose separating side
is not ruled → cells.
"""

from extraction.structure.detect import detect_lines, detect_tables
from extraction.structure.params import StructureParams
from extraction.structure.result import GridCell, LineSegment, TableGrid

__all__ = ["GridCell", "LineSegment", "StructureParams", "TableGrid", "detect_lines", "detect_tables"]
