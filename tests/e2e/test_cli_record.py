"""`geoevents record`, `correct` and `retract` write through the same path as `append`."""

from __future__ import annotations

import orjson
import pytest

from cli.record_spec import KINDS
from domain.catalogue import RECORD_VERBS
from tests.e2e.cli_fixtures import geo, seed_file, snapshot, store_path  # noqa: F401 (fixtures)


def show(geo, ref: str) -> dict:
    result = geo("events", "show", ref, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return orjson.loads(result.stdout)


def test_a_contact_from_flags_is_stored_with_resolved_actors_and_its_id_printed(geo):
    result = geo("record", "contact", "--occurred", "2024-04-05", "--participant", "Lecornu",
                 "--participant", "Serguei Choigou", "--mode", "video", "--initiated-by", "Paris",
                 "--source", "AFP,https://www.afp.com/x", "--topic", "counter-terrorism", "--summary", "Again.",
                 "--duration-minutes", "30", "--set", "sources.0.title=Second call", "--set", "location=null")
    assert result.exit_code == 0, result.stderr
    stored = show(geo, result.stdout.strip())
    assert stored["participants"] == ["sebastien-lecornu", "sergei-shoigu"]
    assert stored["initiated_by"] == "fra" and stored["duration_minutes"] == 30 and stored["mode"] == "video"
    assert stored["sources"] == [{"publisher": "AFP", "url": "https://www.afp.com/x", "title": "Second call"}]
    assert stored["topics"] == ["counter-terrorism"] and "location" not in stored


def test_a_recorded_occurrence_is_the_same_event_as_its_json_line(geo):
    flags = geo("record", "offer", "--occurred", "2024-03-25", "--offerer", "Macron", "--recipient", "Russia",
                "--recipient", "Ukraine", "--domain", "counter-terrorism", "--key", "offer-1", "--source", "AFP")
    assert flags.exit_code == 0, flags.stderr
    line = orjson.dumps({"type": "CooperationOffered", "key": "offer-1", "occurred": "2024-03-25",
                         "offerer": "emmanuel-macron", "recipients": ["rus", "Kyiv"], "domain": "counter-terrorism",
                         "sources": [{"publisher": "AFP"}]})
    again = geo("append", "-", "--format", "json", input=line)
    assert orjson.loads(again.stdout)["duplicates"] == 1, again.stderr


def test_a_statement_takes_repeated_claims_with_quotes(geo):
    result = geo("record", "statement", "--occurred", "2024-04-04", "--speaker", "Kremlin", "--medium", "readout",
                 "--claim", "France:ukraine-dialogue:refuses-to-negotiate", "--claim", "Russia:ukraine:other:a: b",
                 "--key", "kremlin-readout")
    assert result.exit_code == 0, result.stderr
    claims = show(geo, "kremlin-readout")["claims"]
    assert claims == [{"subject": "fra", "topic": "ukraine-dialogue", "stance": "refuses-to-negotiate"},
                      {"subject": "rus", "topic": "ukraine", "stance": "other", "quote": "a: b"}]


def test_recording_the_same_key_twice_prints_duplicate_and_adds_nothing(geo, store_path):
    args = ("record", "alert", "--occurred", "2024-05", "--authority", "France", "--level", "high", "--key", "k")
    first = geo(*args, "--format", "json")
    before = snapshot(store_path)
    second = geo(*args, "--format", "json")
    assert orjson.loads(first.stdout)["status"] == "appended"
    assert orjson.loads(second.stdout) == {"status": "duplicate", "id": orjson.loads(first.stdout)["id"]}
    assert geo(*args).stdout.strip() == "duplicate"
    assert snapshot(store_path) == before


@pytest.mark.parametrize(("args", "message"), [
    (["attack", "--occurred", "2024", "--place", "x", "--killed", "-3"], "field 'killed' (--killed)"),
    (["contact", "--occurred", "2024", "--participant", "fra", "--participant", "Shoygu", "--mode", "phone"],
     "did you mean: Shoigu (sergei-shoigu)"),
    (["alert", "--occurred", "2024-04-05T10:00", "--authority", "fra", "--level", "x"], "naive datetime"),
    (["claim", "--occurred", "2024", "--claimant", "IS", "--attack", "nope"], "field 'attack' (--attack)"),
    (["statement", "--occurred", "2024", "--speaker", "fra", "--medium", "post", "--claim", "fra:x"],
     "SUBJECT:TOPIC:STANCE[:QUOTE]"),
    (["alert", "--occurred", "2024", "--authority", "fra", "--level", "x", "--set", "colour=red"],
     "field 'colour': unknown field"),
    (["alert", "--occurred", "2024", "--authority", "fra", "--level", "x", "--set", "type=ContactMade"],
     "the command sets the type (AlertLevelChanged)"),
    (["contact", "--occurred", "2024", "--participant", "fra", "--participant", "rus", "--mode", "phone",
      "--key", "def", "--set", "key=abc"], "'key' is set twice (by --key and by --set key=abc)"),
    (["contact", "--occurred", "2024", "--participant", "fra", "--participant", "rus", "--mode", "phone",
      "--set", "summary=a", "--set", "summary=b"], "'summary' is set twice"),
    (["contact", "--occurred", "2024", "--participant", "fra", "--participant", "rus", "--mode", "phone",
      "--reported", ""], "field 'reported' (--reported): '' is empty"),
])
def test_a_bad_record_names_the_field_and_flag_and_stores_nothing(args, message, geo, store_path):
    before = snapshot(store_path)
    result = geo("record", *args)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert snapshot(store_path) == before


def test_a_missing_required_flag_is_a_usage_error(geo):
    assert geo("record", "attack", "--occurred", "2024").exit_code == 2


def test_every_record_verb_writes_its_catalogue_type(geo):
    assert {verb: kind.type for verb, kind in KINDS.items()} == RECORD_VERBS  # the verbs `--type` and HTTP take
    for verb, kind in KINDS.items():
        listed = orjson.loads(geo("events", "list", "--type", verb, "--format", "json").stdout)
        assert all(o["type"] == kind.type for o in listed)


def test_a_correction_replaces_a_field_and_keeps_the_history(geo):
    result = geo("correct", "2024-04-03-crocus-toll-144", "--set", "injured=361", "--reason", "typo")
    assert result.exit_code == 0, result.stderr
    stored = show(geo, "2024-04-03-crocus-toll-144")
    assert stored["injured"] == 361 and stored["corrections"] == ["typo"]
    assert [h["type"] for h in stored["history"]] == ["CasualtiesReported", "Corrected"]
    assert stored["history"][0]["injured"] == 360


def test_a_dotted_correction_changes_one_claim_and_keeps_the_others(geo):
    result = geo("correct", "2024-04-03-russian-mod-communique", "--set", "claims.1.stance=neutral",
                 "--set", "occurred=2024", "--reason", "reread")
    assert result.exit_code == 0, result.stderr
    stored = show(geo, "2024-04-03-russian-mod-communique")
    assert [c["stance"] for c in stored["claims"]] == ["ready-to-negotiate", "neutral"]
    assert stored["occurred"] == "2024"


def test_repeating_a_correction_is_a_duplicate_and_a_bad_one_changes_nothing(geo, store_path):
    args = ("correct", "2024-04-03-crocus-toll-144", "--set", "killed=145", "--reason", "update")
    assert geo(*args).exit_code == 0
    before = snapshot(store_path)
    assert geo(*args).stdout.strip() == "duplicate"
    bad = geo("correct", "2024-04-03-crocus-toll-144", "--set", "key=other", "--reason", "no")
    assert bad.exit_code == 1 and "'key' cannot be corrected" in bad.stderr
    missing = geo("correct", "no-such-key", "--set", "killed=1", "--reason", "no")
    assert missing.exit_code == 1 and "no occurrence with id or key 'no-such-key'" in missing.stderr
    assert snapshot(store_path) == before


def test_a_change_made_again_later_is_recorded_under_a_key_of_its_own(geo, store_path):
    toll = "2024-04-03-crocus-toll-144"
    for killed in (145, 144):
        assert geo("correct", toll, "--set", f"killed={killed}", "--reason", "update").exit_code == 0
    before = snapshot(store_path)
    repeated = geo("correct", toll, "--set", "killed=145", "--reason", "update")
    assert repeated.stdout.strip() == "duplicate" and "give it a --key of its own" in repeated.stderr
    assert snapshot(store_path) == before
    keyed = ("correct", toll, "--set", "killed=145", "--reason", "update", "--key", "second-145")
    assert geo(*keyed).exit_code == 0 and show(geo, toll)["killed"] == 145
    assert geo(*keyed).stdout.strip() == "duplicate"
    assert show(geo, toll)["corrections"] == ["update"] * 3
    clash = geo("correct", toll, "--set", "killed=150", "--reason", "update", "--key", "second-145")
    assert clash.exit_code == 1 and "--key" in clash.stderr and "different content" in clash.stderr


def test_a_retracted_occurrence_leaves_the_listing_but_not_the_log(geo):
    before = orjson.loads(geo("events", "list", "--format", "json").stdout)
    assert geo("retract", "2015-2024-attacks-in-france", "--reason", "not one event").exit_code == 0
    keys = [o["key"] for o in orjson.loads(geo("events", "list", "--format", "json").stdout)]
    assert "2015-2024-attacks-in-france" not in keys and len(keys) == len(before) - 1
    everything = orjson.loads(geo("events", "list", "--include-retracted", "--format", "json").stdout)
    assert [o["retracted"] for o in everything if o["key"] == "2015-2024-attacks-in-france"] == ["not one event"]
    again = geo("retract", "2015-2024-attacks-in-france", "--reason", "other reason")
    assert again.exit_code == 1 and "already retracted" in again.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["correct", "2024-04-03-crocus-toll-144", "--set", "injured=361", "--set", "injured=362", "--reason", "x"],
     "'injured' is set twice"),
    (["correct", "2024-04-03-crocus-toll-144", "--set", "injured=361", "--reason", "x", "--reported", ""],
     "field 'reported' (--reported): '' is empty"),
    (["correct", "2024-04-03-crocus-toll-144", "--set", "injured=361", "--reason", "x", "--key", ""],
     "field 'key' (--key)"),
    (["retract", "2024-04-03-crocus-toll-144", "--reason", "x", "--reported", ""],
     "field 'reported' (--reported): '' is empty"),
])
def test_an_empty_or_repeated_flag_of_a_correction_is_refused_not_ignored(args, message, geo, store_path):
    before = snapshot(store_path)
    result = geo(*args)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert snapshot(store_path) == before


