"""Where formtally keeps its data: the data directory (page images) and the database URL."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict

DEFAULT_DATA_DIR = Path("formtally-data")
DB_FILE = "formtally.db"


class StorageConfig(BaseModel):
    """Resolved locations. `db_url` is an SQLAlchemy URL; SQLite lives inside `data_dir` by default."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path
    db_url: str

    @property
    def pages_dir(self) -> Path:
        return self.data_dir / "pages"

    @property
    def checkpoints_dir(self) -> Path:
        """Finished pages of documents being extracted (service.storage.checkpoints)."""
        return self.data_dir / "checkpoints"


def resolve_config(data_dir: Path | str | None = None, db_url: str | None = None) -> StorageConfig:
    """Arguments win over FORMTALLY_DATA / FORMTALLY_DB, which win over ./formtally-data/formtally.db."""
    data = Path(data_dir or os.environ.get("FORMTALLY_DATA") or DEFAULT_DATA_DIR).absolute()
    url = db_url or os.environ.get("FORMTALLY_DB") or f"sqlite:///{data / DB_FILE}"
    return StorageConfig(data_dir=data, db_url=normalize_url(url))


def normalize_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (SQLAlchemy would otherwise pick psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
