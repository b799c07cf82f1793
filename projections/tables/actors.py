"""Actor registry rows: actors, aliases, and office/membership terms with the time each was recorded."""

from __future__ import annotations

from projections.dialect import Dialect


def tables(d: Dialect) -> list[str]:
    """CREATE TABLE statements."""
    i = d.bigint
    return [
        f"CREATE TABLE IF NOT EXISTS pv_actor (key TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, "
        f"part_of TEXT, rec_us {i} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS pv_actor_by_part_of ON pv_actor (part_of)",
        f"CREATE TABLE IF NOT EXISTS pv_alias (actor TEXT NOT NULL, alias TEXT NOT NULL, rec_us {i} NOT NULL, "
        "PRIMARY KEY (actor, alias))",
        f"CREATE TABLE IF NOT EXISTS pv_term (id {i} PRIMARY KEY, holder TEXT NOT NULL, kind TEXT NOT NULL, "
        "what TEXT NOT NULL, of TEXT NOT NULL, rank TEXT, portfolio TEXT, since TEXT NOT NULL, "
        f"since_us {i} NOT NULL, until TEXT, until_us {i}, until_rec {i}, rec_us {i} NOT NULL, folded TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS pv_term_by_holder ON pv_term (holder)",
        "CREATE INDEX IF NOT EXISTS pv_term_by_of ON pv_term (of)",
    ]


INDEXES: list[str] = []
NAMES = ["pv_actor", "pv_alias", "pv_term"]

INSERT_ACTOR = "INSERT INTO pv_actor VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING"
INSERT_ALIAS = "INSERT INTO pv_alias VALUES (?,?,?) ON CONFLICT DO NOTHING"
INSERT_TERM = "INSERT INTO pv_term VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
"""A term; its last column is its title (or group) folded, by which it is ended (`Term.is_of`: one office in any
case, spacing or accents)."""
END_TERM = ("UPDATE pv_term SET until = ?, until_us = ?, until_rec = ? WHERE id = (SELECT MAX(id) FROM pv_term "
            "WHERE holder = ? AND kind = ? AND folded = ? AND of = ? AND until IS NULL)")

SELECT_ALL_ACTORS = "SELECT key, name, kind, part_of, rec_us FROM pv_actor"
SELECT_ALL_ALIASES = "SELECT actor, alias, rec_us FROM pv_alias"
SELECT_ALL_TERMS = ("SELECT holder, kind, what, of, rank, portfolio, since, since_us, until, until_us, until_rec, rec_us "
                    "FROM pv_term ORDER BY id")
