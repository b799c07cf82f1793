"""The seed article's questions, answered by the point-in-time views (what `make demo` ends with)."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, OccurrenceNotFound
from projections.contacts import contacts
from projections.disputes import disputes
from projections.incidents import incidents
from projections.positions import positions

ATTACK = "2024-03-22-crocus-city-hall-attack"


def test_russia_states_it_is_ready_to_dialogue_on_ukraine_through_its_defence_ministry(seeded):
    found = positions(seeded, actor="Russia", topic="ukraine-dialogue")["positions"]
    (stated,) = [p for p in found if not p["attributed"]]
    (told,) = [p for p in found if p["attributed"]]
    assert (told["stance"], told["speaker"], told["quote"]) == (
        "ready-to-negotiate", "fra-armed-forces-ministry", "being ready to resume dialogue on Ukraine")
    assert (stated["actor"], stated["stance"], stated["attributed"]) == ("rus", "ready-to-negotiate", False)
    assert stated["speaker"] == "rus-defence-ministry" and not stated["disputed"]


def test_moscow_attributes_readiness_to_france_which_disputes_it_and_states_a_denial(seeded):
    found = positions(seeded, actor="France", topic="ukraine-dialogue")["positions"]
    by_kind = {p["attributed"]: p for p in found}
    assert set(by_kind) == {True, False}
    attributed, stated = by_kind[True], by_kind[False]
    assert (attributed["stance"], attributed["speaker"]) == ("ready-to-negotiate", "rus-defence-ministry")
    assert attributed["disputed"] and attributed["disputed_by"] == ["fra-armed-forces-ministry"]
    assert (stated["stance"], stated["speaker"]) == ("denies", "fra-armed-forces-ministry")


def test_a_member_speaking_of_another_member_is_attributed_for_their_group_as_for_that_member(seeded):
    """Blinken speaks for the Western camp (through the United States), not for France: his claim about France
    is France's stance as others tell it, so it counts for the camp through France as attributed too; the
    camp's own stance is one a representative of France (or the camp as such) states."""
    seeded.append_objects([
        {"type": "StatementMade", "key": "blinken-on-france", "occurred": "2024-04-05", "reported": "2024-04-05",
         "speaker": "antony-blinken", "medium": "interview",
         "claims": [{"subject": "fra", "topic": "ukraine-dialogue", "stance": "ready-to-negotiate"}]},
        {"type": "StatementMade", "key": "blinken-on-usa", "occurred": "2024-04-06", "reported": "2024-04-06",
         "speaker": "antony-blinken", "medium": "interview",
         "claims": [{"subject": "usa", "topic": "sanctions", "stance": "supports"}]}])
    camp = {(p["topic"], p["attributed"]): p["key"] for p in positions(seeded, actor="western-allies")["positions"]}
    france = {(p["topic"], p["attributed"]): p["key"] for p in positions(seeded, actor="France")["positions"]}
    assert camp[("ukraine-dialogue", True)] == france[("ukraine-dialogue", True)] == "blinken-on-france"
    assert camp.get(("ukraine-dialogue", False)) == france[("ukraine-dialogue", False)] != "blinken-on-france"
    assert camp[("sanctions", False)] == "blinken-on-usa"


def test_the_april_2024_call_is_the_first_minister_level_contact_since_october_2022(seeded):
    found = contacts(seeded, between="France", and_="Russia", since="2022-02-24", rank="minister")
    assert found["count"] == 2
    first, call = found["contacts"]
    assert (first["occurred"], first["previous"]) == ("2022-10-23", None)
    assert (call["occurred"], call["previous"], call["gap_days"]) == ("2024-04-03", "2022-10-23", 528)
    assert call["key"] == "2024-04-03-lecornu-shoigu-call"


