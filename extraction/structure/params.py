"""Thresholds of the structure stage.

Lengths are expressed in `unit`s: the median height of the page's squarish ink blobs (characters and parts of
characters), measured on every page, so the same parameters work from 96 dpi screenshots to 300 dpi scans.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class StructureParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # binarisation
    block_frac: float = Field(0.02, gt=0, description="adaptive-threshold window, fraction of min(h, w)")
    ink_contrast: int = Field(10, ge=1, description="how much darker than its surroundings ink must be")
    line_contrast: int = Field(10, ge=1, description="how much darker than both its sides a ruling must be")
    # scale
    work_max_side: int = Field(1800, ge=400, description="larger pages are analysed downscaled to this side")
    # line extraction (in units)
    max_char: float = Field(2.5, gt=0, description="ink blobs smaller than this both ways are characters")
    max_stroke: float = Field(1.2, gt=0, description="longest straight stroke inside a character")
    min_corner_share: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of a rule's corner piece that lies on runs longer than max_stroke "
        "(0.5 drops characters like 书 whose one long stroke passes for a rule: cTDaR all pages "
        "0.637 → 0.652, but wired__squeeze_error 160 → 157 cells, below its upstream bound)",
    )
    min_piece: float = Field(0.75, gt=0, description="shortest piece of a broken ruling worth joining")
    min_segment: float = Field(1.5, gt=0, description="shortest ruling segment kept (a one-line row's side)")
    min_dash: float = Field(0.3, ge=0, description="shortest dash of a dashed ruling (shorter: noise)")
    max_dash: float = Field(0.8, gt=0, description="longest dash of a dashed ruling")
    dash_gap: float = Field(0.5, ge=0, description="gap bridged inside a dashed line before measuring runs")
    max_thickness: float = Field(0.7, gt=0, description="thicker dark bands are fills, not rulings")
    min_relative_contrast: float = Field(
        0.3,
        ge=0,
        le=1,
        description="fainter segments than this share of the page's typical ruling are streaks",
    )
    max_turn: float = Field(0.012, ge=0, description="largest slope of a ruling against the page's rulings")
    # grid building (in units)
    snap_tol: float = Field(
        0.6, gt=0, description="how far apart two collinear segments may still be one edge"
    )
    max_gap: float = Field(3.0, ge=0, description="longest break bridged inside one ruling")
    join_tol: float = Field(0.4, gt=0, description="how far a segment end may stop short of a crossing line")
    min_coverage: float = Field(0.5, gt=0, le=1, description="share of a cell side that must be ruled")
    min_cells: int = Field(2, ge=1, description="fewer cells than this is a box, not a table")
    min_height: float = Field(2.5, gt=0, description="lower tables are a rule under a header line")
    min_width: float = Field(4.0, gt=0, description="narrower tables are character strokes or fragments")
    split_rows: bool = Field(True, description="split unruled rows of a ruled table at text lines")
    split_cols: bool = Field(True, description="split unruled columns of a ruled table at aligned text")
    aligned_tables: bool = Field(True, description="tables ruled only across: columns from text alignment")
    min_rule: float = Field(6.0, gt=0, description="shortest rule that frames a table ruled only across")
    max_rule_gap: float = Field(80.0, gt=0, description="largest distance between two rules of one table")
    max_ink: float = Field(0.35, gt=0, le=1, description="inkier grids are photo texture, not tables")
