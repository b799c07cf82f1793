"""Errors as RFC 9457 problem details (application/problem+json), for every route and status."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from eventsourcing.persistence import PersistenceError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from domain.errors import (
    ActorNotFound, ConcurrentWriteConflict, OccurrenceNotFound, GeoEventsError, InputRejected, InvalidInput, KeyConflict, StoreUnavailable,
    located,
    TokenNameTaken, TokenNotFound,
)
from api.head import STREAM_PATH
from store.faults import reason

PROBLEM_JSON = "application/problem+json"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
"""The methods a route of ours may answer (HEAD is answered for every GET by `api.head`)."""


class ErrorDetailPublic(BaseModel):
    """One located reason: the input line (for bodies), the field or parameter, and why."""

    line: int | None = None
    field: str | None = None
    reason: str


class ProblemPublic(BaseModel):
    """An RFC 9457 problem: type, title, status, detail, and for rejected input every reason."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[ErrorDetailPublic] = []
    stored_before: int | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemPublic, "content": {PROBLEM_JSON: {}}, "description": HTTPStatus(code).phrase}
    for code in (401, 403, 404, 422, 500, 503)
}
"""Problem responses every route may give, for the OpenAPI document."""


def problem(status: int, detail: str | None = None, request: Request | None = None, *,
            errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None,
            **extra: Any) -> JSONResponse:
    """Build a problem+json response for a status, with an optional detail and located errors."""
    body = ProblemPublic(title=HTTPStatus(status).phrase, status=status, detail=detail,
                         instance=request.url.path if request else None,
                         errors=[ErrorDetailPublic(**e) for e in errors or []], **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status,
                        media_type=PROBLEM_JSON, headers=headers)


def rejected(request: Request, error: InputRejected) -> JSONResponse:
    """Answer a refused batch: 409 when every reason is a key conflict, else 422, each reason located."""
    reasons = [{"line": r.line, "field": r.field, "reason": r.reason} for r in error.rejections]  # type: ignore[union-attr]
    conflict = all(getattr(r, "conflict", False) for r in error.rejections)
    return problem(409 if conflict else 422, str(error), request, errors=reasons,
                   stored_before=error.stored_before)


def _domain_error(request: Request, error: Exception) -> JSONResponse:
    """Map a named geoevents error to its status."""
    if isinstance(error, InputRejected):
        return rejected(request, error)
    if isinstance(error, (ActorNotFound, OccurrenceNotFound)):
        field = _located(request, error)
        return problem(404, _detail(error, field), request, errors=[{"field": field, "reason": error.reason}])
    if isinstance(error, InvalidInput):
        field = _located(request, error)
        return problem(422, _detail(error, field), request,
                       errors=[{"line": error.line, "field": field, "reason": error.reason}])
    if isinstance(error, (KeyConflict, ConcurrentWriteConflict, TokenNameTaken)):
        return problem(409, str(error), request)
    if isinstance(error, TokenNotFound):
        return problem(404, str(error), request)
    if isinstance(error, StoreUnavailable):
        return problem(503, str(error), request)
    return problem(500, str(error), request)


def _detail(error: InvalidInput, field: str | None) -> str:
    """Say an error as the CLI does, with its field named as the request carried it (the same name as `errors`)."""
    return located(error.reason, line=error.line, field=field)


def _located(request: Request, error: InvalidInput) -> str | None:
    """Name an error's field as the request carried it: `query.<name>` for a query parameter, `path.<name>` for
    the one parameter of a path (`/events/{ref}`); a field of a body line (which has a line) stays as it is."""
    field = error.field
    if error.line is not None or field is None or field.startswith(("query.", "path.", "header.")):
        return field
    if field in request.query_params:
        return f"query.{field}"
    if len(request.path_params) == 1:
        return f"path.{next(iter(request.path_params))}"
    return field


def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    headers = error.headers
    if error.status_code == 405:  # the router names the methods of the first route at the path only
        headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
    return problem(error.status_code, str(error.detail), request, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method a route of the app answers at the request's path, for a 405's `Allow` (RFC 9110, 15.5.6):
    each route is asked whether it matches the request made with that method; HEAD goes with GET (`api.head`)."""
    found = [method for method in METHODS
             if any(route.matches({**request.scope, "method": method})[0] == Match.FULL
                    for route in request.app.router.routes)]
    if "GET" in found and request.url.path != STREAM_PATH:
        found.insert(found.index("GET") + 1, "HEAD")
    return found


def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    reasons = [{"field": ".".join(str(p) for p in e["loc"]), "reason": e["msg"].removeprefix("Value error, ")}
               for e in error.errors()]
    return problem(422, "the request's parameters are not valid", request, errors=reasons)


def _store_error(request: Request, error: PersistenceError) -> JSONResponse:
    """A database call that failed outside our own error handling (a dropped connection): 503, retry later."""
    return problem(503, reason(error), request, headers={"Retry-After": "1"})


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    return problem(500, "unexpected error; see the server log", request)


def install(app: FastAPI) -> None:
    """Answer every error of the app as problem+json."""
    app.add_exception_handler(GeoEventsError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(PersistenceError, _store_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
