"""Errors of the storage API, each with a one-line message a CLI, REST or UI layer can show as is."""

from __future__ import annotations


class StorageError(Exception):
    """Base class: anything the storage API refuses to do."""


class NotFound(StorageError):
    pass


class VersionConflict(StorageError):
    """The form changed since the caller read it (optimistic lock); reload and reapply."""

    def __init__(self, form_id: int, expected: int, actual: int) -> None:
        self.form_id, self.expected, self.actual = form_id, expected, actual
        super().__init__(
            f"form {form_id} was changed by someone else (now version {actual}, you edited version "
            f"{expected}): reload it and reapply your change"
        )


class FormLocked(StorageError):
    def __init__(self, form_id: int) -> None:
        self.form_id = form_id
        super().__init__(f"form {form_id} is approved and locked: reopen it before editing")
