"""Dependencies of the routes: the open store, the settings, and bearer-token access by scope."""

from __future__ import annotations

from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPBearer

from domain.errors import InvalidInput

from api.settings import ApiSettings
from api.tokens import TokenInfo
from store.root import Store

BEARER_DESCRIPTION = "A token made by `geoevents tokens create NAME --scope ...`."


async def get_store(request: Request) -> Store:
    """Return the store the application opened at start-up."""
    return request.app.state.store  # type: ignore[no-any-return]


async def get_settings(request: Request) -> ApiSettings:
    """Return the settings the application was built with."""
    return request.app.state.settings  # type: ignore[no-any-return]


_declared: dict[int, dict[str, bool]] = {}
_guards: dict[int, "ScopedBearer | None"] = {}
"""Per route, the bearer-token check it depends on (found with its query names, once)."""


def _query_names(dependant: Any) -> Iterator[tuple[str, bool]]:
    """Yield the query parameter names of a route and of every dependency it uses, each with whether it takes
    a list (given once per item)."""
    yield from ((p.alias, _takes_list(p.field_info.annotation)) for p in dependant.query_params)
    for sub in dependant.dependencies:
        yield from _query_names(sub)


def _guard_of(dependant: Any) -> "ScopedBearer | None":
    """The bearer-token check a route depends on (directly or through its router), if any."""
    for sub in dependant.dependencies:
        if isinstance(sub.call, ScopedBearer):
            return sub.call
        if (found := _guard_of(sub)) is not None:
            return found
    return None


def _takes_list(annotation: Any) -> bool:
    """Tell whether a parameter's type is a list (or an optional list)."""
    if get_origin(annotation) in (Union, UnionType):
        return any(_takes_list(arg) for arg in get_args(annotation))
    return get_origin(annotation) in (list, set, tuple, frozenset) or annotation in (list, set, tuple, frozenset)


async def strict_query(request: Request) -> None:
    """Refuse query parameters a route does not declare, and a single-valued one given twice (a typo must not
    silently widen a query, nor a repeat silently pick one of two values)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    names = _declared.get(id(route))
    if names is None:
        names = _declared[id(route)] = dict(_query_names(dependant))
        _guards[id(route)] = _guard_of(dependant)
    params = request.query_params
    if params and (guard := _guards[id(route)]) is not None:
        await guard(request)  # who may ask is answered before what was asked: 401/403 before any 422
    for name in params:
        if name not in names:
            raise InvalidInput(f"unknown query parameter '{name}'", field=f"query.{name}")
        if not names[name] and len(params.getlist(name)) > 1:
            raise InvalidInput(f"query parameter '{name}' given more than once; it takes one value",
                               field=f"query.{name}")


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


class ScopedBearer(HTTPBearer):
    """The bearer-token check of one scope, which is itself the `HTTPBearer` scheme of the OpenAPI document.

    One dependency rather than a check depending on `HTTPBearer`, and the settings and the token
    registry read from the app's state rather than as dependencies of their own: every dependency
    costs each request a round of FastAPI's solving.
    """

    def __init__(self, scope: str):
        super().__init__(auto_error=False, scheme_name="HTTPBearer", description=BEARER_DESCRIPTION)
        self.scope = scope

    async def __call__(self, request: Request) -> TokenInfo | None:  # type: ignore[override]
        """Let the request through only with a token holding the scope (401 without, 403 without scope)."""
        credentials = await super().__call__(request)
        state = request.app.state
        if credentials is None:
            if self.scope == "read" and state.settings.anonymous_reads:
                return None
            raise HTTPException(401, "a bearer token is required (Authorization: Bearer ...)",
                                headers={"WWW-Authenticate": "Bearer"})
        token: TokenInfo | None = state.tokens.check(credentials.credentials)
        if token is None:
            raise HTTPException(401, "unknown or revoked token",
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if self.scope not in token.scopes:
            raise HTTPException(403, f"this token lacks the '{self.scope}' scope")
        return token


ReadAccess = Depends(ScopedBearer("read"))
AppendAccess = Depends(ScopedBearer("append"))


def topic_query(what: str) -> object:
    """Describe a `topic` parameter: any label with a character other than a space (a blank one is refused by
    `projections.facts.asked_topic`, naming it; the pattern tells clients so)."""
    return Query(description=what, json_schema_extra={"pattern": r"\S"})
