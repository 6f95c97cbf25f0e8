"""Mapping stage: tables whose cells hold OCR text → canonical form records (form.md §2).

Labels are matched fuzzily against every spelling of models/canonical.json; values are found by
layout (right of or below their label, under their column label), never by fixed position.
"""

from extraction.mapping.document import MappedDocument, map_document, map_pages
from extraction.mapping.labels import LabelMatch, match_label, normalize_label

__all__ = ["LabelMatch", "MappedDocument", "map_document", "map_pages", "match_label", "normalize_label"]
