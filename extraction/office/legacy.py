"""Legacy .xls/.doc converted to .xlsx/.docx by LibreOffice (headless), when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extraction.load.errors import Unreadable

TIMEOUT_S = 120
_COMPONENT = {"doc": "Writer", "xls": "Calc"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, source_ext: str, target_ext: str) -> bytes:
    """`data` (a .xls or .doc) as `target_ext` bytes; Unreadable without LibreOffice or on failure."""
    program = soffice()
    if program is None:
        raise Unreadable(
            f".{source_ext} needs LibreOffice to be read (install it, or save the file as .{target_ext})",
            "unsupported_media_type",
        )
    with tempfile.TemporaryDirectory(prefix="formtally-office-") as tmp:
        folder = Path(tmp)
        source = folder / f"input.{source_ext}"
        source.write_bytes(data)
        # its own profile: a desktop LibreOffice running for the same user would take the job over
        profile = (folder / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target_ext,
                   "--outdir", str(folder), str(source)]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False, text=True)
        except subprocess.TimeoutExpired as e:
            raise Unreadable(f"LibreOffice took more than {TIMEOUT_S} s to convert the .{source_ext}") from e
        target = folder / f"input.{target_ext}"
        if not target.exists():
            said = [line for line in (done.stderr or "").splitlines() if line.startswith("Error")]
            # a damaged file, or a LibreOffice without the component (Writer for .doc, Calc for .xls)
            component = _COMPONENT.get(source_ext, "")
            raise Unreadable(
                f"LibreOffice could not convert the .{source_ext} ({said[-1] if said else 'no output'}; "
                f"a damaged file, or LibreOffice {component} is not installed)".replace("  ", " ")
            )
        return target.read_bytes()
