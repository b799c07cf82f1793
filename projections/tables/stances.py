"""Stance rows (positions, disputes): one per stance an occurrence row expresses."""

from __future__ import annotations

from projections.dialect import Dialect
from projections.tables.occurrences import CLOCK_COLUMNS, VISIBLE


def tables(d: Dialect) -> list[str]:
    """CREATE TABLE statements."""
    i = d.bigint
    return [f"CREATE TABLE IF NOT EXISTS pv_stance (rid {i} NOT NULL, seq {i} NOT NULL, subject TEXT NOT NULL, "
            "topic TEXT NOT NULL, speaker TEXT NOT NULL, stance TEXT NOT NULL, quote TEXT, claim "
            f"{i}, kind TEXT NOT NULL, about TEXT, PRIMARY KEY (rid, seq)){d.clustered()}"]


INDEXES = ["CREATE INDEX IF NOT EXISTS pv_stance_by_subject ON pv_stance (subject, topic)",
           "CREATE INDEX IF NOT EXISTS pv_stance_by_topic ON pv_stance (topic)"]
NAMES = ["pv_stance"]
INSERT = "INSERT INTO pv_stance VALUES (?,?,?,?,?,?,?,?,?,?)"

_SELECT = (f"SELECT {CLOCK_COLUMNS}, s.seq, s.subject, s.topic, s.speaker, s.stance, s.quote, s.claim, s.kind, s.about "
           f"FROM pv_stance s JOIN pv_occ o ON o.rid = s.rid WHERE {VISIBLE}")
SELECT_ALL = _SELECT
SELECT_BY_TOPIC = _SELECT + " AND s.topic = ?"
SELECT_BY_SUBJECTS = _SELECT + " AND s.subject IN ({marks})"
SELECT_BY_SUBJECTS_TOPIC = _SELECT + " AND s.subject IN ({marks}) AND s.topic = ?"
SELECT_BY_OCCS = _SELECT + " AND o.occ IN ({marks})"
