"""`Store`: one database plus the page-image directory, opened (and migrated) once per process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from service.storage.config import StorageConfig, resolve_config
from service.storage.engine import make_engine, migrate, sqlite_file
from service.storage.pages import PageStore
from service.storage.private import private_dir, touch_private


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
        private_dir(config.data_dir)
        private_dir(config.pages_dir)
        database = sqlite_file(config.db_url)
        if database is not None:  # SQLite creates -wal and -shm with the database file's mode
            private_dir(database.parent)
            touch_private(database)
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
