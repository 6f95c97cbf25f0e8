"""The FastAPI application: `create_app(settings)` opens the store and runs the job workers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from service.api import admin, documents, forms
from service.api.errors import install_handlers
from service.api.limits import BodyLimit
from service.api.settings import ApiSettings
from service.api.strict import reject_unknown_query
from service.api.workers import JobRunner
from service.storage import Store
from service.storage.blobs import BlobStore

DESCRIPTION = """Extraction and verification of 项目支出绩效自评表 scans.

Every request needs `Authorization: Bearer <token>` (from `formtally token create`) except
`/v1/health`. Roles: uploaders upload and read, reviewers read and correct, admins do everything.
Errors are `{"error": {"code": ..., "message": ...}}`.
"""


def create_app(settings: ApiSettings | None = None, store: Store | None = None) -> FastAPI:
    """The app on `store` (default: opened from the settings, i.e. FORMTALLY_DATA / FORMTALLY_DB)."""
    settings = settings or ApiSettings()
    opened = store or Store.open(data_dir=settings.data_dir, db_url=settings.db_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runner.start()
        try:
            yield
        finally:
            app.state.runner.stop()
            if store is None:  # we opened it, we close it
                opened.close()

    app = FastAPI(
        title="formtally",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_query)],
    )
    app.state.settings = settings
    app.state.store = opened
    app.state.blobs = BlobStore(opened.config.data_dir / "uploads")
    app.state.runner = JobRunner(opened, app.state.blobs, settings)
    install_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    for module in (documents, forms, admin):
        app.include_router(module.router)
    return app
