"""Contact pair rows: every ordered pair of different participants of a contact row, so that contacts
between two sides are found by an indexed look-up of (participant of one side, participant of the other)."""

from __future__ import annotations

from projections.dialect import Dialect
from projections.tables.occurrences import COLUMNS, VISIBLE


def tables(d: Dialect) -> list[str]:
    """CREATE TABLE statements."""
    return [f"CREATE TABLE IF NOT EXISTS pv_pair (rid {d.bigint} NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, "
            f"PRIMARY KEY (rid, a, b)){d.clustered()}"]


INDEXES = ["CREATE INDEX IF NOT EXISTS pv_pair_by_sides ON pv_pair (a, b, rid)"]
NAMES = ["pv_pair"]
INSERT = "INSERT INTO pv_pair VALUES (?,?,?)"

SELECT_BETWEEN = (f"SELECT DISTINCT {COLUMNS} FROM pv_pair p JOIN pv_occ o ON o.rid = p.rid "
                  f"WHERE {VISIBLE} AND o.occ_us <= ? AND p.a {{among}} AND p.b {{among2}}")
