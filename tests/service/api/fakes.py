"""Fast extractors for the API tests: the real loader (so bad files fail as in production), then a
deterministic Document from tests.service.fakes instead of OCR."""

from __future__ import annotations

import os
import time
from pathlib import Path

from extraction.load import load_document
from models.record import Document
from tests.service.fakes import make_document

FAKE = "tests.service.api.fakes:load_extract"
SLOW = "tests.service.api.fakes:slow_extract"
DYING = "tests.service.api.fakes:dying_extract"


def load_extract(path: Path) -> Document:
    loaded = load_document(path)  # raises LoadError for whatever the pipeline could not read
    sizes = [(page.shape[1], page.shape[0]) for page in loaded.pages]
    return make_document(str(path), loaded.source.sha256, loaded.source.media_type, sizes)


def slow_extract(path: Path) -> Document:
    """load_extract after FORMTALLY_FAKE_DELAY seconds, so a test can kill the server mid-job."""
    time.sleep(float(os.environ.get("FORMTALLY_FAKE_DELAY", "0.5")))
    return load_extract(path)


def dying_extract(path: Path) -> Document:
    """Ends its worker process, as a segfault in a native library would, on images 13 px wide."""
    document = load_extract(path)
    if document.pages[0].width == 13:
        os._exit(1)
    return document
