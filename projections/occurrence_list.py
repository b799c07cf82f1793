"""Occurrences as they now stand, filtered and ordered by the views, a page at a time.

`geoevents events list` and `GET /events` answer from here: the views find the page's ids with
indexed columns (type, actor and topic references, occurred), then only those streams are read
from the log, so a page costs the same on a store of a thousand events or a million. Listing
retracted records too is an audit question the views do not index; it reads the log.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.clocks import bound, normalise_clock, start_of, to_micros
from domain.occurrences import Occurrence
from projections.tables import occurrences
from projections.timeclock import NEVER
from store.listing import OccurrenceFilter, select
from store.lookups import whole_streams


def list_occurrences(store: Any, wanted: OccurrenceFilter, offset: int = 0,
                     limit: int | None = None) -> tuple[list[Occurrence], bool]:
    """Return the occurrences a filter keeps from `offset` on (at most `limit`), and whether more follow."""
    if wanted.include_retracted:
        found = select(store.app, wanted)
        end = len(found) if limit is None else offset + limit
        return found[offset:end], end < len(found)
    ids = _page_ids(store, wanted, offset, limit)
    more = limit is not None and len(ids) > limit
    ids = ids[:limit] if limit is not None else ids
    streams = whole_streams(store.app, ids)
    return [Occurrence.replay(streams[i]) for i in ids], more  # type: ignore[arg-type]


def _page_ids(store: Any, wanted: OccurrenceFilter, offset: int, limit: int | None) -> list[UUID]:
    """Select the ids of one page (and one more, to tell whether another page follows) from the views."""
    where, params = _conditions(wanted)
    views = store.views
    statement = occurrences.LIST_CURRENT.format(where=where)
    with views.reading() as (cursor, _):
        cursor.execute(views.d.sql(statement), (NEVER, NEVER, *params, NEVER if limit is None else limit + 1, offset))
        return [UUID(row[0]) for row in views.d.rows(cursor)]


def _conditions(wanted: OccurrenceFilter) -> tuple[str, list[Any]]:
    """The SQL conditions and parameters of a filter (the same criteria as `OccurrenceFilter.keeps`)."""
    where, params = "", []
    for clause, value in ((occurrences.ONLY_TYPE, wanted.type), (occurrences.ONLY_ACTOR, wanted.actor),
                          (occurrences.ONLY_TOPIC, wanted.topic and wanted.topic.casefold())):
        if value:
            where += clause
            params.append(value)
    if wanted.since:
        where += occurrences.OCCURRED_FROM
        params.append(to_micros(start_of(normalise_clock(wanted.since))))
    if wanted.until:
        where += occurrences.OCCURRED_UNTIL
        params.append(to_micros(bound(wanted.until)))
    return where, params
