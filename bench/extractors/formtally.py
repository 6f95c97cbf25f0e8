"""formtally itself, through the pipeline's public entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.extractors.base import ExtractorUnavailable
from models.record import Document


class FormtallyExtractor:
    name = "formtally"

    def __init__(self, threads: int | None = 1, engine: str | None = None, name: str = "formtally") -> None:
        self.name = name
        try:  # imported lazily: the pipeline is being written while the bench exists
            from extraction.pipeline import ExtractOptions, extract_file
        except ImportError as exc:
            raise ExtractorUnavailable(f"extraction.pipeline not importable: {exc}") from exc
        self._extract_file = extract_file
        self._options: Any = ExtractOptions(threads=threads, **({"engine": engine} if engine else {}))

    def extract(self, path: Path) -> Document:
        document: Document = self._extract_file(path, self._options)
        return document
