"""Small helpers shared by the exporters."""

from __future__ import annotations

import re
from pathlib import Path

from service.export.select import ExportDocument


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file then rename: a reader never sees half an export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def document_stem(doc: ExportDocument) -> str:
    """`<id>-<file stem>`: unique (the id) and recognisable (the name), safe as a file name."""
    stem = re.sub(r"[^\w.-]+", "_", Path(doc.info.path).stem, flags=re.UNICODE)[:60]
    return f"{doc.info.id}-{stem}"
