"""Content-addressed page images on disk: <data>/pages/<sha[:2]>/<sha>.png.

Same bytes → same file, so writes are idempotent and a crash mid-write never corrupts a page
(temp file + rename); files without a database row are harmless leftovers a rerun reuses.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from service.storage.private import private_dir, write_private


class PageStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.png"

    def put(self, png: bytes) -> str:
        """Store PNG bytes and return their SHA-256."""
        sha = hashlib.sha256(png).hexdigest()
        target = self.path(sha)
        if target.exists() and target.stat().st_size == len(png):
            return sha
        private_dir(target.parent)
        tmp = target.with_name(f".{sha}.{os.getpid()}.tmp")
        write_private(tmp, png)
        tmp.replace(target)
        return sha

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()
