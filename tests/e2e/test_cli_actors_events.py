"""`geoevents actors` and `geoevents events`: the registry and the occurrences, as tables, JSON and JSON Lines."""

from __future__ import annotations

import orjson
import pytest

from tests.e2e.cli_fixtures import geo, seed_file, snapshot, store_path  # noqa: F401 (fixtures)


def as_json(result) -> object:
    assert result.exit_code == 0, result.stderr
    return orjson.loads(result.stdout)


@pytest.mark.parametrize("name", ["Choïgu", "Serguei Choigou", "Shoigu", "SHOÏGU"])
def test_three_spellings_show_one_actor(geo, name):
    shown = as_json(geo("actors", "show", name, "--format", "json"))
    assert (shown["key"], shown["name"], shown["kind"]) == ("sergei-shoigu", "Sergei Shoigu", "person")
    assert "Sergueï Choïgu" in shown["aliases"]


def test_offices_held_on_a_date_follow_the_terms(geo):
    before = as_json(geo("actors", "show", "Shoigu", "--at", "2024-04-03", "--format", "json"))
    after = as_json(geo("actors", "show", "Shoigu", "--at", "2024-06-01", "--format", "json"))
    assert [(o["office"], o["of"], o["until"]) for o in before["offices"]] == [("Minister of Defence", "rus", "2024-05-12")]
    assert after["offices"] == [] and after["at"] == "2024-06-01"
    assert as_json(geo("actors", "show", "France", "--at", "2022-01", "--format", "json"))["memberships"] == []
    assert len(as_json(geo("actors", "show", "France", "--format", "json"))["memberships"]) == 1


def test_an_unknown_actor_suggests_near_names(geo):
    result = geo("actors", "show", "Lavrof")
    assert result.exit_code == 1 and "did you mean: Lavrov (sergei-lavrov)" in result.stderr


def test_actors_are_listed_by_kind(geo):
    states = as_json(geo("actors", "list", "--kind", "state", "--format", "json"))
    assert {a["key"] for a in states} == {"fra", "rus", "ukr", "usa", "tjk"}
    assert "western-allies" in geo("actors", "list").stdout


def test_an_actor_is_registered_given_an_office_and_a_group_then_shown(geo):
    assert geo("actors", "add", "dmitry-peskov", "Dmitry Peskov", "--kind", "person", "--alias", "Peskov").stdout.strip() == "dmitry-peskov"
    assert geo("actors", "alias", "Peskov", "Dmitri Peskov").exit_code == 0
    assert geo("actors", "office", "Peskov", "Press Secretary", "--of", "Kremlin", "--rank", "spokesperson",
               "--from", "2012-05-22").exit_code == 0
    assert geo("actors", "office", "Peskov", "Press Secretary", "--of", "rus", "--left", "2030").exit_code == 0
    shown = as_json(geo("actors", "show", "Dmitri Peskov", "--at", "2024", "--format", "json"))
    assert shown["aliases"] == ["Peskov", "Dmitri Peskov"]
    assert [(o["of"], o["rank"], o["until"]) for o in shown["offices"]] == [("rus", "spokesperson", "2030")]


def test_leaving_an_office_before_taking_it_is_refused_naming_the_flag(geo, store_path):
    before = snapshot(store_path)
    result = geo("actors", "office", "Belousov", "Minister of Defence", "--of", "rus", "--left", "2001")
    assert result.exit_code == 1 and "(--left)" in result.stderr
    assert snapshot(store_path) == before


@pytest.mark.parametrize(("args", "keys"), [
    (["--type", "contact", "--actor", "Choïgou"], ["2022-10-23-shoigu-lecornu-call", "2023-03-15-austin-shoigu-call",
                                                  "2024-04-03-lecornu-shoigu-call"]),
    (["--type", "ContactMade", "--from", "2023-04", "--to", "2024-04-03"], ["2023-04-02-blinken-lavrov-call",
                                                                             "2024-04-03-lecornu-shoigu-call"]),
    (["--topic", "MOSCOW-ATTACK", "--to", "2024-03-22"], ["2024-03-us-warns-russia", "2024-03-22-crocus-city-hall-attack",
                                                         "2024-03-22-is-claims-crocus-attack"]),
    (["--actor", "Islamic State", "--type", "claim"], ["2024-03-22-is-claims-crocus-attack"]),
    (["--from", "2024-04-03T12:00:00+00:00", "--type", "denial"], []),
])
def test_occurrences_are_filtered_and_listed_in_occurred_order(geo, args, keys):
    assert [o["key"] for o in as_json(geo("events", "list", *args, "--format", "json"))] == keys


def test_a_claim_subject_counts_as_an_actor_the_statement_touches(geo):
    listed = as_json(geo("events", "list", "--type", "statement", "--actor", "Islamic State", "--format", "json"))
    assert [o["key"] for o in listed] == ["2024-03-25-macron-is-attempts-in-france"]


