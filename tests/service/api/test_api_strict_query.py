"""REST: a query parameter is taken once; given twice, the request is refused, never half-read."""

from __future__ import annotations

from tests.service.api.conftest import ApiFactory


def test_a_single_valued_parameter_given_twice_is_refused(api_factory: ApiFactory) -> None:
    api = api_factory(workers=0)
    headers = api.as_("reviewer")
    once = api.client.get("/v1/findings", params={"status": "approved"}, headers=headers)
    assert once.status_code == 200, once.text
    twice = api.client.get("/v1/findings?status=approved&status=needs_review&limit=5", headers=headers)
    assert twice.status_code == 422
    error = twice.json()["error"]
    assert error["code"] == "repeated_parameter" and "status" in error["message"]
    assert "limit" not in error["message"]
    typo = api.client.get("/v1/findings?stauts=approved", headers=headers)
    assert typo.json()["error"]["code"] == "unknown_parameter"  # an unknown name is still that error
