"""The review app keeps form ids and document ids apart: the queue labels both, the review page
names the form and its document, and a document id in ?form= says what it is instead of opening
another form. The store numbers its documents one ahead of their forms (a queued file first)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.storage import Store, list_forms, upsert_document
from tests.ui.conftest import Seeded, app_test, open_review
from tests.ui.seed import seed_store


@pytest.fixture
def shifted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Seeded]:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir=data_dir)
    with store.transaction() as session:  # document 1: queued, no forms; forms 1-4 are in documents 2-5
        upsert_document(
            session, sha256="0" * 64, path="/scans/queued.png", media_type="image/png", size_bytes=1
        )
    forms = seed_store(store)
    monkeypatch.setenv("FORMTALLY_DATA", str(data_dir))
    monkeypatch.delenv("FORMTALLY_DB", raising=False)
    yield Seeded(store, data_dir, forms)
    store.close()


def test_queue_labels_form_and_document_ids(shifted: Seeded) -> None:
    at = app_test().run()
    frame = at.dataframe[0].value
    with shifted.store.reader() as session:
        documents = {f.id: f.document_id for f in list_forms(session)}
    shown = dict(zip(frame["表单编号"], frame["文件编号"], strict=True))
    assert shown == documents and all(f != d for f, d in shown.items())
    picker = at.selectbox(key="open_pick")
    assert all(picker.format_func(i).startswith(f"表单 #{i} ") for i in documents)


def test_review_page_names_the_form_and_its_document(shifted: Seeded) -> None:
    at = open_review(shifted, "seed_shizuishan_1")
    form_id = shifted.forms["seed_shizuishan_1"]
    assert any(c.value.startswith(f"表单 #{form_id}（文件 #{form_id + 1}）") for c in at.caption)


def _open(form_param: str) -> list[str]:
    at = app_test()
    at.query_params["form"] = form_param
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, at.exception
    return [e.value for e in at.error]


def test_a_document_id_in_the_link_says_it_is_one_and_names_its_form(shifted: Seeded) -> None:
    last_document = shifted.forms["hebei_exec_86"] + 1
    assert _open(str(last_document)) == [
        f"找不到表单 #{last_document}：#{last_document} 是文件编号，不是表单编号。"
        f"该文件的表单：#{shifted.forms['hebei_exec_86']}。"
    ]
    assert _open("1") == []  # form 1 exists (and is not document 1's: that one is queued)
    assert _open("99") == ["找不到表单 #99。"]
    assert _open("d2")[0].startswith("链接中的 ?form=d2 不是表单编号")
