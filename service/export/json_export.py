"""JSON export: each document as the result contract (spec/output.md), forms as corrected."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from service.export.files import atomic_write, document_stem
from service.export.select import ExportDocument


def export_json(documents: Iterable[ExportDocument], out: Path) -> list[Path]:
    """`out` ending in .json: one file (a Document, or a list when several); else one file each."""
    if out.suffix.lower() == ".json":
        payloads = [d.document.model_dump(mode="json") for d in documents]
        body = payloads[0] if len(payloads) == 1 else payloads
        atomic_write(out, json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8"))
        return [out]
    written = []
    for doc in documents:
        target = out / f"{document_stem(doc)}.json"
        atomic_write(target, doc.document.model_dump_json(indent=2).encode("utf-8"))
        written.append(target)
    return written
