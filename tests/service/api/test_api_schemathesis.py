"""Schemathesis against the OpenAPI document: generated requests, valid and invalid, never get a
5xx, and every response matches the documented status codes, media types and schemas.

Driven by hand with Hypothesis (schemathesis' pytest plugin does not run under pytest 9 yet).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from service.storage.tokens import create_token
from tests.service.api.conftest import Api, ApiFactory, png_bytes

EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 15}  # per operation
# Uploads and corrections are checked beyond what a schema can say (a file's bytes must be a scan; a
# path must exist in that form): schema-valid requests may rightly get 4xx there.
CONTENT_CHECKED = {("POST", "/v1/documents"), ("PATCH", "/v1/forms/{form_id}/fields")}


def _fresh_admin(api: Api) -> dict[str, str]:
    # a new token per case: a generated DELETE /v1/tokens/{id} may revoke any earlier one
    with api.store.transaction() as session:
        secret, _ = create_token(session, "schemathesis", "admin")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def seeded(api_factory: ApiFactory) -> Api:
    api = api_factory()
    doc = api.upload(("a.png", png_bytes(1))).json()["documents"][0]
    assert api.wait(doc["id"])["status"] == "done"  # id 1 exists: some cases reach the 200 paths
    return api


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_openapi_conformance(seeded: Api, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", seeded.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 9
    for operation in operations:
        inputs = [operation.path_parameters, operation.query, operation.body]
        if mode == GenerationMode.NEGATIVE and not any(len(p) for p in inputs):
            continue  # nothing to get wrong but the token, which the other checks cover

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES[mode],
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            excluded = [positive_data_acceptance] if (case.method, case.path) in CONTENT_CHECKED else []
            case.call_and_validate(headers=_fresh_admin(seeded), excluded_checks=excluded)

        run()