@pytest.mark.parametrize("since, until", [("2024-04-03", "2024-04-03"), ("2024-04", "2024-04"), ("2024", None)])
def test_a_contact_on_the_date_a_bound_names_is_inside_it(seeded, since, until):
    """`--since` and `--until` are inclusive: a bound means its whole interval (README, the three clocks)."""
    found = contacts(seeded, between="France", and_="Russia", since=since, until=until, rank="minister")
    assert [c["occurred"] for c in found["contacts"]] == ["2024-04-03"]
    assert found["contacts"][0]["previous"] == "2022-10-23"


def test_the_moscow_death_toll_was_40_that_night_133_on_23_march_and_is_144_now(seeded):
    (night,) = incidents(seeded, key=ATTACK, known_at="2024-03-22")["incidents"]
    (next_day,) = incidents(seeded, key=ATTACK, known_at="2024-03-23")["incidents"]
    (now,) = incidents(seeded, key=ATTACK)["incidents"]
    assert (night["killed"], night["injured"], night["arrests"]) == (40, 100, 0)
    assert (next_day["killed"], next_day["injured"], next_day["arrests"]) == (133, 147, 11)
    assert (now["killed"], now["injured"]) == (144, 360)
    assert now["claimed_by"] == ["islamic-state"] and now["arrests"] == 12
    in_the_world = [incidents(seeded, key=ATTACK, at=day)["incidents"][0]["arrests"]
                    for day in ("2024-03-22", "2024-03-23", "2024-04-02", "2024-04-03")]
    assert in_the_world == [0, 11, 11, 12]  # no arrest before the attack; the twelfth dated by the report of it


def test_moscows_accusation_of_ukraine_and_the_french_reading_are_a_dispute(seeded):
    (dispute,) = disputes(seeded, topic="moscow-attack")["disputes"]
    assert (dispute["speaker"], dispute["subject"], dispute["occurred"]) == ("rus", "ukr", "2024-03-23")
    assert [d["denier"] for d in dispute["denials"]] == ["fra-armed-forces-ministry"]


def test_the_invasion_the_contacts_are_counted_from_is_recorded(seeded):
    invasion = [i for i in incidents(seeded)["incidents"] if i["occurred"] == "2022-02-24"]
    assert [i["key"] for i in invasion] == ["2022-02-24-russian-invasion-of-ukraine"]


def test_after_shoigu_left_office_a_call_with_him_is_no_longer_russia_at_minister_level(seeded):
    seeded.append_objects([{"type": "ContactMade", "key": "later-call", "occurred": "2024-06-01",
                            "participants": ["sebastien-lecornu", "sergei-shoigu"], "mode": "phone"}])
    found = contacts(seeded, between="France", and_="Russia", rank="minister", since="2024-05-01")
    assert found["count"] == 0


def test_the_western_camp_side_matches_its_member_states_ministers(seeded):
    found = contacts(seeded, between="Western allies", and_="Russia", rank="minister")
    assert [c["key"] for c in found["contacts"]] == [
        "2022-10-23-shoigu-lecornu-call", "2023-03-15-austin-shoigu-call", "2023-04-02-blinken-lavrov-call",
        "2024-04-03-lecornu-shoigu-call"]
    assert [c["previous"] for c in found["contacts"]] == [None, "2022-10-23", "2023-03-15", "2023-04-02"]


def test_a_defence_portfolio_filter_keeps_the_defence_ministers_calls_only(seeded):
    found = contacts(seeded, between="Western allies", and_="Russia", portfolio="defence")
    assert [c["occurred"] for c in found["contacts"]] == ["2022-10-23", "2023-03-15", "2024-04-03"]