@pytest.mark.parametrize(("args", "message"), [
    (["--type", "Meeting"], "field 'type': unknown type 'Meeting'"),
    (["--actor", "Shoygu"], "did you mean: Shoigu"),
    (["--from", "2024-13"], "field 'from' (--from): impossible date"),
    (["--format", "xml"], "--format"),
])
def test_a_bad_filter_is_an_error_on_stderr(geo, args, message):
    result = geo("events", "list", *args)
    assert result.exit_code in (1, 2) and message in result.stderr, result.stderr


def test_the_jsonl_listing_carries_id_and_recorded_and_appending_it_adds_nothing(geo, store_path):
    geo("correct", "2024-04-03-crocus-toll-144", "--set", "injured=361", "--reason", "typo")
    geo("retract", "2015-2024-attacks-in-france", "--reason", "summary, not an event")
    listing = geo("events", "list", "--include-retracted", "--format", "jsonl").stdout_bytes
    lines = [orjson.loads(line) for line in listing.splitlines()]
    assert all("recorded" in line for line in lines)
    assert all("id" in line for line in lines if line["type"] not in ("Corrected", "Retracted"))
    assert [line["type"] for line in lines][-2:] == ["Corrected", "Retracted"]
    before = snapshot(store_path)
    again = geo("append", "-", "--format", "json", input=listing)
    assert as_json(again) == {"lines": len(lines), "appended": 0, "duplicates": len(lines), "rejected": 0,
                              "dry_run": False}
    assert snapshot(store_path) == before


def test_an_occurrence_is_shown_with_its_history(geo):
    table = geo("events", "show", "2024-04-03-lecornu-shoigu-call")
    assert table.exit_code == 0 and "participants" in table.stdout and "ContactMade" in table.stdout
    missing = geo("events", "show", "not-a-key")
    assert missing.exit_code == 1 and "no occurrence with id or key 'not-a-key'" in missing.stderr


def test_the_table_listing_shows_every_occurrence(geo):
    result = geo("events", "list")
    assert result.exit_code == 0 and "29 occurrence(s)" in result.stdout


def test_a_group_lists_its_members_on_a_date(geo):
    shown = as_json(geo("actors", "show", "Western camp", "--format", "json"))
    assert [m["actor"] for m in shown["members"]] == ["fra", "usa"]
    assert as_json(geo("actors", "show", "Western camp", "--at", "2021", "--format", "json"))["members"] == []
    assert "member: fra from 2022-02-24" in geo("actors", "show", "western-allies").stdout


def test_text_that_looks_like_markup_is_printed_as_it_is(geo):
    geo("record", "alert", "--occurred", "2024-05", "--authority", "fra", "--level", "[bold]red[/]",
        "--summary", "Level [sic] raised", "--key", "[red]k")
    assert "[sic]" in geo("events", "list", "--type", "alert").stdout
    assert "[bold]red[/]" in geo("events", "show", "[red]k").stdout


@pytest.mark.parametrize("args", [
    ["office", "Shoigu", "Minister of Defence", "--of", "rus", "--left", "2024-05-12", "--rank", "head-of-state"],
    ["member", "usa", "western-allies", "--from", "2019", "--left", "2030"],
])
def test_left_refuses_flags_of_a_term_begun_rather_than_drop_them(args, geo, store_path):
    before = snapshot(store_path)
    result = geo("actors", *args)
    assert result.exit_code == 2 and "--left records only the end of a term" in result.stderr
    assert snapshot(store_path) == before


@pytest.mark.parametrize(("args", "message"), [
    (["office", "France", "Minister of Defence", "--of", "Russia", "--rank", "minister", "--from", "2020"],
     "field 'actor': only a person holds an office; 'fra' is a state"),
    (["office", "Lavrov", "Adviser", "--of", "Shoigu", "--rank", "official", "--from", "2020"],
     "field 'of': an office is of a state, an organisation or a group; 'sergei-shoigu' is a person"),
    (["add", "xorg", "X Org", "--kind", "organisation", "--part-of", "Shoigu"],
     "field 'part_of' (--part-of): an organisation is part of a state or of another organisation"),
    (["add", "xp", "X Person", "--kind", "person", "--part-of", "rus"],
     "field 'part_of' (--part-of): only an organisation is part of another actor"),
    (["member", "western-allies", "western-allies", "--from", "2020"], "a group cannot be a member of itself"),
])
def test_offices_and_part_of_join_only_actors_of_fitting_kinds(args, message, geo, store_path):
    """A state holding a minister's office made the contacts it took part in count for the other state."""
    before = snapshot(store_path)
    result = geo("actors", *args)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert snapshot(store_path) == before
