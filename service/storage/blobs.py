"""Uploaded files, content-addressed on disk: <data>/uploads/<sha[:2]>/<sha>.

The client's file name is never part of a path. Bytes are written to a temporary file, fsynced and
renamed into place before the upload is acknowledged, so an accepted document survives a crash.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import BinaryIO

from service.storage.private import private_dir, private_file

CHUNK = 1 << 20


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"file too large: more than {limit} bytes")
        self.limit = limit


class Spooled:
    """An upload written to a temporary file, hashed, not yet in the store."""

    def __init__(self, path: Path, sha256: str, size: int) -> None:
        self.path, self.sha256, self.size = path, sha256, size

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def spool(self, source: BinaryIO, max_bytes: int) -> Spooled:
        """Copy `source` to a temporary file, at most `max_bytes` (else TooLarge), hashing as it goes."""
        private_dir(self.tmp)
        target = self.tmp / f"{uuid.uuid4().hex}.part"
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(private_file(target), "wb") as out:
                while block := source.read(CHUNK):
                    size += len(block)
                    if size > max_bytes:
                        raise TooLarge(max_bytes)
                    digest.update(block)
                    out.write(block)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return Spooled(target, digest.hexdigest(), size)

    def commit(self, spooled: Spooled) -> Path:
        """Move a spooled upload to its content address (durably); same bytes → same file."""
        final = self.path(spooled.sha256)
        if final.is_file() and final.stat().st_size == spooled.size:
            spooled.discard()
            return final
        private_dir(final.parent)
        with spooled.path.open("rb+") as handle:
            os.fsync(handle.fileno())
        spooled.path.replace(final)
        _fsync_dir(final.parent)
        return final
