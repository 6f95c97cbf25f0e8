"""`Store`: one database plus the page-image directory, opened (and migrated) once per process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from service.storage.config import StorageConfig, resolve_config
from service.storage.engine import make_engine, migrate
from service.storage.pages import PageStore


class Store:
    def __init__(self, config: StorageConfig, engine: Engine) -> None:
        self.config = config
        self.engine = engine
        self.pages = PageStore(config.pages_dir)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, data_dir: Path | str | None = None, db_url: str | None = None) -> Store:
        """Open the store (FORMTALLY_DATA / FORMTALLY_DB by default) and run `upgrade head`."""
        config = resolve_config(data_dir, db_url)
        config.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(config.db_url)
        migrate(engine)
        return cls(config, engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
