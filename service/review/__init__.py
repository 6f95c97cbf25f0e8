"""Thin service functions for the review app (ui/): the queue in risk order, one form with its
evidence, edits that re-verify the form, repair suggestions, review decisions and learned synonyms.

Everything goes through `service.storage`; nothing here stores data of its own.
"""

from service.review.forms import (
    Edit,
    FormView,
    PageView,
    accept_suggestion,
    correct,
    correct_many,
    decide,
    history,
    open_form,
    reverifier,
    undo,
)
from service.review.learning import canonical_targets, learn_label, set_synonym, synonyms
from service.review.overview import Count, Overview, overview
from service.review.progress import ScanProgress, scan_progress
from service.review.queue import (
    OPEN_STATUSES,
    FilterOptions,
    QueueEntry,
    QueueFilters,
    filter_options,
    neighbours,
    next_to_review,
    queue,
    queue_counts,
    queue_ids,
)

__all__ = [
    "OPEN_STATUSES",
    "Count",
    "Edit",
    "FilterOptions",
    "FormView",
    "Overview",
    "PageView",
    "QueueEntry",
    "QueueFilters",
    "ScanProgress",
    "accept_suggestion",
    "canonical_targets",
    "correct",
    "correct_many",
    "decide",
    "filter_options",
    "history",
    "learn_label",
    "neighbours",
    "next_to_review",
    "open_form",
    "overview",
    "queue",
    "queue_counts",
    "queue_ids",
    "reverifier",
    "scan_progress",
    "set_synonym",
    "synonyms",
    "undo",
]