def test_a_holder_of_an_office_of_a_ministry_speaks_for_the_ministrys_state(store):
    """DESIGN: a stance counts through an office holder or a ministry that represents the state; an office held
    "of" the ministry (part_of the state) is such a representative."""
    import orjson

    from store.jsonl import read_lines
    from projections.positions import positions_from
    from projections.replay import Fold
    from projections.timeclock import Clocks
    from tests.oracle import assert_views_equal_oracle

    lines = [orjson.dumps(line) for line in (
        {"type": "ActorRegistered", "key": "sa", "name": "State A", "kind": "state"},
        {"type": "ActorRegistered", "key": "sb", "name": "State B", "kind": "state"},
        {"type": "ActorRegistered", "key": "ma", "name": "Ministry A", "kind": "organisation", "part_of": "sa"},
        {"type": "ActorRegistered", "key": "pa", "name": "Person A", "kind": "person"},
        {"type": "ActorRegistered", "key": "pb", "name": "Person B", "kind": "person"},
        {"type": "OfficeTaken", "actor": "pa", "office": "Spokesperson", "of": "ma", "rank": "spokesperson",
         "from": "2020"},
        {"type": "OfficeTaken", "actor": "pb", "office": "Minister", "of": "sb", "rank": "minister", "from": "2020"},
        {"type": "StatementMade", "key": "s1", "occurred": "2024-04-03", "speaker": "pa", "medium": "communique",
         "claims": [{"subject": "pa", "topic": "t1", "stance": "supports"}]},
        {"type": "ContactMade", "key": "c1", "occurred": "2024-04-03", "participants": ["pa", "pb"],
         "mode": "phone"},
    )]
    store.appender.append(read_lines(lines))
    found = positions(store, actor="sa")["positions"]
    assert [(p["actor"], p["topic"], p["stance"], p["key"]) for p in found] == [("sa", "t1", "supports", "s1")]
    assert [c["key"] for c in contacts(store, between="sa", and_="sb")["contacts"]] == ["c1"]
    assert [c["key"] for c in contacts(store, between="sa", and_="sb", rank="spokesperson")["contacts"]] == ["c1"]
    fold = Fold(store.app, Clocks.parse(None, None, None))
    assert positions(store, actor="sa") == positions_from(fold, "sa", None)
    assert_views_equal_oracle(store)


def test_an_incident_asked_by_a_key_that_names_no_attack_is_an_error_and_one_not_yet_known_is_empty(seeded):
    with pytest.raises(OccurrenceNotFound) as unknown:
        incidents(seeded, key="2024-03-22-crocus-attack")
    with pytest.raises(InvalidInput) as not_an_attack:
        incidents(seeded, key="2024-04-03-lecornu-shoigu-call")
    assert unknown.value.field == not_an_attack.value.field == "key"
    assert "is a ContactMade, not an AttackOccurred" in str(not_an_attack.value)
    assert incidents(seeded, key=ATTACK, known_at="2024-03-01") == {"incidents": []}


def test_an_actor_at_a_date_has_the_offices_and_memberships_it_held_then(seeded):
    """What `actors show --at` and HTTP `/actors/{ref}?at=` answer."""
    from projections.describe import describe_actor, find_actor

    minister = describe_actor(find_actor(seeded, "Choïgou"), "2024-04-03")
    assert [(o["office"], o["of"]) for o in minister["offices"]] == [("Minister of Defence", "rus")]
    assert describe_actor(find_actor(seeded, "Shoigu"), "2024-06-01")["offices"] == []
    assert [m["group"] for m in describe_actor(find_actor(seeded, "France"), "2024-04-03")["memberships"]] == \
        ["western-allies"]


def test_a_denial_of_one_claim_denies_only_that_claims_topic(store):
    """France denies the second claim of a Russian statement about it (sanctions), not the first (dialogue)."""
    store.append_objects([
        {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
        {"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"},
        {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "reported": "2024-04-03", "speaker": "rus",
         "medium": "communique", "claims": [{"subject": "fra", "topic": "dialogue", "stance": "supports"},
                                            {"subject": "fra", "topic": "sanctions", "stance": "opposes"}]},
        {"type": "ClaimDenied", "key": "d", "occurred": "2024-04-04", "reported": "2024-04-04", "denier": "fra",
         "denies": "s", "claim": 1, "quote": "no"}])
    found = sorted((p["topic"], p["stance"], p["disputed"]) for p in positions(store, actor="fra")["positions"])
    assert found == [("dialogue", "supports", False), ("sanctions", "denies", False), ("sanctions", "opposes", True)]
