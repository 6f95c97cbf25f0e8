"""The overview page's numbers: findings by rule and by department, forms by review status, the
confidence of the values read, and the throughput of extraction, each ready to chart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from models.paths import iter_fields
from models.record import Form
from service.storage import Store
from service.storage.progress import (
    findings_by_department,
    findings_by_rule_severity,
    finished_times,
    form_records,
    forms_by_status,
)

# Confidence bands, calm to loud (as the review page words them): (lower bound, label).
CONFIDENCE_BANDS = ((0.95, "≥95%"), (0.85, "85–95%"), (0.6, "60–85%"), (0.0, "<60%"))
SAMPLED_FORMS = 1000  # the confidence chart reads at most this many records (newest first)
THROUGHPUT_WINDOW = timedelta(hours=2)


class Count(BaseModel):
    key: str  # the rule, department, status, band or minute
    severity: str = ""
    count: int


class Overview(BaseModel):
    findings_by_rule: list[Count]
    findings_by_department: list[Count]
    forms_by_status: list[Count]
    confidence: list[Count]  # values per confidence band, calm to loud
    throughput: list[Count]  # files finished per minute (key: HH:MM, UTC), over the last two hours
    sampled_forms: int


def _rule_key(rule: str) -> int:
    return int(rule[1:]) if rule[1:].isdigit() else 99


def confidence_bands(records: list[dict[str, object]]) -> list[Count]:
    counts = dict.fromkeys((label for _, label in CONFIDENCE_BANDS), 0)
    for record in records:
        for _, field in iter_fields(Form.model_validate(record)):
            label = next(label for bound, label in CONFIDENCE_BANDS if field.confidence >= bound)
            counts[label] += 1
    return [Count(key=label, count=n) for label, n in counts.items()]


def per_minute(times: list[datetime]) -> list[Count]:
    """Files finished per minute, every minute from the first to the last (idle minutes are 0)."""
    if not times:
        return []
    start = times[0].replace(second=0, microsecond=0)
    minutes = int((times[-1] - start).total_seconds() // 60) + 1
    counts = [0] * minutes
    for t in times:
        counts[int((t - start).total_seconds() // 60)] += 1
    return [
        Count(key=(start + timedelta(minutes=i)).strftime("%H:%M"), count=n) for i, n in enumerate(counts)
    ]


def overview(store: Store, now: datetime | None = None) -> Overview:
    now = now or datetime.now(UTC)
    with store.reader() as session:
        by_rule = findings_by_rule_severity(session)
        by_department = findings_by_department(session)
        statuses = forms_by_status(session)
        records = form_records(session, SAMPLED_FORMS)
        times = finished_times(session, now - THROUGHPUT_WINDOW)
    return Overview(
        findings_by_rule=[
            Count(key=rule, severity=severity, count=n)
            for (rule, severity), n in sorted(by_rule.items(), key=lambda kv: (_rule_key(kv[0][0]), kv[0][1]))
        ],
        findings_by_department=[
            Count(key=department, severity=severity, count=n)
            for (department, severity), n in sorted(by_department.items(), key=lambda kv: -kv[1])
        ],
        forms_by_status=[Count(key=status, count=n) for status, n in statuses.items()],
        confidence=confidence_bands(records),
        throughput=per_minute(times),
        sampled_forms=len(records),
    )
