"""A position names where its stance was reported: the sources of its occurrence, as they stood at the clocks."""

from __future__ import annotations

from datetime import datetime, timezone

import orjson

from projections.positions import positions, positions_from
from projections.replay import Fold
from projections.timeclock import Clocks
from store.jsonl import read_lines


def append(store, *records: dict) -> None:
    """Append JSON Lines records."""
    store.appender.append(read_lines(iter([orjson.dumps(r) + b"\n" for r in records])))


def test_a_position_carries_its_sources_and_a_correction_of_them_applies_from_its_own_clocks(store):
    append(store, {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
           {"type": "StatementMade", "key": "s1", "occurred": "2024-04-03", "speaker": "rus", "medium": "communique",
            "sources": [{"publisher": "TASS", "published": "2024-04-03", "url": "https://tass.example/1"}],
            "claims": [{"subject": "rus", "topic": "ukraine-dialogue", "stance": "ready-to-negotiate",
                        "quote": "open to dialogue"}]})
    before_correction = datetime.now(timezone.utc).isoformat()
    append(store, {"type": "Corrected", "target": "s1", "reason": "the wire carried it first",
                   "changes": {"sources": [{"publisher": "RIA Novosti", "published": "2024-04-03"}]}})

    def publishers(**clocks):
        answer = positions(store, actor="rus", topic="ukraine-dialogue", **clocks)
        fold = Fold(store.app, Clocks.parse(clocks.get("at"), clocks.get("known_at"), clocks.get("recorded_at")))
        assert answer == positions_from(fold, "rus", "ukraine-dialogue")
        return [[s["publisher"] for s in p["sources"]] for p in answer["positions"]]

    assert publishers() == [["RIA Novosti"]]
    assert publishers(recorded_at=before_correction) == [["TASS"]]
    stated = positions(store, actor="rus", topic="ukraine-dialogue", recorded_at=before_correction)["positions"][0]
    assert stated["sources"] == [{"publisher": "TASS", "published": "2024-04-03", "url": "https://tass.example/1"}]
