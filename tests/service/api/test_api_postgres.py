"""The service on PostgreSQL (FORMTALLY_TEST_PG_URL, as the storage tests): jobs leased by several
workers finish once each, and concurrent corrections lose nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from service.storage.schema import JobRow, ResultRow
from tests.service.api.conftest import ApiFactory, png_bytes
from tests.service.api.test_api_corrections import form_of_new_upload, two_reviewers_at_once
from tests.service.conftest import PG_URL, reset_postgres

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="FORMTALLY_TEST_PG_URL not set (scripts/start_postgres.sh prints one)"
)


def test_service_on_postgresql(api_factory: ApiFactory) -> None:
    assert PG_URL is not None
    reset_postgres(PG_URL)
    api = api_factory(db_url=PG_URL, workers=3)
    response = api.upload(*[(f"{i}.png", png_bytes(i)) for i in range(9)])
    ids = [d["id"] for d in response.json()["documents"]]
    assert all(api.wait(i)["status"] == "done" for i in ids)
    with api.store.reader() as s:
        assert Counter(s.scalars(select(ResultRow.document_id))) == Counter({i: 1 for i in ids})
        assert set(s.scalars(select(JobRow.status))) == {"done"}
    two_reviewers_at_once(api, form_of_new_upload(api, seed=42))
    assert api.client.get("/v1/findings", headers=api.as_("reviewer")).json()["total"] > 0
