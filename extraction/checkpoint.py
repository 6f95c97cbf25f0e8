"""What a long document keeps of each finished page, so that a crash costs only the page in flight.

The pipeline hands every finished page to a `PageCheckpoint` as a `PageRecord` (what the document
stages need: the page's info and its table content, no pixels) and asks it, before running a page,
whether an earlier run finished it. Where the records live is the caller's business (the service
keeps them in a sidecar folder of its data directory); the pipeline does no I/O of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

from extraction.predictions import PagePrediction
from extraction.types import PageContent
from models.record import PageInfo

# (pages finished, pages in the document), after each page: restored pages count as finished
PageProgress = Callable[[int, int], None]


class PageRecord(BaseModel):
    """One finished page, as JSON-able as the output contract."""

    model_config = ConfigDict(extra="forbid")

    index: int
    info: PageInfo  # carries `error` when the page failed
    content: PageContent | None = None
    failed: bool = False

    @classmethod
    def of(cls, page: PagePrediction) -> PageRecord:
        if page.failure is not None:
            return cls(index=page.index, info=page.failure, failed=True)
        return cls(index=page.index, info=page.info(), content=page.content)

    def prediction(self) -> PagePrediction:
        """The page as the document stages see it (its pixels were dropped when it finished)."""
        empty = np.zeros((0, 0, 3), np.uint8)
        if self.failed:
            return PagePrediction(index=self.index, original=empty, failure=self.info)
        return PagePrediction(index=self.index, original=empty, content=self.content, restored=self.info)


class PageCheckpoint(Protocol):
    """Where finished pages are kept between runs of the same document."""

    def begin(self, pages: int) -> None:
        """Called once before the first page, with the document's page count."""
        ...

    def restore(self, index: int) -> PageRecord | None:
        """Page `index` as an earlier run finished it, or None to run it."""
        ...

    def save(self, record: PageRecord) -> None:
        """Page `record.index` is finished (its image already went to the page sink)."""
        ...
