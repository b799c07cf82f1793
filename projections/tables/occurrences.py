"""Occurrence rows (one per (known_at, recorded_at) cell with the clocks as indexed integers), and
the actor and topic references that the timeline and the listing look up.

Topic references hold topics casefolded: a look-up by `topic.casefold()` finds every spelling, as the
listing and the timeline match topics regardless of case (`projections.facts.about_topic`)."""

from __future__ import annotations

from projections.dialect import Dialect

VISIBLE = "o.occ_us <= ? AND o.k_lo <= ? AND o.k_hi > ? AND o.r_lo <= ? AND o.r_hi > ?"
"""Visibility of an occurrence row `o` at (at, known_at, known_at, recorded_at, recorded_at)."""

COLUMNS = "o.rid, o.occ, o.type, o.key, o.occurred, o.reported, o.occ_us, o.rep_us, o.rec_us, o.data, o.pos"
"""The columns a query reads to rebuild a `Seen` occurrence (see `projections.sqlsource.seen_row`)."""

CLOCK_COLUMNS = "o.rid, o.occ, o.type, o.key, o.occurred, o.reported, o.occ_us, o.rep_us, o.rec_us, NULL, o.pos"
"""The same columns without the occurrence's fields (for stance, denial and link rows, which carry their own)."""


def tables(d: Dialect) -> list[str]:
    """CREATE TABLE statements."""
    i = d.bigint
    return [
        f"CREATE TABLE IF NOT EXISTS pv_occ (rid {i} PRIMARY KEY, occ TEXT NOT NULL, type TEXT NOT NULL, "
        f"key TEXT, occurred TEXT NOT NULL, reported TEXT NOT NULL, occ_us {i} NOT NULL, rep_us {i} NOT NULL, "
        f"rec_us {i} NOT NULL, k_lo {i} NOT NULL, k_hi {i} NOT NULL, r_lo {i} NOT NULL, r_hi {i} NOT NULL, "
        f"pos {i} NOT NULL, data TEXT NOT NULL)",  # data last: reading a column after it would read its overflow
        "CREATE INDEX IF NOT EXISTS pv_occ_by_pos ON pv_occ (pos)",
        f"CREATE TABLE IF NOT EXISTS pv_actor_ref (rid {i} NOT NULL, actor TEXT NOT NULL, "
        f"PRIMARY KEY (rid, actor)){d.clustered()}",
        f"CREATE TABLE IF NOT EXISTS pv_topic_ref (rid {i} NOT NULL, topic TEXT NOT NULL, "
        f"PRIMARY KEY (rid, topic)){d.clustered()}",
        f"CREATE TABLE IF NOT EXISTS pv_ref (target TEXT NOT NULL, source TEXT NOT NULL, "
        f"PRIMARY KEY (target, source)){d.clustered()}",
    ]


INDEXES = [
    "CREATE INDEX IF NOT EXISTS pv_occ_by_occ ON pv_occ (occ)",
    "CREATE INDEX IF NOT EXISTS pv_occ_by_type ON pv_occ (type, occ_us)",
    "CREATE INDEX IF NOT EXISTS pv_occ_by_key ON pv_occ (key)",
    "CREATE INDEX IF NOT EXISTS pv_occ_by_time ON pv_occ (occ_us)",
    "CREATE INDEX IF NOT EXISTS pv_actor_ref_by_actor ON pv_actor_ref (actor, rid)",
    "CREATE INDEX IF NOT EXISTS pv_topic_ref_by_topic ON pv_topic_ref (topic, rid)",
]
"""Secondary indexes, created after a bulk rebuild. The projector itself finds an occurrence's rows by
`pos`, the position of its creation event, which grows with the log: keeping that index during a
rebuild appends to it, where an index on the random `occ` ids would rewrite most of its pages on every
page of the rebuild."""

NAMES = ["pv_occ", "pv_actor_ref", "pv_topic_ref", "pv_ref"]

INSERT_OCC = "INSERT INTO pv_occ VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
INSERT_ACTOR_REF = "INSERT INTO pv_actor_ref VALUES (?,?)"
INSERT_TOPIC_REF = "INSERT INTO pv_topic_ref VALUES (?,?)"
INSERT_REF = "INSERT INTO pv_ref VALUES (?,?) ON CONFLICT DO NOTHING"

SELECT_DATA_BY_OCCS = "SELECT o.occ, o.data FROM pv_occ o WHERE " + VISIBLE + " AND o.occ {among}"
"""The fields of occurrences by id, as each stands at the clocks (positions read their sources so)."""

SELECT_DEPENDENTS = "SELECT source FROM pv_ref WHERE target = ?"
SELECT_RIDS_AT = "SELECT rid FROM pv_occ WHERE pos = ?"
"""The row ids of the occurrence created at a position (its children are deleted by these ids: a
sub-select in the DELETE lets PostgreSQL's planner scan the child table)."""
DELETE_OCC = "DELETE FROM pv_occ WHERE pos = ?"
DELETE_CHILDREN = "DELETE FROM {table} WHERE rid {among}"
_OWN_TABLES = {
    "StatementMade": ["pv_stance"], "ClaimDenied": ["pv_stance", "pv_denial"], "AccusationMade": ["pv_stance"],
    "CooperationOffered": ["pv_stance"], "ContactMade": ["pv_pair"], "CasualtiesReported": ["pv_link"],
    "ResponsibilityClaimed": ["pv_link"], "ArrestsMade": ["pv_link"],
}


def child_tables(occurrence_type: str | None) -> list[str]:
    """Tables holding rows that belong to an occurrence row of this type (all of them when unknown)."""
    own = _OWN_TABLES.get(occurrence_type, []) if occurrence_type else ["pv_stance", "pv_denial", "pv_pair", "pv_link"]
    return ["pv_actor_ref", "pv_topic_ref", *own]


SELECT_ALL = f"SELECT {COLUMNS} FROM pv_occ o WHERE {VISIBLE}"
SELECT_BY_ACTORS = (f"SELECT {COLUMNS} FROM pv_occ o WHERE {VISIBLE} AND o.rid IN "
                    "(SELECT rid FROM pv_actor_ref WHERE actor {among})")
SELECT_BY_TOPIC = (f"SELECT {COLUMNS} FROM pv_occ o WHERE {VISIBLE} AND o.rid IN "
                   "(SELECT rid FROM pv_topic_ref WHERE topic = ?)")

CURRENT = "o.k_hi = ? AND o.r_hi = ?"
"""The rows of occurrences as they now stand: every correction applied, not retracted (the last cell)."""
LIST_CURRENT = ("SELECT o.occ FROM pv_occ o WHERE " + CURRENT + "{where} "
                "ORDER BY o.occ_us, o.rep_us, o.rec_us, o.pos LIMIT ? OFFSET ?")
"""A page of occurrence ids as they now stand, in `occurred`, then reported, then recorded, then log order."""
ONLY_TYPE = " AND o.type = ?"
ONLY_ACTOR = " AND o.rid IN (SELECT rid FROM pv_actor_ref WHERE actor = ?)"
ONLY_TOPIC = " AND o.rid IN (SELECT rid FROM pv_topic_ref WHERE topic = ?)"
OCCURRED_FROM = " AND o.occ_us >= ?"
OCCURRED_UNTIL = " AND o.occ_us <= ?"
