"""The one interface every benchmarked extractor implements, formtally and peers alike."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from models.record import Document


@runtime_checkable
class Extractor(Protocol):
    """Turns one file into a result-contract Document. Raises on failure: the runner counts the file
    as failed and reports the reason (nothing is swallowed)."""

    name: str

    def extract(self, path: Path) -> Document: ...


class ExtractorUnavailable(RuntimeError):
    """The extractor cannot run at all here (a module or package is missing); the message says why."""


NO_MAPPING_WARNING = "bench: mapping unavailable"  # prefix of Document.warnings; fields then read n/a
