"""Errors of the storage API, each with a one-line message a CLI, REST or UI layer can show as is."""

from __future__ import annotations

from typing import Literal


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


class WrongIdKind(NotFound):
    """No object of the kind asked for has this id, but one of the other kind does: document ids and
    form ids are numbered separately, and a form id passed for a document (or back) must say so
    instead of reading as a plain 'not found'. `related`: the other object's document id, or the
    document's current form ids."""

    def __init__(
        self, expected: Literal["document", "form"], value: int, message: str, related: list[int]
    ) -> None:
        self.expected, self.value, self.related = expected, value, related
        super().__init__(message)

    @property
    def given(self) -> Literal["document", "form"]:
        return "form" if self.expected == "document" else "document"
