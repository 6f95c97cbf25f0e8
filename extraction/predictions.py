"""Intermediate predictions of the pipeline, kept apart from the output Document (as in docling)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from extraction.load import PageChars, PageRules
from extraction.prepare import PreparedPage
from extraction.structure import TableGrid
from extraction.types import PageContent
from models.record import Form, NotAForm, PageInfo, Table


class PagePrediction(BaseModel):
    """One page as it moves through the page stages; each stage fills its own slot."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: int
    original: np.ndarray
    chars: PageChars | None = None  # the PDF text layer, when the page has one
    rules: PageRules | None = None  # the ruling the PDF draws as vector paths, when a PDF page
    prepared: PreparedPage | None = None
    grids: list[TableGrid] = Field(default_factory=list)
    # which structure stage found `grids`: the PDF's vector ruling or the rendered pixels
    structure_source: Literal["vector", "raster"] | None = None
    content: PageContent | None = None
    failure: PageInfo | None = None  # set when the page failed: its size and error
    restored: PageInfo | None = None  # a page an earlier run finished (extraction.checkpoint)

    def without_pixels(self) -> PagePrediction:
        """The page once its stages ran: what the document stages need, not the images."""
        empty = np.zeros((0, 0, 3), np.uint8)
        prepared = None
        if self.prepared is not None:
            prepared = self.prepared.model_copy(update={"image": empty, "gray": empty[:, :, 0]})
        return self.model_copy(update={"original": empty, "prepared": prepared, "chars": None, "rules": None})

    def info(self) -> PageInfo:
        if self.restored is not None:
            return self.restored
        if self.prepared is not None:
            return self.prepared.info
        if self.content is not None:  # an office document's page: cells, no image
            return PageInfo(
                index=self.index, width=self.content.width, height=self.content.height, text_source="office"
            )
        height, width = self.original.shape[:2]
        return PageInfo(index=self.index, width=width, height=height)

    def tables(self) -> list[Table]:
        return list(self.content.tables) if self.content is not None else []


class DocumentPrediction(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    pages: list[PagePrediction]
    forms: list[Form] = Field(default_factory=list)
    not_forms: list[NotAForm] = Field(default_factory=list)
