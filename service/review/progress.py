"""The progress of extraction for the review app: files done of total, rate and time left, from the
documents table (a scan in another process, as `formtally demo` runs one, is seen as it goes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from service.storage import Store
from service.storage.progress import extraction_progress

WINDOW = timedelta(minutes=10)  # the rate is measured over the files finished this recently


class ScanProgress(BaseModel):
    total: int
    done: int
    failed: int
    pending: int  # queued or being extracted
    files_per_minute: float | None  # None until two files finished within the window
    seconds_left: float | None

    @property
    def active(self) -> bool:
        return self.pending > 0


def scan_progress(store: Store, now: datetime | None = None) -> ScanProgress:
    with store.reader() as session:
        counts = extraction_progress(session, WINDOW)
    now = now or datetime.now(UTC)
    rate = None
    if len(counts.recent) >= 2:
        # n finishing times span n-1 intervals; the time since the last one counts too, so a
        # stalled scan shows its rate falling instead of the rate it once had
        span = (now - counts.recent[0]).total_seconds()
        rate = (len(counts.recent) - 1) / span * 60 if span > 0 else None
    left = counts.pending / rate * 60 if rate else None
    return ScanProgress(
        total=counts.total,
        done=counts.done,
        failed=counts.failed,
        pending=counts.pending,
        files_per_minute=rate,
        seconds_left=left,
    )
