"""Peers' PageContent → Document, through formtally's own mapping stage."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bench.extractors.base import NO_MAPPING_WARNING
from bench.extractors.pages import Timer, source_of
from extraction.types import PageContent
from models.record import Document, EngineInfo, Form, PageInfo


def map_forms(pages: Sequence[PageContent]) -> tuple[list[Form], list[str]]:
    """Forms via extraction.mapping.map_pages, or none and a warning while that stage is missing."""
    try:
        from extraction.mapping import map_pages
    except ImportError as exc:
        return [], [f"{NO_MAPPING_WARNING}: {exc}"]
    return list(map_pages(pages)), []


def build_document(
    path: Path, pages: Sequence[PageContent], engine: str, version: str, timer: Timer
) -> Document:
    with timer.stage("map"):
        forms, warnings = map_forms(pages)
    return Document(
        source=source_of(path, len(pages)),
        engine=EngineInfo(formtally=engine, ocr=version, elapsed_s=timer.finish()),
        pages=[PageInfo(index=p.page, width=p.width, height=p.height) for p in pages],
        tables=[t for p in pages for t in p.tables],
        forms=forms,
        warnings=warnings,
    )
