"""Finding scan files under a folder, hashing them, and telling their media type from their bytes.

Only regular files are read: a FIFO would block the scan forever and a device never ends, so
anything else (also through a symlink) is reported and skipped before it is opened for reading.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from extraction.load.sniff import sniff

SCAN_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pdf", ".xlsx", ".xls", ".docx", ".doc"}
)


class NotRegular(OSError):
    """A scan candidate that is not a regular file (FIFO, device, socket, dangling link)."""


def iter_scan_files(root: Path) -> Iterator[Path]:
    """Every scan file under `root` (or `root` itself), in a stable order; hidden entries skipped."""
    if not root.is_dir():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in SCAN_SUFFIXES:
                yield Path(dirpath) / name


def display_name(path: Path, root: Path) -> str:
    """The name a result shows: relative to the scanned folder (the file's name when `root` is it)."""
    if root.is_dir():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


def _open_regular(path: Path) -> int:
    """A read descriptor of `path` if it is a regular file; NotRegular otherwise, without blocking."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise NotRegular("no such file (a dangling link?)") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegular("not a regular file (FIFO, device or socket)")
    return fd


def hash_file(path: Path, chunk: int = 1 << 20) -> tuple[str, int, str]:
    """(SHA-256, size in bytes, media type from the first bytes) of a regular file."""
    digest, size, head = hashlib.sha256(), 0, b""
    with os.fdopen(_open_regular(path), "rb") as handle:
        while block := handle.read(chunk):
            if len(head) < 1024:
                head += block[: 1024 - len(head)]
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size, sniff(head) or "application/octet-stream"
