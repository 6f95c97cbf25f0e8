"""Page preparation: upright, deskewed, perspective-corrected page and a cleaned gray copy.

Pure OpenCV/numpy steps, each usable alone; `prepare_page` estimates everything on a small copy
and applies one combined warp at full resolution.
"""

from extraction.prepare.illumination import flatten_illumination
from extraction.prepare.options import PreparedPage, PrepareOptions
from extraction.prepare.orientation import OrientationEstimate, detect_orientation, estimate_orientation
from extraction.prepare.page import prepare_page
from extraction.prepare.perspective import correct_perspective, find_table_quad
from extraction.prepare.red import find_red_marks, suppress_red
from extraction.prepare.skew import deskew, estimate_skew

__all__ = [
    "OrientationEstimate",
    "PrepareOptions",
    "PreparedPage",
    "correct_perspective",
    "deskew",
    "detect_orientation",
    "estimate_orientation",
    "estimate_skew",
    "find_red_marks",
    "find_table_quad",
    "flatten_illumination",
    "prepare_page",
    "suppress_red",
]
