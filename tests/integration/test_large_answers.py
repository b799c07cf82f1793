"""Answers that span many occurrences are complete (long id lists are read in chunks)."""

from __future__ import annotations

from projections.incidents import incidents
from projections.sqlsource import CHUNK


def test_incidents_list_every_attack_with_its_own_reports_beyond_one_chunk(seeded):
    n = CHUNK + 20
    attacks = [{"type": "AttackOccurred", "key": f"a{i}", "occurred": "2024-01-01", "place": f"p{i}", "killed": i}
               for i in range(n)]
    tolls = [{"type": "CasualtiesReported", "key": f"c{i}", "occurred": "2024-01-02", "attack": f"a{i}",
              "killed": i + 1000} for i in range(0, n, 7)]
    seeded.append_objects(attacks + tolls)
    found = {i["key"]: i["killed"] for i in incidents(seeded)["incidents"]}
    assert len(found) == n + 2  # the seed holds the Moscow attack and the invasion of 2022
    assert all(found[f"a{i}"] == (i + 1000 if i % 7 == 0 else i) for i in range(n))
