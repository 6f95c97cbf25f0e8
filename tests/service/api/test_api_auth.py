"""Tokens: every request authenticated (but health), roles enforced, revocation immediate, CLI."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from service.cli import app as cli
from service.storage import Store
from service.storage.schema import ApiTokenRow
from tests.service.api.conftest import Api, png_bytes

READS = ["/v1/documents/1", "/v1/documents/1/export", "/v1/forms/1", "/v1/findings", "/v1/tokens"]


def test_health_needs_no_token(api: Api) -> None:
    body = api.client.get("/v1/health").json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["workers"] == {"configured": 1, "alive": 1}


@pytest.mark.parametrize("header", [None, "Bearer ", "Bearer ft_wrong", "Basic dXNlcjpwdw==", "ft_no_scheme"])
def test_every_endpoint_refuses_missing_or_bad_tokens(api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    calls = [("GET", url) for url in READS] + [
        ("POST", "/v1/documents"),
        ("PATCH", "/v1/forms/1/fields"),
        ("POST", "/v1/tokens"),
        ("DELETE", "/v1/tokens/1"),
    ]
    for method, url in calls:
        response = api.client.request(method, url, headers=headers)
        assert response.status_code == 401, (method, url, response.text)
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"


def test_roles(api: Api) -> None:
    data = ("a.png", png_bytes(1))
    assert api.upload(data, role="uploader").status_code == 202
    assert api.upload(data, role="admin").status_code == 202
    refused = api.upload(data, role="reviewer")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    patch = {"version": 0, "corrections": [{"path": "fields.total_score", "text": "90"}]}
    assert api.client.patch("/v1/forms/1/fields", json=patch, headers=api.as_("uploader")).status_code == 403
    assert api.client.patch("/v1/forms/1/fields", json=patch, headers=api.as_("reviewer")).status_code != 403
    for role in ("uploader", "reviewer"):
        assert api.client.get("/v1/tokens", headers=api.as_(role)).status_code == 403
        new = {"name": "x", "role": "admin"}
        assert api.client.post("/v1/tokens", json=new, headers=api.as_(role)).status_code == 403
    for role in ("uploader", "reviewer", "admin"):
        assert api.client.get("/v1/findings", headers=api.as_(role)).status_code == 200


def test_tokens_are_hashed_and_revocation_is_immediate(api: Api) -> None:
    created = api.client.post(
        "/v1/tokens", json={"name": "erp", "role": "uploader"}, headers=api.as_("admin")
    )
    assert created.status_code == 201
    secret, info = created.json()["token"], created.json()["info"]
    with api.store.reader() as s:
        hashes = set(s.scalars(select(ApiTokenRow.token_hash)))
    assert hashlib.sha256(secret.encode()).hexdigest() in hashes and secret not in hashes
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.client.get("/v1/findings", headers=headers).status_code == 200
    revoked = api.client.delete(f"/v1/tokens/{info['id']}", headers=api.as_("admin"))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert api.client.get("/v1/findings", headers=headers).status_code == 401
    listed = api.client.get("/v1/tokens", headers=api.as_("admin")).json()
    assert "token" not in str(listed[0].keys()) and len(listed) == 4
    assert api.client.delete("/v1/tokens/999", headers=api.as_("admin")).status_code == 404


def test_token_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    data = str(tmp_path / "data")
    created = runner.invoke(cli, ["token", "create", "--role", "reviewer", "--name", "li", "--data", data])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("ft_")
    listed = runner.invoke(cli, ["token", "list", "--data", data])
    assert "reviewer\tli" in listed.stdout and "active" in listed.stdout and secret not in listed.stdout
    assert runner.invoke(cli, ["token", "revoke", "1", "--data", data]).exit_code == 0
    assert "revoked" in runner.invoke(cli, ["token", "list", "--data", data]).stdout
    assert runner.invoke(cli, ["token", "revoke", "9", "--data", data]).exit_code == 2
    bad_role = runner.invoke(cli, ["token", "create", "--role", "root", "--data", data])
    assert bad_role.exit_code != 0
    store = Store.open(data_dir=data)
    try:
        with store.reader() as s:
            assert [r.token_hash for r in s.scalars(select(ApiTokenRow))] == [
                hashlib.sha256(secret.encode()).hexdigest()
            ]
    finally:
        store.close()
