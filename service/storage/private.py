"""The data directory is private to its owner: folders 0700, files 0600, whatever the umask.

The database, the uploads and the page images are scans of other people's forms; nobody else on
the machine should read them.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` and its missing parents as 0700 (mkdir(parents=True) would give the parents
    the umask's mode); an existing `path` is narrowed to 0700, existing parents are left alone."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
    info = path.stat()
    if info.st_mode & 0o777 != DIR_MODE and info.st_uid == os.getuid():  # e.g. made by an older version
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> int:
    """A new (or truncated) file opened for writing as 0600; the descriptor is the caller's."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode on O_CREAT: narrow it
    return fd


def touch_private(path: Path) -> None:
    """Make sure `path` exists as a 0600 file (SQLite creates its -wal and -shm files alike)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    with os.fdopen(private_file(path), "wb") as handle:
        handle.write(data)
