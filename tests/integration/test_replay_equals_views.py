"""The materialised views and the replay oracle give the same answers for any history and clocks."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings, strategies as st

from projections import sqlsource
from projections.contacts import contacts, contacts_from
from projections.disputes import disputes, disputes_from
from projections.incidents import incidents, incidents_from
from projections.positions import positions, positions_from
from projections.replay import Fold
from projections.timeclock import ALWAYS, NEVER, Clocks, micros
from projections.timeline import timeline, timeline_from
from store.root import open_store
from tests.integration.histories import ACTORS, MODES, PORTFOLIOS, RANKS, TOPICS, dates, histories
from tests.pg import fresh_settings

clock = st.none() | dates


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(history=histories(), data=st.data())
def test_every_view_from_the_tables_equals_the_replay_of_the_log(backend, history, data, monkeypatch):
    monkeypatch.setattr(sqlsource, "FIRST_CHUNK", 1)  # latest-first reads then cross chunk boundaries at once
    with fresh_settings(backend) as location, open_store(location) as store:
        recorded = []
        for batch in history:
            store.append_objects(batch, skip_invalid=True)
            recorded.append(datetime.now(timezone.utc).isoformat())
        for _ in range(4):
            at, known_at = data.draw(clock), data.draw(clock)
            recorded_at = data.draw(st.none() | st.sampled_from(recorded))
            clocks = dict(at=at, known_at=known_at, recorded_at=recorded_at)
            fold = Fold(store.app, Clocks.parse(at, known_at, recorded_at))
            actor, topic = data.draw(st.none() | st.sampled_from(ACTORS)), data.draw(st.none() | st.sampled_from(TOPICS))
            assert positions(store, actor=actor, topic=topic, **clocks) == positions_from(fold, actor, topic)
            assert positions(store, **clocks) == positions_from(fold, None, None)
            if actor is not None and topic is not None:  # the latest-first path that stops early = the full scan
                every = positions_from(fold, actor, None)["positions"]
                assert positions_from(fold, actor, topic)["positions"] == [p for p in every if p["topic"] == topic]
            assert timeline(store, actor=actor, topic=topic, **clocks) == timeline_from(fold, actor, topic)
            assert disputes(store, topic=topic, **clocks) == disputes_from(fold, topic)
            assert incidents(store, **clocks) == incidents_from(fold, None)
            a, b = data.draw(st.sampled_from(ACTORS)), data.draw(st.sampled_from(ACTORS))
            rank, portfolio = data.draw(st.none() | st.sampled_from(RANKS)), data.draw(st.sampled_from(PORTFOLIOS))
            mode, since = data.draw(st.none() | st.sampled_from(MODES)), data.draw(st.none() | dates)
            expected = contacts_from(fold, a, b, micros(since) if since else ALWAYS, NEVER, rank, portfolio, mode)
            assert contacts(store, between=a, and_=b, since=since, rank=rank, portfolio=portfolio, mode=mode,
                            **clocks) == expected


def test_an_office_left_under_its_title_written_otherwise_ends_the_term_in_the_views_as_in_the_replay(store):
    """Taken as "Defence Minister", left as "defence minister": one office, so the views, like the replay, no
    longer count the person for the state after it (a later call is no contact of the state's, a later claim no
    position of it)."""
    store.append_objects([
        {"type": "ActorRegistered", "key": "sa", "name": "State A", "kind": "state"},
        {"type": "ActorRegistered", "key": "sb", "name": "State B", "kind": "state"},
        {"type": "ActorRegistered", "key": "pa", "name": "Person A", "kind": "person"},
        {"type": "OfficeTaken", "actor": "pa", "office": "Defence Minister", "of": "sa", "rank": "minister",
         "from": "2020"},
        {"type": "OfficeLeft", "actor": "pa", "office": "defence minister", "of": "sa", "on": "2021"},
        {"type": "ContactMade", "key": "c1", "occurred": "2022-05-01", "participants": ["pa", "sb"], "mode": "phone"},
        {"type": "StatementMade", "key": "s1", "occurred": "2022-05-01", "speaker": "pa", "medium": "communique",
         "claims": [{"subject": "pa", "topic": "ukraine", "stance": "supports"}]}])
    fold = Fold(store.app, Clocks.parse(None, None, None))
    assert contacts(store, between="sa", and_="sb") == contacts_from(fold, "sa", "sb", ALWAYS, NEVER, None, None,
                                                                     None)
    assert contacts(store, between="sa", and_="sb")["count"] == 0
    assert positions(store, actor="sa") == positions_from(fold, "sa", None) and not positions(store, actor="sa")[
        "positions"]
