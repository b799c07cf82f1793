"""Incident link rows: casualty reports, claims of responsibility and arrests tied to an attack."""

from __future__ import annotations

from projections.dialect import Dialect
from projections.tables.occurrences import CLOCK_COLUMNS, COLUMNS, VISIBLE


def tables(d: Dialect) -> list[str]:
    """CREATE TABLE statements."""
    i = d.bigint
    return [f"CREATE TABLE IF NOT EXISTS pv_link (rid {i} PRIMARY KEY, attack TEXT NOT NULL, kind TEXT NOT NULL, "
            f"killed {i}, injured {i}, actor TEXT, count {i})"]


INDEXES = ["CREATE INDEX IF NOT EXISTS pv_link_by_attack ON pv_link (attack)"]
NAMES = ["pv_link"]
INSERT = "INSERT INTO pv_link VALUES (?,?,?,?,?,?,?)"

SELECT_ATTACKS = f"SELECT {COLUMNS} FROM pv_occ o WHERE o.type = 'AttackOccurred' AND {VISIBLE}"
SELECT_BY_KEY = f"SELECT {COLUMNS} FROM pv_occ o WHERE o.key = ? AND {VISIBLE}"
SELECT_BY_ID = f"SELECT {COLUMNS} FROM pv_occ o WHERE o.occ = ? AND {VISIBLE}"
"""One occurrence by key or id (the caller checks its type: naming the type here misleads the planner)."""
SELECT_LINKS = (f"SELECT {CLOCK_COLUMNS}, l.attack, l.kind, l.killed, l.injured, l.actor, l.count "
                f"FROM pv_link l JOIN pv_occ o ON o.rid = l.rid WHERE {VISIBLE} AND l.attack {{among}}")
