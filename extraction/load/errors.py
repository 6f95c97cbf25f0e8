"""The one error of the load stage, and the limits that guard it."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class LoadError(Exception):
    """A file that cannot be read. str() is one line: "<path>: <reason>" (spec/output.md)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(path, reason)  # args kept so the error pickles across worker processes
        self.path = str(path)
        self.reason = " ".join(reason.split())  # one line, whatever a library message contained

    def __str__(self) -> str:
        shown = self.path.replace("\n", "\\n").replace("\r", "\\r")
        return f"{shown}: {self.reason}"


class Unreadable(Exception):
    """Raised inside the loader with a reason; load_document adds the path (→ LoadError)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LoadLimits(BaseModel):
    """Guards against hostile or accidental inputs, checked before decoding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    # per page. 80 MP holds A3 at 600 dpi (70 MP) and stays under Pillow's own decompression-bomb
    # threshold (Image.MAX_IMAGE_PIXELS, 89.5 MP), past which Pillow refuses as well.
    max_pixels: int = Field(default=80_000_000, gt=0)
    max_pages: int = Field(default=50, gt=0)  # every page is kept decoded: ~26 MB per A4 page at 300 dpi
