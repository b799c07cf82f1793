"""Stance rows (positions, disputes): one per stance an occurrence row expresses."""

from __future__ import annotations

from projections.dialect import Dialect
from projections.tables.occurrences import CLOCK_COLUMNS, VISIBLE


def tables(d: Dialect) -> list[str]:
    """CREATE TABLE statements."""
    i = d.bigint
    return [f"CREATE TABLE IF NOT EXISTS pv_stance (rid {i} NOT NULL, seq {i} NOT NULL, subject TEXT NOT NULL, "
            "topic TEXT NOT NULL, speaker TEXT NOT NULL, stance TEXT NOT NULL, quote TEXT, claim "
            f"{i}, kind TEXT NOT NULL, about TEXT, occ_us {i} NOT NULL, k_lo {i} NOT NULL, k_hi {i} NOT NULL, "
            f"r_lo {i} NOT NULL, r_hi {i} NOT NULL, PRIMARY KEY (rid, seq)){d.clustered()}"]


INDEXES = ["CREATE INDEX IF NOT EXISTS pv_stance_by_subject ON pv_stance "
           "(subject, topic, occ_us, k_lo, k_hi, r_lo, r_hi, rid, seq)",
           "CREATE INDEX IF NOT EXISTS pv_stance_by_topic ON pv_stance (topic)"]
NAMES = ["pv_stance"]
INSERT = "INSERT INTO pv_stance VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

_JOINED = (f"SELECT {CLOCK_COLUMNS}, s.seq, s.subject, s.topic, s.speaker, s.stance, s.quote, s.claim, s.kind, "
           "s.about FROM pv_stance s JOIN pv_occ o ON o.rid = s.rid WHERE ")
_SELECT = _JOINED + VISIBLE
SELECT_ALL = _SELECT
SELECT_BY_TOPIC = _SELECT + " AND s.topic = ?"
SELECT_BY_SUBJECTS = _SELECT + " AND s.subject {among}"
SELECT_BY_SUBJECTS_TOPIC = _SELECT + " AND s.subject {among} AND s.topic = ?"
SELECT_BY_OCCS = _SELECT + " AND o.occ {among}"

SELECT_LATEST_KEYS = ("SELECT s.rid, s.seq, s.occ_us FROM pv_stance s WHERE " + VISIBLE.replace("o.", "s.")
                      + " AND s.subject {among} AND s.topic = ? ORDER BY s.occ_us DESC")
"""The visible stances of subjects on a topic, latest `occurred` first, read from the covering index alone
(each stance row carries its occurrence row's clocks), so a query that needs only the latest few fetches
only those rows in full (`SELECT_BY_RIDS`)."""
SELECT_BY_RIDS = _JOINED + "s.rid {among}"
