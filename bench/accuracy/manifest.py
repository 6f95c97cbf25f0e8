"""sample_scans/manifest.json: which files to score, their rendering, and their ground truth."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from models.record import Document


class Sample(BaseModel):
    # extra="ignore": the generator may record more about each file (transform parameters) than we need
    model_config = ConfigDict(extra="ignore", frozen=True)

    file: str = Field(validation_alias=AliasChoices("file", "path"))  # relative to the manifest's folder
    form_id: str
    rendering: str
    truth: str  # truth.json, relative to the manifest's folder
    pages: int = 1

    def file_path(self, root: Path) -> Path:
        return root / self.file

    def truth_path(self, root: Path) -> Path:
        return root / self.truth


def load_manifest(root: Path) -> list[Sample]:
    """Entries of root/manifest.json: a JSON list, or an object with the list under "files"/"samples"."""
    path = root / "manifest.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist yet (samplegen writes it: make samples)")
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = next((data[k] for k in ("files", "samples", "entries") if k in data), None)
        if data is None:
            raise ValueError(f"{path}: expected a list of files or an object with 'files'")
    return [Sample.model_validate(entry) for entry in data]


@cache
def load_truth(path: Path) -> Document:
    return Document.model_validate_json(path.read_bytes())


def select(samples: list[Sample], renderings: list[str] | None, limit: int | None) -> list[Sample]:
    """Filter by rendering; --limit N keeps N files per rendering, spread evenly over the manifest so
    that a small run still sees several layouts (deterministic: same N, same files)."""
    chosen = [s for s in samples if renderings is None or s.rendering in renderings]
    if limit is None:
        return chosen
    groups: dict[str, list[Sample]] = {}
    for sample in chosen:
        groups.setdefault(sample.rendering, []).append(sample)
    keep = set()
    for group in groups.values():
        n = min(limit, len(group))
        keep |= {id(group[i * len(group) // n]) for i in range(n)}
    return [s for s in chosen if id(s) in keep]
