"""PATCH /v1/forms/{id}/fields: optimistic locking, re-verification, concurrent reviewers."""

from __future__ import annotations

import threading
from typing import Any

from models.record import Form
from service.storage import list_corrections, set_review
from tests.service.api.conftest import Api, png_bytes
from verification import verify_form


def form_of_new_upload(api: Api, seed: int = 1) -> dict[str, Any]:
    doc = api.upload(("a.png", png_bytes(seed))).json()["documents"][0]
    body = api.wait(doc["id"])
    assert body["status"] == "done"
    form_id = body["forms"][0]["id"]
    form: dict[str, Any] = api.client.get(f"/v1/forms/{form_id}", headers=api.as_("reviewer")).json()
    return form


def _patch(api: Api, form_id: int, version: int, *corrections: tuple[str, str | None]) -> Any:
    body = {"version": version, "corrections": [{"path": p, "text": t} for p, t in corrections]}
    return api.client.patch(f"/v1/forms/{form_id}/fields", json=body, headers=api.as_("reviewer"))


def test_correction_is_applied_logged_and_reverified(api: Api) -> None:
    form = form_of_new_upload(api)
    response = _patch(
        api, form["id"], form["version"], ("indicators[0].score", "15"), ("fields.total_score", "95")
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["version"] == form["version"] + 2
    record = Form.model_validate(updated["record"])
    assert record.indicators[0].score is not None and record.indicators[0].score.text == "15"
    assert record.indicators[0].score.value == 15 and record.indicators[0].score.confidence == 1.0
    assert record.fields.total_score is not None and record.fields.total_score.value == 95
    assert updated["review_status"] == "in_review"
    expected_rules = [f.rule for f in verify_form(record.model_copy(update={"findings": []}))]
    assert [f["rule"] for f in updated["findings"]] == expected_rules  # recomputed, not the old ones
    with api.store.reader() as s:
        log = list_corrections(s, form_id=form["id"])
    assert [(c.path, c.new_text, c.author) for c in log] == [
        ("indicators[0].score", "15", "test-reviewer (token 2)"),
        ("fields.total_score", "95", "test-reviewer (token 2)"),
    ]


def test_stale_version_gets_409_and_changes_nothing(api: Api) -> None:
    form = form_of_new_upload(api)
    assert _patch(api, form["id"], 0, ("fields.total_score", "90")).status_code == 200
    stale = _patch(api, form["id"], 0, ("fields.total_score", "80"), ("indicators[0].score", "1"))
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "version_conflict" and error["details"]["current_version"] == 1
    assert "reload" in error["message"]
    now = api.client.get(f"/v1/forms/{form['id']}", headers=api.as_("reviewer")).json()
    assert now["version"] == 1 and now["record"]["fields"]["total_score"]["text"] == "90"


def test_bad_path_locked_form_and_bad_bodies(api: Api) -> None:
    form = form_of_new_upload(api)
    bad = _patch(api, form["id"], 0, ("fields.nonsense", "1"))
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_change"
    missing = _patch(api, 999, 0, ("fields.total_score", "1"))
    assert missing.status_code == 404
    for body in ({}, {"version": -1, "corrections": []}, {"version": 0, "corrections": [{"path": ""}]}):
        response = api.client.patch(f"/v1/forms/{form['id']}/fields", json=body, headers=api.as_("reviewer"))
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"
    with api.store.transaction() as s:
        set_review(s, form["id"], "approved", expected_version=0, reviewer="boss")
    locked = _patch(api, form["id"], 1, ("fields.total_score", "1"))
    assert locked.status_code == 409 and locked.json()["error"]["code"] == "form_locked"


def two_reviewers_at_once(api: Api, form: dict[str, Any]) -> None:
    """Both send version v at the same moment: one wins, the other gets 409, reloads, reapplies."""
    barrier = threading.Barrier(2)
    statuses: dict[str, list[int]] = {}

    def reviewer(path: str, text: str) -> None:
        version = form["version"]
        barrier.wait()
        seen = statuses.setdefault(path, [])
        while True:
            response = _patch(api, form["id"], version, (path, text))
            seen.append(response.status_code)
            if response.status_code != 409:
                return
            version = response.json()["error"]["details"]["current_version"]

    threads = [
        threading.Thread(target=reviewer, args=("fields.total_score", "88")),
        threading.Thread(target=reviewer, args=("indicators[1].score", "19")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    final = api.client.get(f"/v1/forms/{form['id']}", headers=api.as_("reviewer")).json()
    assert final["version"] == form["version"] + 2
    assert final["record"]["fields"]["total_score"]["text"] == "88"
    assert final["record"]["indicators"][1]["score"]["text"] == "19"
    assert sorted(statuses.values()) == [[200], [409, 200]], statuses  # the loser was told, not overwritten


def test_two_reviewers_at_once_lose_no_update(api: Api) -> None:
    two_reviewers_at_once(api, form_of_new_upload(api))
