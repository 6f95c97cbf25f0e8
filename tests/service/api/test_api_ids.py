"""REST: a document id where a form id belongs (or back) is a 404 that says which kind the number
is and points at the right one, and ?form= on an export takes a form key or this document's form
id, never another document's form."""

from __future__ import annotations

from typing import Any

from tests.service.api.conftest import Api, ApiFactory
from tests.service.conftest import part_ids, reextract


def _error(response: Any) -> dict[str, Any]:
    assert response.status_code == 404, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == "not_found"
    return error


def _api(api_factory: ApiFactory) -> tuple[Api, dict[str, int]]:
    api = api_factory(workers=0)  # the documents are stored directly; nothing to extract
    return api, part_ids(api.store)


def test_a_document_id_for_a_form_names_the_documents_forms(api_factory: ApiFactory) -> None:
    api, ids = _api(api_factory)
    headers = api.as_("reviewer")
    error = _error(api.client.get(f"/v1/forms/{ids['doc_a']}", headers=headers))
    assert error["message"].startswith("no form 4: 4 is a document id (its forms: 1)")
    assert error["details"] == {"expected": "form", "given": "document", "form_ids": [ids["form_a"]]}
    patch = api.client.patch(
        f"/v1/forms/{ids['doc_a']}/fields",
        json={"version": 0, "corrections": [{"path": "fields.impl_unit", "text": "x"}]},
        headers=headers,
    )
    assert _error(patch)["details"]["form_ids"] == [ids["form_a"]]  # nothing corrected anywhere
    plain = _error(api.client.get("/v1/forms/999", headers=headers))
    assert plain["message"] == "no form 999" and "details" not in plain


def test_a_form_id_for_a_document_names_the_forms_document(api_factory: ApiFactory) -> None:
    api, ids = _api(api_factory)
    reextract(api.store, ids["doc_a"], 6)  # forms 3-8; no document 8
    headers = api.as_("uploader")
    for url in ("/v1/documents/8", "/v1/documents/8/export?format=json"):
        error = _error(api.client.get(url, headers=headers))
        assert error["message"].startswith("no document 8: 8 is a form id (form 8 is in document 4)")
        assert error["details"] == {"expected": "document", "given": "form", "document_id": ids["doc_a"]}


def test_export_form_parameter_takes_a_key_or_this_documents_form_id(api_factory: ApiFactory) -> None:
    api, ids = _api(api_factory)
    url, headers = f"/v1/documents/{ids['doc_a']}/export", api.as_("uploader")
    name = f'attachment; filename="document-{ids["doc_a"]}-f0.xlsx"'
    for form in ("f0", str(ids["form_a"])):
        response = api.client.get(url, params={"format": "xlsx", "form": form}, headers=headers)
        assert response.status_code == 200 and response.headers["content-disposition"] == name
    other = _error(
        api.client.get(url, params={"format": "xlsx", "form": str(ids["form_b"])}, headers=headers)
    )
    assert other["message"] == "form 2 belongs to document 5, not document 4"
    assert other["details"] == {"document_id": ids["doc_b"]}
    unknown = _error(api.client.get(url, params={"format": "xlsx", "form": "f9"}, headers=headers))
    assert (
        unknown["message"]
        == "document 4 has no form 'f9': give the key or the form id of one of its forms: f0 (id 1)"
    )


def test_findings_filters_say_which_kind_of_id_they_were_given(api_factory: ApiFactory) -> None:
    api, ids = _api(api_factory)
    headers = api.as_("reviewer")
    by_form = api.client.get("/v1/findings", params={"form_id": ids["form_b"]}, headers=headers).json()
    assert by_form["total"] > 0 and {f["form_id"] for f in by_form["items"]} == {ids["form_b"]}
    assert {f["document_id"] for f in by_form["items"]} == {ids["doc_b"]}
    wrong = _error(api.client.get("/v1/findings", params={"form_id": ids["doc_a"]}, headers=headers))
    assert wrong["details"]["given"] == "document"
    reextract(api.store, ids["doc_a"], 6)
    wrong = _error(api.client.get("/v1/findings", params={"document_id": 8}, headers=headers))
    assert wrong["details"] == {"expected": "document", "given": "form", "document_id": ids["doc_a"]}
    assert _error(api.client.get("/v1/findings", params={"document_id": 999}, headers=headers))


def test_a_form_key_for_a_form_id_points_at_the_form_id(api_factory: ApiFactory) -> None:
    api, _ = _api(api_factory)
    response = api.client.get("/v1/forms/f0", headers=api.as_("reviewer"))
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert message.startswith("path.form_id: ") and "f0, f1 … are form keys inside a result" in message
    other = api.client.get("/v1/forms/abc", headers=api.as_("reviewer")).json()["error"]["message"]
    assert "form keys" not in other  # only what looks like a form key gets the hint
