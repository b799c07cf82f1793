"""Contact participant rows: which actors took part in a contact row, for indexed pre-selection."""

from __future__ import annotations

from projections.dialect import Dialect
from projections.tables.occurrences import COLUMNS, VISIBLE


def tables(d: Dialect) -> list[str]:
    """CREATE TABLE statements."""
    return [f"CREATE TABLE IF NOT EXISTS pv_party (rid {d.bigint} NOT NULL, actor TEXT NOT NULL, "
            f"PRIMARY KEY (rid, actor)){d.clustered()}"]


INDEXES = ["CREATE INDEX IF NOT EXISTS pv_party_by_actor ON pv_party (actor, rid)"]
NAMES = ["pv_party"]
INSERT = "INSERT INTO pv_party VALUES (?,?)"

SELECT_ALL = f"SELECT {COLUMNS} FROM pv_occ o WHERE o.type = 'ContactMade' AND {VISIBLE} AND o.occ_us <= ?"
SELECT_BETWEEN = (f"SELECT {COLUMNS} FROM pv_occ o WHERE {VISIBLE} AND o.occ_us <= ? "
                  "AND o.rid IN (SELECT rid FROM pv_party WHERE actor IN ({marks})) "
                  "AND o.rid IN (SELECT rid FROM pv_party WHERE actor IN ({marks2}))")
