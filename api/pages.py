"""Cursor pagination shared by every list route: opaque cursors and the page query parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from domain.errors import InvalidInput


CURSOR_PATTERN = r"^[0-9]{1,18}$"
MAX_POSITION = 10**18 - 1
"""The largest notification id a cursor or a stream position may name (what CURSOR_PATTERN admits)."""


def encode_cursor(position: int) -> str:
    """Turn a position (a notification id or a row offset) into a cursor clients pass back unchanged."""
    return str(position)


def decode_cursor(cursor: str) -> int:
    """Turn a cursor back into its position, or fail naming the `cursor` parameter."""
    if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 18:
        raise InvalidInput("not a cursor from a previous page", field="cursor")
    return int(cursor)


@dataclass(frozen=True)
class PageRequest:
    """Where a page starts (a position, 0 for the first page) and how many items it holds."""

    after: int
    limit: int


async def page_request(request: Request,
                 cursor: Annotated[str | None, Query(pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page; omit for the first page.")] = None,
                 limit: Annotated[int | None, Query(ge=1, le=MAX_POSITION, description="Items per page (default GEOEVENTS_PAGE_SIZE); a larger one than GEOEVENTS_MAX_PAGE_SIZE (1000 unless set) is lowered to it.")] = None,
                 ) -> PageRequest:
    """Read the `cursor` and `limit` query parameters of a list route."""
    settings = request.app.state.settings
    size = min(limit or settings.page_size, settings.max_page_size)  # a larger limit is lowered, as documented
    return PageRequest(decode_cursor(cursor) if cursor else 0, size)


PageDep = Annotated[PageRequest, Depends(page_request)]


def page_slice(items: list[Any], page: PageRequest) -> tuple[list[Any], str | None]:
    """Cut one page out of a computed list (the cursor is an offset); return it and the next cursor."""
    end = page.after + page.limit
    return items[page.after:end], encode_cursor(end) if end < len(items) else None
