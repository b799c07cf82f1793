"""A JSON Lines export appended to an empty store gives the same answers as the store it came from, at any world
and public clocks: records public from when the first store recorded them stay so, and ties keep their order."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings, strategies as st

from projections.contacts import contacts
from projections.disputes import disputes
from projections.incidents import incidents
from projections.positions import positions
from projections.timeline import timeline
from store.interchange.export import Selection
from store.interchange.writers import write_jsonl
from store.jsonl import read_lines
from store.root import open_store
from tests.integration.histories import ACTORS, TOPICS, dates, histories
from tests.pg import fresh_settings


def answers(store: Any, at: str | None, known_at: str | None, actor: str | None, topic: str | None,
            pair: tuple[str, str]) -> dict[str, Any]:
    """Every view's answer at the clocks (the store's own `recorded` clock at now)."""
    clocks = {"at": at, "known_at": known_at}
    return {"positions": positions(store, actor=actor, topic=topic, **clocks),
            "timeline": timeline(store, actor=actor, topic=topic, **clocks),
            "disputes": disputes(store, topic=topic, **clocks),
            "incidents": incidents(store, **clocks),
            "contacts": contacts(store, between=pair[0], and_=pair[1], **clocks)}


def without_recorded(exported: io.BytesIO) -> list[dict[str, Any]]:
    """The exported lines without the store's own `recorded` time."""
    lines = [orjson.loads(line) for line in exported.getvalue().splitlines()]
    return [{k: v for k, v in line.items() if k != "recorded"} for line in lines]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(history=histories(), data=st.data())
def test_an_appended_export_answers_as_the_store_it_came_from(backend, history, data):
    with fresh_settings(backend) as first, fresh_settings(backend) as second, \
            open_store(first) as a, open_store(second) as b:
        recorded = []
        for batch in history:  # batches recorded at distinct times, some records and corrections without `reported`
            a.append_objects(batch, skip_invalid=True)
            recorded.append(datetime.now(timezone.utc).isoformat())
        exported = io.BytesIO()
        write_jsonl(a.app, Selection(), exported)
        result = b.appender.append(read_lines(exported.getvalue().splitlines()),
                                   batch_size=data.draw(st.sampled_from([None, 7])))
        assert result.rejected == []
        for _ in range(4):
            at, known_at = data.draw(st.none() | dates), data.draw(st.none() | dates | st.sampled_from(recorded))
            actor, topic = data.draw(st.none() | st.sampled_from(ACTORS)), data.draw(st.none() | st.sampled_from(TOPICS))
            pair = (data.draw(st.sampled_from(ACTORS)), data.draw(st.sampled_from(ACTORS)))
            assert answers(b, at, known_at, actor, topic, pair) == answers(a, at, known_at, actor, topic, pair)
        again = io.BytesIO()
        write_jsonl(b.app, Selection(), again)
        assert without_recorded(again) == without_recorded(exported)  # and it exports the same lines


def test_of_two_statements_with_the_same_dates_the_later_recorded_stays_the_latest_after_a_round_trip(tmp_path):
    """Ties on `occurred` and `reported` go to the later recorded, then to the later in the log: an export keeps the
    log's order, so the store that appends it in one batch (one `recorded` time) still picks the same one."""
    cast = [{"type": "ActorRegistered", "key": k, "name": k, "kind": "state"} for k in ("rus", "fra")]

    def statement(key: str, stance: str) -> dict[str, Any]:
        return {"type": "StatementMade", "key": key, "occurred": "2024-04-03", "reported": "2024-04-03",
                "speaker": "rus", "medium": "communique",
                "claims": [{"subject": "rus", "topic": "dialogue", "stance": stance}]}

    with open_store(store=str(tmp_path / "a.db")) as a, open_store(store=str(tmp_path / "b.db")) as b:
        a.append_objects([*cast, statement("first", "opposes")])  # "first" has the greater id
        a.append_objects([statement("second", "supports")])
        exported = io.BytesIO()
        write_jsonl(a.app, Selection(), exported)
        b.appender.append(read_lines(exported.getvalue().splitlines()))
        stances = [[p["stance"] for p in positions(s, actor="rus")["positions"]] for s in (a, b)]
        assert stances == [["supports"], ["supports"]]