def test_a_text_field_inside_a_list_keeps_a_number_as_text(geo):
    """`--set summary=2024` keeps text; so does a dotted path to a text field (a source's title, its date)."""
    result = geo("correct", "2024-04-03-crocus-toll-144", "--set", "sources.0.title=2024",
                 "--set", "sources.0.published=2024", "--set", "injured=361", "--reason", "reread")
    assert result.exit_code == 0, result.stderr
    stored = show(geo, "2024-04-03-crocus-toll-144")
    assert (stored["sources"][0]["title"], stored["sources"][0]["published"], stored["injured"]) == \
        ("2024", "2024", 361)
    result = geo("record", "contact", "--occurred", "2024", "--participant", "fra", "--participant", "rus",
                 "--mode", "phone", "--source", "AFP", "--set", "sources.0.title=1984", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert show(geo, orjson.loads(result.stdout)["id"])["sources"][0]["title"] == "1984"


@pytest.mark.parametrize("order", ["path first", "whole first"])
def test_a_path_lands_in_the_field_the_same_change_gives_whole_in_either_order(geo, order):
    """A path listed before the whole field lost its value, and the stored change showed the whole field's."""
    path, whole = ["--set", "sources.0.title=kept"], ["--set", 'sources=[{"publisher":"Z","title":"replaced"}]']
    sets = path + whole if order == "path first" else whole + path
    assert geo("correct", "2024-04-03-crocus-toll-144", *sets, "--reason", "r").exit_code == 0
    assert show(geo, "2024-04-03-crocus-toll-144")["sources"] == [{"publisher": "Z", "title": "kept"}]
    recorded = geo("record", "alert", "--occurred", "2024", "--authority", "fra", "--level", "x", *sets)
    assert recorded.exit_code == 0, recorded.stderr
    assert show(geo, recorded.stdout.strip())["sources"] == [{"publisher": "Z", "title": "kept"}]


@pytest.mark.parametrize("args", [["--source", "AFP", "--set", 'sources.0={"publisher":"R"}'],
                                  ["--topic", "a", "--set", "topics.0=b"]])
def test_a_set_path_may_not_replace_what_a_flag_gave(args, geo, store_path):
    before = snapshot(store_path)
    result = geo("record", "alert", "--occurred", "2024", "--authority", "fra", "--level", "x", *args)
    assert result.exit_code == 1 and "is already given by --" in result.stderr
    assert snapshot(store_path) == before


@pytest.mark.parametrize("value", ["1_000", " 12", "+3", "0x10", "1e3"])
def test_a_number_flag_reads_digits_only_as_a_json_line_would(value, geo, store_path):
    before = snapshot(store_path)
    result = geo("record", "casualties", "--occurred", "2024-03-23", "--attack", "2024-03-22-crocus-city-hall-attack",
                 "--killed", value)
    assert result.exit_code == 2 and "is not a whole number" in result.output
    assert snapshot(store_path) == before


@pytest.mark.parametrize("source", [["--source", "AFP"], ["--set", 'sources=[{"publisher":"A"}]']])
def test_two_spellings_of_one_set_path_are_refused_as_one_part_given_twice(source, geo, store_path):
    before = snapshot(store_path)
    result = geo("record", "alert", "--occurred", "2024", "--authority", "fra", "--level", "x", *source,
                 "--set", "sources.0.title=one", "--set", "sources.00.title=two")
    assert result.exit_code == 1 and "'sources.00.title' names the same part as 'sources.0.title'" in result.stderr
    assert snapshot(store_path) == before


def test_a_set_without_an_equals_sign_is_a_usage_error(geo):
    result = geo("correct", "2024-04-03-crocus-toll-144", "--set", "killed", "--reason", "r")
    assert result.exit_code == 2 and "expected FIELD=VALUE" in result.output


@pytest.mark.parametrize("args, option", [
    (["record", "accusation", "--occurred", "2022-09-30", "--accuser", "rus", "--accused", "usa", "--accused", "fra",
      "--on", "sabotage"], "--accused"),
    (["record", "attack", "--occurred", "2023-06-06", "--occurred=2023-06-07", "--place", "Nova Kakhovka"],
     "--occurred"),
    (["correct", "2024-04-03-crocus-toll-144", "--set", "injured=361", "--reason", "a", "--reason", "b"], "--reason"),
    (["actors", "office", "Lecornu", "Prime Minister", "--of", "fra", "--from", "2025", "--from", "2025-09"], "--from"),
    (["positions", "--actor", "fra", "--actor", "rus"], "--actor"),
])
def test_an_option_that_takes_one_value_given_twice_is_refused_not_the_last_kept(geo, store_path, args, option):
    before = snapshot(store_path)
    result = geo(*args)
    assert result.exit_code == 2 and f"'{option}'" in result.output and "given 2 times" in result.output
    assert snapshot(store_path) == before


def test_repeatable_options_and_values_that_look_like_options_are_no_repetition():
    from cli.groups import repeated_option
    from cli.main import app
    from typer.main import get_command

    contact = get_command(app).commands["record"].commands["contact"]  # type: ignore[attr-defined]
    assert repeated_option(contact, ["--participant", "a", "--participant", "b", "--mode", "phone"]) is None
    assert repeated_option(contact, ["--summary", "--mode", "--mode", "phone"]) is None  # the first is a value
    assert repeated_option(contact, ["--mode", "phone", "--", "--mode"]) is None
    assert repeated_option(contact, ["--mode=phone", "--summary", "x", "--mode", "video"]) == ("--mode", 2)
    assert repeated_option(contact, ["--summary", "--mode", "--mode", "phone", "--mode", "video"]) == ("--mode", 2)


def test_help_comes_first_even_with_an_option_given_twice(geo):
    asked = geo("record", "accusation", "--accused", "usa", "--accused", "fra", "--help")
    assert asked.exit_code == 0 and "Usage:" in asked.output and "record accusation" in asked.output


def test_an_erratum_applies_at_every_known_at_where_the_record_is_public_and_recorded_at_still_shows_it(geo):
    """Our own typo was never public: `--erratum` makes the correction public whenever the record is, so a
    question as publicly known on a past date gets the right figure; as this store held it before, the typo."""
    def injured(*clocks: str) -> int:
        answer = geo("incidents", "--key", "2024-03-22-crocus-city-hall-attack", *clocks, "--format", "json")
        return orjson.loads(answer.stdout)["incidents"][0]["injured"]

    before = geo("events", "show", "2024-04-03-crocus-toll-144", "--format", "json")
    recorded = orjson.loads(before.stdout)["recorded"]
    assert geo("correct", "2024-04-03-crocus-toll-144", "--set", "injured=361", "--reason", "typo",
               "--erratum").exit_code == 0
    assert injured("--known-at", "2024-04-05") == 361
    assert injured("--known-at", "2024-04-05", "--recorded-at", recorded) == 360
    stored = orjson.loads(geo("events", "show", "2024-04-03-crocus-toll-144", "--format", "json").stdout)
    assert stored["history"][-1]["reported"] == "2024-04-03"  # the record's own


def test_an_erratum_retraction_of_a_duplicate_removes_it_at_every_known_at(geo):
    assert geo("retract", "2024-04-03-crocus-toll-144", "--reason", "duplicate", "--erratum").exit_code == 0
    answer = geo("incidents", "--key", "2024-03-22-crocus-city-hall-attack", "--known-at", "2024-04-05",
                 "--format", "json")
    assert orjson.loads(answer.stdout)["incidents"][0]["injured"] != 360


def test_an_erratum_that_moves_reported_earlier_is_public_from_the_earlier_date_and_not_with_reported(geo):
    assert geo("correct", "2024-04-03-crocus-toll-144", "--set", "reported=2024-04-02", "--reason", "date typo",
               "--erratum").exit_code == 0
    stored = orjson.loads(geo("events", "show", "2024-04-03-crocus-toll-144", "--format", "json").stdout)
    assert stored["history"][-1]["reported"] == "2024-04-02"
    both = geo("retract", "2024-04-03-crocus-toll-144", "--reason", "x", "--erratum", "--reported", "2024")
    assert both.exit_code == 2 and "not both" in both.output


def test_an_erratum_of_a_revised_value_is_public_from_the_revision_and_running_it_again_adds_nothing(geo):
    """A typo in a later revision (the toll revised on 24 March) was public only from that revision: fixed with
    --erratum, the right figure shows from then on, never before."""
    def killed(known_at: str) -> int:
        answer = geo("incidents", "--key", "att-e", "--known-at", known_at, "--format", "json")
        return orjson.loads(answer.stdout)["incidents"][0]["killed"]

    assert geo("record", "attack", "--occurred", "2024-03-22", "--reported", "2024-03-22", "--place", "Krasnogorsk",
               "--killed", "40", "--key", "att-e").exit_code == 0
    assert geo("correct", "att-e", "--set", "killed=113", "--reason", "toll revised", "--reported",
               "2024-03-24").exit_code == 0
    for _ in range(2):
        assert geo("correct", "att-e", "--set", "killed=133", "--reason", "our typo", "--erratum").exit_code == 0
    assert (killed("2024-03-23"), killed("2024-03-24")) == (40, 133)
    history = orjson.loads(geo("events", "show", "att-e", "--format", "json").stdout)["history"]
    assert [h.get("reported") for h in history[1:]] == ["2024-03-24", "2024-03-24"]  # the second run added nothing


def test_running_an_erratum_that_moves_reported_later_again_adds_nothing(geo):
    args = ("correct", "2024-04-03-crocus-toll-144", "--set", "reported=2024-04-05", "--reason", "date typo",
            "--erratum", "--key", "fix-reported")
    assert [geo(*args).exit_code for _ in range(2)] == [0, 0]
    history = orjson.loads(geo("events", "show", "2024-04-03-crocus-toll-144", "--format", "json").stdout)["history"]
    assert [h["type"] for h in history] == ["CasualtiesReported", "Corrected"]
    assert history[-1]["reported"] == "2024-04-03"  # public whenever the record was
