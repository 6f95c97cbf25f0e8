"""Settings of the REST service: storage location, workers, extractor and upload limits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extraction.load import LoadLimits
from service.batch.work import DEFAULT_EXTRACTOR

EXTRACTOR_ENV = "FORMTALLY_API_EXTRACTOR"  # "module:function" instead of the OCR pipeline (tests, load runs)


def default_extractor() -> str:
    return os.environ.get(EXTRACTOR_ENV) or DEFAULT_EXTRACTOR


class ApiSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    data_dir: Path | None = None  # None: FORMTALLY_DATA, as the CLI
    db_url: str | None = None  # None: FORMTALLY_DB, else SQLite in the data directory
    workers: int = Field(default=1, ge=0)  # extraction workers in this server; 0 = API only
    executor: Literal["process", "thread"] = "process"  # thread: no OCR isolation, for fakes and tests
    extractor: str = Field(default_factory=default_extractor)
    profile: str = "national"  # rule profile of new extractions (recorded in each result, reused on edits)
    threads_per_worker: int = Field(default=1, ge=1)
    render_pages: bool = True  # page images for the HTML export
    limits: LoadLimits = Field(default_factory=LoadLimits)
    max_files_per_request: int = Field(default=20, ge=1)
    max_request_bytes: int = Field(default=512 * 1024 * 1024, gt=0)
    lease_s: float = Field(default=60.0, gt=0)  # a dead worker's job is picked up again after this
    poll_s: float = Field(default=0.5, gt=0)  # idle workers look for new jobs this often
    max_attempts: int = Field(default=3, ge=1)  # worker crashes on one document before it fails
    page_limit: int = Field(default=100, ge=1)  # largest page of list endpoints
    time_limit_s: float = Field(default=600.0, gt=0)  # per document; later pages are reported failed
