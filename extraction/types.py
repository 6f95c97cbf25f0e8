"""Types passed between extraction stages that are not part of the output contract."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.record import BBox, Table


class TextBlock(BaseModel):
    """A line of text read outside any table (title, year, notes, signatures)."""

    model_config = ConfigDict(extra="forbid")

    text: str
    bbox: BBox
    confidence: float = 1.0


class PageContent(BaseModel):
    """What the mapper sees of one page: its tables with cell texts and the free text around them."""

    model_config = ConfigDict(extra="forbid")

    page: int
    width: int
    height: int
    tables: list[Table] = Field(default_factory=list)
    text_blocks: list[TextBlock] = Field(default_factory=list)
