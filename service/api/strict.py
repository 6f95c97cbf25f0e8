"""Unknown query parameters are refused (422), so a typo like `?fromat=xlsx` is not silently ignored."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute

from service.api.errors import ApiError


def _declared(app: FastAPI) -> dict[tuple[str, str], frozenset[str]]:
    """(path template, method) → the query parameters the OpenAPI document declares."""
    declared: dict[tuple[str, str], frozenset[str]] = {}
    for path, item in app.openapi()["paths"].items():
        for method, operation in item.items():
            names = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
            declared[(path, method.upper())] = frozenset(names)
    return declared


def reject_unknown_query(request: Request) -> None:
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    app: FastAPI = request.app
    if getattr(app.state, "query_names", None) is None:
        app.state.query_names = _declared(app)
    allowed = app.state.query_names.get((route.path_format, request.method), frozenset())
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ApiError(422, "unknown_parameter", f"unknown query parameter(s): {', '.join(unknown)[:200]}")
