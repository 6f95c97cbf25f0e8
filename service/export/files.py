"""Small helpers shared by the exporters."""

from __future__ import annotations

import re
from pathlib import Path

from service.export.select import ExportDocument

# OWASP CSV injection: a cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d[\d,]*)?(\.\d+)?([eE][+-]?\d+)?%?")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula, quoted with a leading apostrophe (OWASP);
    numbers, and text that is a plain number such as "-12.5" or "-3%", are left as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_LEADS):
        return value
    if any(ch.isdigit() for ch in value) and _NUMBER.fullmatch(value.strip()):
        return value
    return "'" + value


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file then rename: a reader never sees half an export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def document_stem(doc: ExportDocument) -> str:
    """`<id>-<file stem>`: unique (the id) and recognisable (the name), safe as a file name."""
    stem = re.sub(r"[^\w.-]+", "_", Path(doc.name).stem, flags=re.UNICODE)[:60]
    return f"{doc.info.id}-{stem}"
