"""Denial rows (disputes, `disputed_by` of positions): which occurrence (and claim) a row denies."""

from __future__ import annotations

from projections.dialect import Dialect
from projections.tables.occurrences import CLOCK_COLUMNS, VISIBLE


def tables(d: Dialect) -> list[str]:
    """CREATE TABLE statements."""
    i = d.bigint
    return [f"CREATE TABLE IF NOT EXISTS pv_denial (rid {i} PRIMARY KEY, target TEXT NOT NULL, claim {i}, "
            "denier TEXT NOT NULL, quote TEXT)"]


INDEXES = ["CREATE INDEX IF NOT EXISTS pv_denial_by_target ON pv_denial (target)"]
NAMES = ["pv_denial"]
INSERT = "INSERT INTO pv_denial VALUES (?,?,?,?,?)"

_SELECT = (f"SELECT {CLOCK_COLUMNS}, d.target, d.claim, d.denier, d.quote "
           f"FROM pv_denial d JOIN pv_occ o ON o.rid = d.rid WHERE {VISIBLE}")
SELECT_ALL = _SELECT
SELECT_BY_TARGETS = _SELECT + " AND d.target {among}"
