"""Fixtures for the review app tests: a temp store seeded with the fixture records, and an AppTest of
ui/app.py pointed at it (FORMTALLY_DATA, as `formtally review --data` sets it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from service.storage import Store
from tests.ui.seed import seed_store

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


@dataclass
class Seeded:
    store: Store
    data_dir: Path
    forms: dict[str, int]  # fixture name → form id


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Seeded]:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir=data_dir)
    forms = seed_store(store)
    monkeypatch.setenv("FORMTALLY_DATA", str(data_dir))
    monkeypatch.delenv("FORMTALLY_DB", raising=False)
    yield Seeded(store, data_dir, forms)
    store.close()


def app_test() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=30)


def open_review(seeded: Seeded, name: str, reviewer: str | None = "张三") -> AppTest:
    """The app on the review page of fixture `name`, with `reviewer` typed into the sidebar."""
    at = app_test()
    if reviewer:
        at.session_state["reviewer"] = reviewer
    at.query_params["form"] = str(seeded.forms[name])
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, at.exception
    return at


def editor_key(at: AppTest, name: str) -> str:
    keys = [e.key for e in at.data_editor if e.key and e.key.startswith(f"ed-{name}-")]
    assert len(keys) == 1, keys
    return keys[0]


def edit_cell(at: AppTest, name: str, row: int, column: str, text: str) -> AppTest:
    """What typing into one cell of a data editor sends, then the rerun it triggers."""
    at.session_state[editor_key(at, name)] = {
        "edited_rows": {row: {column: text}},
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def finding_rules(at: AppTest) -> list[str]:
    """Rules of the findings listed on the review page (their markdown starts with an icon)."""
    found = (re.match(r":\w+\[●\] \*\*(V\d+) ", m.value) for m in at.markdown)
    return [m.group(1) for m in found if m is not None]


def messages(at: AppTest) -> list[str]:
    return [e.value for e in [*at.error, *at.warning, *at.info, *at.success]]
