"""Content-addressed page images on disk: <data>/pages/<sha[:2]>/<sha>.<ext>.

The suffix follows the bytes: .jpg for the JPEGs written now (service/batch/render.py), .png for
black-and-white pages (faxes) and for the pages a data directory written by an earlier release
holds; `path` finds either, so an old store still shows its pages. Same bytes → same file, so writes are idempotent and a crash mid-write
never corrupts a page (temp file + rename); files without a database row are harmless leftovers a
rerun reuses.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from service.storage.private import private_dir, write_private

# magic number → suffix; the first is what most new pages are (JPEG), the order `path` looks in
SUFFIXES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}


def image_suffix(data: bytes) -> str:
    """The file suffix of encoded page bytes, from their magic number."""
    for magic, suffix in SUFFIXES.items():
        if data.startswith(magic):
            return suffix
    raise ValueError(f"a page image must be JPEG or PNG, not bytes starting {data[:8]!r}")


class PageStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _file(self, sha256: str, suffix: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{suffix}"

    def path(self, sha256: str) -> Path:
        """The page's file: the one on disk, whatever its format, else where a JPEG would be."""
        candidates = [self._file(sha256, suffix) for suffix in SUFFIXES.values()]
        return next((p for p in candidates if p.is_file()), candidates[0])

    def put(self, data: bytes) -> str:
        """Store encoded page bytes (JPEG, or PNG) and return their SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        target = self._file(sha, image_suffix(data))
        if target.exists() and target.stat().st_size == len(data):
            return sha
        private_dir(target.parent)
        tmp = target.with_name(f".{sha}.{os.getpid()}.tmp")
        write_private(tmp, data)
        tmp.replace(target)
        return sha

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()
