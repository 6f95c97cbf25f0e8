"""All per-file accuracy metrics of one predicted Document against its truth Document."""

from __future__ import annotations

from pydantic import BaseModel

from bench.metrics.cells import CerCounts, cer_counts
from bench.metrics.fields import FieldScore, score_fields
from bench.metrics.teds import teds_tables
from models.record import Document


class DocScore(BaseModel):
    fields: FieldScore
    cer: CerCounts
    teds: float


def score_document(pred: Document | None, truth: Document) -> DocScore:
    """`pred=None` is a failed file: every truth field wrong, TEDS 0, no cell matched."""
    if pred is None:
        return DocScore(
            fields=score_fields(None, truth),
            cer=cer_counts([], truth.tables),
            teds=0.0 if truth.tables else 1.0,
        )
    return DocScore(
        fields=score_fields(pred, truth),
        cer=cer_counts(pred.tables, truth.tables),
        teds=teds_tables(pred.tables, truth.tables),
    )
