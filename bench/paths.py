"""Where the benchmarks find their inputs and put their outputs."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """`FORMTALLY_SHARED`, else the `shared/` folder beside the repository (how the workplace lays it)."""
    env = os.environ.get("FORMTALLY_SHARED")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def realdata_dir() -> Path:
    return shared_dir() / "realdata"


def sample_scans_dir() -> Path:
    return REPO_ROOT / "sample_scans"


def out_dir() -> Path:
    """bench/out/ (gitignored): raw JSON results and per-page details."""
    path = REPO_ROOT / "bench" / "out"
    path.mkdir(parents=True, exist_ok=True)
    return path
