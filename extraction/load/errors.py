"""The one error of the load stage, its codes, and the limits that guard it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Why a file was refused; the REST API answers with these codes (docs/rest.md lists them).
LoadCode = Literal[
    "not_found",
    "not_a_file",
    "unreadable",
    "empty_file",
    "file_too_large",
    "unsupported_media_type",
    "corrupt_file",
    "encrypted_pdf",
    "too_many_pages",
    "too_many_pixels",
    "bad_page_shape",
]

# Library messages name the in-memory buffer or a temporary path; neither means anything to a user.
_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>")


def clean_reason(text: str) -> str:
    """One line, without Python object reprs (`<_io.BytesIO object at 0x…>`)."""
    return " ".join(_OBJECT_REPR.sub("the file", text).split())


class LoadError(Exception):
    """A file that cannot be read. str() is one line: "<path>: <reason>" (spec/output.md)."""

    def __init__(self, path: Path | str, reason: str, code: LoadCode = "corrupt_file") -> None:
        super().__init__(path, reason, code)  # args kept so the error pickles across worker processes
        self.path = str(path)
        self.reason = clean_reason(reason)  # one line, whatever a library message contained
        self.code: LoadCode = code

    def __str__(self) -> str:
        shown = self.path.replace("\n", "\\n").replace("\r", "\\r")
        return f"{shown}: {self.reason}"


class Unreadable(Exception):
    """Raised inside the loader with a reason and a code; the caller adds the path (→ LoadError)."""

    def __init__(self, reason: str, code: LoadCode = "corrupt_file") -> None:
        super().__init__(reason, code)
        self.reason = clean_reason(reason)
        self.code: LoadCode = code


class LoadLimits(BaseModel):
    """Guards against hostile or accidental inputs, all checked from the headers before decoding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    # per page. 80 MP holds A3 at 600 dpi (70 MP) and stays under Pillow's own decompression-bomb
    # threshold (Image.MAX_IMAGE_PIXELS, 89.5 MP), past which Pillow refuses as well.
    max_pixels: int = Field(default=80_000_000, gt=0)
    # a department's whole report (30–300 pages) is one document; pages are extracted one at a time
    # and each prepared page is encoded as soon as it is done, so memory holds one page of pixels
    # whatever the page count. The caps bound the work one file can ask for.
    max_pages: int = Field(default=1000, gt=0)
    # per document: 1000 A4 pages at 300 dpi are 8.7 GP; 1000 × 80 MP is refused.
    max_total_pixels: int = Field(default=10_000_000_000, gt=0)
    # a page whose sides differ more than this cannot be a form (1×200000 px broke resizing)
    max_aspect: float = Field(default=20.0, ge=1.0)
