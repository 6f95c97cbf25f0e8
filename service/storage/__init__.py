"""Storage: SQLAlchemy 2 schema with Alembic migrations, content-addressed page images, and the
repository functions every interface (CLI, REST, review app) goes through.

    store = Store.open()                      # FORMTALLY_DATA / FORMTALLY_DB, migrated to head
    with store.transaction() as session:
        apply_correction(session, form_id, "fields.total_score", "95", expected_version=3, author="li")
"""

from service.storage.corrections import (
    CorrectionInfo,
    apply_correction,
    list_corrections,
    set_review,
    undo_correction,
)
from service.storage.documents import (
    DocumentInfo,
    PageImageRef,
    document_record,
    find_document,
    get_document,
    mark_failed,
    mark_running,
    save_result,
    upsert_document,
)
from service.storage.errors import FormLocked, NotFound, StorageError, VersionConflict, WrongIdKind
from service.storage.forms import FormDetail, FormQuery, FormSummary, get_form, get_form_record, list_forms
from service.storage.store import Store
from service.storage.synonyms import (
    SynonymInfo,
    active_synonyms,
    add_synonym,
    delete_synonym,
    list_synonyms,
    set_synonym_active,
)

__all__ = [
    "CorrectionInfo",
    "DocumentInfo",
    "FormDetail",
    "FormLocked",
    "FormQuery",
    "FormSummary",
    "NotFound",
    "PageImageRef",
    "StorageError",
    "Store",
    "SynonymInfo",
    "VersionConflict",
    "WrongIdKind",
    "active_synonyms",
    "add_synonym",
    "apply_correction",
    "delete_synonym",
    "document_record",
    "find_document",
    "get_document",
    "get_form",
    "get_form_record",
    "list_corrections",
    "list_forms",
    "list_synonyms",
    "mark_failed",
    "mark_running",
    "save_result",
    "set_review",
    "set_synonym_active",
    "undo_correction",
    "upsert_document",
]
