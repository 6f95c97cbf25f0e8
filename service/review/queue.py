"""The review queue: forms riskiest first (errors, then low confidence), its filters and counts,
and the order next/previous walk in. Ids-only queries where the queue can be long."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from models.record import ReviewStatus
from service.storage import FormQuery, FormSummary, Store, list_forms
from service.storage.forms import document_folders, document_names, facets, form_ids, status_counts

OPEN_STATUSES: tuple[ReviewStatus, ...] = ("needs_review", "in_review")


class QueueFilters(BaseModel):
    """What the queue page filters on; None means any."""

    model_config = ConfigDict(frozen=True)

    status: ReviewStatus | None = None
    department: str | None = None
    year: int | None = None
    rule: str | None = None
    reviewer: str | None = None

    def query(self, **extra: int | None) -> FormQuery:
        return FormQuery(**self.model_dump(), **extra)


class FilterOptions(BaseModel):
    departments: list[str]
    years: list[int]
    rules: list[str]
    reviewers: list[str]


class QueueEntry(BaseModel):
    form: FormSummary
    document_path: str  # the file's name (scan.jpg), never the server path
    folder: str = ""  # the folder it was scanned from (the sample form, a batch), "" for uploads


def queue(store: Store, filters: QueueFilters, limit: int | None = 500) -> list[QueueEntry]:
    """Forms matching `filters`, riskiest first (errors first, then low confidence)."""
    with store.reader() as session:
        forms = list_forms(session, filters.query(limit=limit))
        ids = {f.document_id for f in forms}
        paths, folders = document_names(session, ids), document_folders(session, ids)
    return [
        QueueEntry(form=f, document_path=paths.get(f.document_id, ""), folder=folders.get(f.document_id, ""))
        for f in forms
    ]


def queue_counts(store: Store, filters: QueueFilters) -> dict[str, int]:
    """Forms per review status under `filters` (status itself ignored), plus "total" and "with_errors"."""
    with store.reader() as session:
        counts, errors = status_counts(session, filters.model_copy(update={"status": None}).query())
    counts["total"] = sum(counts.values())
    counts["with_errors"] = errors
    return counts


def filter_options(store: Store) -> FilterOptions:
    with store.reader() as session:
        return FilterOptions.model_validate(facets(session))


def _queue_rows(store: Store, filters: QueueFilters) -> list[tuple[int, str]]:
    """(form id, review status) in queue order; ids only, the queue can be long."""
    with store.reader() as session:
        return form_ids(session, filters.query())


def queue_ids(store: Store, filters: QueueFilters) -> list[int]:
    """Form ids in queue order."""
    return [form_id for form_id, _ in _queue_rows(store, filters)]


def next_to_review(store: Store, filters: QueueFilters, after: int | None = None) -> int | None:
    """The riskiest open form (needs_review / in_review), or the first open one after `after`."""
    rows = _queue_rows(store, filters)
    ids = [form_id for form_id, _ in rows]
    start = ids.index(after) + 1 if after in ids else 0
    return next((form_id for form_id, status in rows[start:] if status in OPEN_STATUSES), None)


def neighbours(store: Store, filters: QueueFilters, form_id: int) -> tuple[int | None, int | None]:
    """(previous, next) form in queue order; forms outside the filtered queue start from its top."""
    ids = queue_ids(store, filters)
    if form_id not in ids:
        return None, ids[0] if ids else None
    i = ids.index(form_id)
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)
