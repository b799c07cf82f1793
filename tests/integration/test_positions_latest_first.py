"""Positions for one actor and topic read stances latest first and stop once both slots (stated and
attributed) are taken; that answer must equal the full scan's, for many stances on few topics."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from projections import sqlsource
from projections.positions import positions
from store.root import open_store
from tests.integration.histories import ACTORS, MINISTRY, PEOPLE, STANCES, STATES, dates, registrations
from tests.pg import fresh_settings

TOPICS = ["t1", "t2"]
OFFICES = [{"type": "OfficeTaken", "actor": "pa", "office": "minister", "of": "sa", "rank": "minister",
            "from": "2021-03"},
           {"type": "OfficeLeft", "actor": "pa", "office": "minister", "of": "sa", "on": "2023-06-15"},
           {"type": "OfficeTaken", "actor": "pb", "office": "envoy", "of": "sb", "rank": "official", "from": "2020"}]
claim = st.fixed_dictionaries({"subject": st.sampled_from(["sa", "sb", "pa", "pb", MINISTRY]),
                               "topic": st.sampled_from(TOPICS), "stance": st.sampled_from(STANCES)})
few_dates = st.sampled_from(["2020", "2021-05", "2021-05-04", "2022-02-24", "2023-06-15", "2024-01-01"]) | dates
statement = st.fixed_dictionaries({
    "type": st.just("StatementMade"), "medium": st.just("communique"), "occurred": few_dates, "speaker": st.sampled_from(STATES + PEOPLE + [MINISTRY]),
    "claims": st.lists(claim, min_size=1, max_size=3)}, optional={"reported": few_dates})
clock = st.none() | few_dates


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(stated=st.lists(statement, min_size=1, max_size=60), data=st.data())
def test_positions_for_an_actor_and_topic_equal_the_full_scan_on_that_topic(backend, stated, data, monkeypatch):
    monkeypatch.setattr(sqlsource, "FIRST_CHUNK", data.draw(st.sampled_from([1, 2, 16])))
    with fresh_settings(backend) as location, open_store(location) as store:
        store.append_objects(registrations() + OFFICES)
        store.append_objects(stated)
        for _ in range(5):
            clocks = dict(at=data.draw(clock), known_at=data.draw(clock))
            actor, topic = data.draw(st.sampled_from(ACTORS)), data.draw(st.sampled_from(TOPICS))
            every = positions(store, actor=actor, **clocks)["positions"]
            assert positions(store, actor=actor, topic=topic, **clocks)["positions"] == [
                p for p in every if p["topic"] == topic]


def test_the_stated_position_is_found_behind_many_later_attributed_ones(store, monkeypatch):
    monkeypatch.setattr(sqlsource, "FIRST_CHUNK", 2)
    store.append_objects(registrations() + OFFICES)
    store.append_objects([{"type": "StatementMade", "occurred": "2022-01-01", "speaker": "pa", "medium": "communique",
                           "claims": [{"subject": "sa", "topic": "t1", "stance": "supports"}]}])
    store.append_objects([{"type": "StatementMade", "occurred": f"2023-01-{day:02d}", "speaker": "sb", "medium": "communique",
                           "claims": [{"subject": "sa", "topic": "t1", "stance": "opposes"}]} for day in range(1, 21)])
    found = {p["attributed"]: p for p in positions(store, actor="sa", topic="t1")["positions"]}
    assert (found[False]["speaker"], found[False]["occurred"]) == ("pa", "2022-01-01")
    assert (found[True]["speaker"], found[True]["occurred"]) == ("sb", "2023-01-20")


def test_stances_of_one_instant_are_never_split_between_chunks(store, monkeypatch):
    store.append_objects(registrations() + OFFICES)
    said = [("sa", "sb", f"2023-01-{day:02d}") for day in range(2, 10)] + [("pa", "sb", "2023-01-11"),
                                                                          ("sa", "pa", "2023-01-05")]
    store.append_objects([{"type": "StatementMade", "occurred": "2023-01-01", "reported": reported, "speaker": speaker,
                           "medium": "communique", "claims": [{"subject": subject, "topic": "t1", "stance": "opposes"}]}
                          for subject, speaker, reported in said])
    for first in (1, 2, 3, 5):
        monkeypatch.setattr(sqlsource, "FIRST_CHUNK", first)
        found = {p["attributed"]: p for p in positions(store, actor="sa", topic="t1")["positions"]}
        assert (found[True]["speaker"], found[True]["reported"]) == ("sb", "2023-01-11")
        assert (found[False]["speaker"], found[False]["reported"]) == ("pa", "2023-01-05")
