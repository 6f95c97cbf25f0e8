"""Aggregate FileResults per (extractor, rendering) and overall: micro-averaged field accuracy and CER,
mean TEDS-struct, failed-file share."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from bench.accuracy.runner import FileResult
from bench.metrics.cells import CerCounts
from bench.metrics.fields import Counts

OVERALL = "all"


class Summary(BaseModel):
    extractor: str
    rendering: str
    files: int
    failed: int
    mapped: bool  # False: the peer ran without a mapping stage, so field accuracy is n/a
    header: float | None
    funds: float | None
    indicator: float | None
    fields: float | None
    missing_rows: int
    extra_rows: int
    cer: float | None
    cell_recall: float | None
    teds: float | None
    seconds_mean: float

    @property
    def failed_share(self) -> float:
        return self.failed / self.files if self.files else 0.0


def summarize(extractor: str, rendering: str, results: Iterable[FileResult]) -> Summary:
    rows = list(results)
    header, funds, indicator, total = Counts(), Counts(), Counts(), Counts()
    cer = CerCounts()
    for r in rows:
        header.add(r.score.fields.header)
        funds.add(r.score.fields.funds)
        indicator.add(r.score.fields.indicator)
        total.add(r.score.fields.all)
        cer.add(r.score.cer)
    mapped = all(r.mapped for r in rows)

    def acc(counts: Counts) -> float | None:
        return counts.accuracy if mapped else None

    return Summary(
        extractor=extractor,
        rendering=rendering,
        files=len(rows),
        failed=sum(not r.ok for r in rows),
        mapped=mapped,
        header=acc(header),
        funds=acc(funds),
        indicator=acc(indicator),
        fields=acc(total),
        missing_rows=sum(r.score.fields.missing_rows for r in rows),
        extra_rows=sum(r.score.fields.extra_rows for r in rows),
        cer=cer.cer,
        cell_recall=cer.recall,
        teds=sum(r.score.teds for r in rows) / len(rows) if rows else None,
        seconds_mean=sum(r.seconds for r in rows) / len(rows) if rows else 0.0,
    )


def summaries(results: list[FileResult]) -> list[Summary]:
    """Per rendering (in first-seen order) then overall, each with one row per extractor."""
    renderings = list(dict.fromkeys(r.rendering for r in results))
    extractors = list(dict.fromkeys(r.extractor for r in results))
    out = []
    for rendering in [*renderings, OVERALL]:
        for name in extractors:
            chosen = [
                r
                for r in results
                if r.extractor == name and (rendering == OVERALL or r.rendering == rendering)
            ]
            if chosen:
                out.append(summarize(name, rendering, chosen))
    return out
