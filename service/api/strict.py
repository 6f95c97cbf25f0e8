"""Unknown query parameters are refused (422), so a typo like `?fromat=xlsx` is not silently ignored;
so is a single-valued parameter given twice (`?status=approved&status=pending` would silently keep
the last)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute

from service.api.errors import ApiError


def _takes_many(schema: dict[str, Any]) -> bool:
    options = [schema, *schema.get("anyOf", [])]  # Optional[list[...]] is anyOf array / null
    return any(option.get("type") == "array" for option in options)


def _declared(app: FastAPI) -> dict[tuple[str, str], dict[str, bool]]:
    """(path template, method) → the query parameters the OpenAPI document declares, each with
    whether it takes several values."""
    declared: dict[tuple[str, str], dict[str, bool]] = {}
    for path, item in app.openapi()["paths"].items():
        for method, operation in item.items():
            declared[(path, method.upper())] = {
                p["name"]: _takes_many(p.get("schema", {}))
                for p in operation.get("parameters", [])
                if p.get("in") == "query"
            }
    return declared


def reject_unknown_query(request: Request) -> None:
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    app: FastAPI = request.app
    if getattr(app.state, "query_names", None) is None:
        app.state.query_names = _declared(app)
    allowed: dict[str, bool] = app.state.query_names.get((route.path_format, request.method), {})
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise ApiError(422, "unknown_parameter", f"unknown query parameter(s): {', '.join(unknown)[:200]}")
    repeated = sorted(
        name for name, many in allowed.items() if not many and len(request.query_params.getlist(name)) > 1
    )
    if repeated:
        raise ApiError(
            422, "repeated_parameter", f"query parameter(s) given more than once: {', '.join(repeated)[:200]}"
        )
