"""Page checkpoints: a sidecar folder per document being extracted, <data>/checkpoints/<sha256>/.

A worker writes each finished page there (its record as JSON, its prepared page as JPEG or PNG) before
starting the next, so a crash mid-document (a killed scan, a worker's OOM death) costs the page in
flight: a rerun restores the finished pages and runs the rest. The document's result is written to
the database in one transaction only when every page is done, so no page and no form is stored
twice; the folder is removed once the result is stored. Files are written to a temporary name and
renamed: a record exists only complete, and only after its page image.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from PIL import Image

from extraction.checkpoint import PageRecord
from service.storage.pages import SUFFIXES, image_suffix
from service.storage.private import private_dir, write_private

META = "document.json"


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write_private(tmp, data)
    tmp.replace(path)


class DocumentCheckpoint:
    """The finished pages of one document (extraction.checkpoint.PageCheckpoint).

    `key` names what produced them (engine version, options): records of another key are dropped
    when a run begins, since they might differ from what this run would give.
    """

    def __init__(self, folder: Path, key: str) -> None:
        self.folder, self.key = folder, key

    def _record(self, index: int) -> Path:
        return self.folder / f"{index:05d}.json"

    def image(self, index: int, suffix: str) -> Path:
        return self.folder / f"{index:05d}{suffix}"

    def begin(self, pages: int) -> None:
        meta = {"key": self.key, "pages": pages}
        try:
            kept = json.loads((self.folder / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = None
        if kept != meta:  # another engine, another file: nothing of it can be reused
            self.clear()
        private_dir(self.folder)
        _write_atomically(self.folder / META, json.dumps(meta).encode())

    def restore(self, index: int) -> PageRecord | None:
        try:
            return PageRecord.model_validate_json(self._record(index).read_bytes())
        except (OSError, ValueError):  # not finished (or unreadable: run it again)
            return None

    def save(self, record: PageRecord) -> None:
        _write_atomically(self._record(record.index), record.model_dump_json().encode())

    def put_image(self, index: int, data: bytes) -> Path:
        """Keep a page's encoded image (JPEG or PNG bytes) and return its file."""
        private_dir(self.folder)  # an office document's pages come without begin()
        target = self.image(index, image_suffix(data))
        _write_atomically(target, data)
        for other in set(SUFFIXES.values()) - {target.suffix}:  # one image per page
            self.image(index, other).unlink(missing_ok=True)
        return target

    def images(self) -> list[tuple[int, Path, tuple[int, int]]]:
        """(index, file, (width, height)) of every page image kept, in page order."""
        found = []
        kept = sorted(p for p in self.folder.glob("[0-9]*") if p.suffix in SUFFIXES.values())
        for path in kept:
            with Image.open(path) as picture:  # reads the header only
                found.append((int(path.stem), path, picture.size))
        return found

    def progress(self) -> tuple[int, int] | None:
        """(pages finished, pages) as the files tell, or None before the run began."""
        try:
            meta = json.loads((self.folder / META).read_text(encoding="utf-8"))
            return len(list(self.folder.glob("[0-9]*.json"))), int(meta["pages"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def document_checkpoint(root: Path, sha256: str, key: str) -> DocumentCheckpoint:
    return DocumentCheckpoint(root / sha256, key)
