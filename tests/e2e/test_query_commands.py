"""The query commands print the views as JSON (or tables) and fail cleanly on unknown actors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli.context import out
from cli.main import app
from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from tests.conftest import SEED

runner = CliRunner()
ATTACK = "2024-03-22-crocus-city-hall-attack"


def seeded_file(tmp_path) -> str:
    path = str(tmp_path / "cli.db")
    with open_store(Settings(store=path)) as store, SEED.open("rb") as f:
        store.appender.append(read_lines(f))
    return path


def run(*args: str) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_contacts_command_prints_the_april_call_with_its_predecessor(tmp_path):
    db = seeded_file(tmp_path)
    data = run("contacts", "--between", "France", "--and", "Russia", "--since", "2022-02-24", "--rank", "minister",
               "--format", "json", "--store", db)
    assert [c["previous"] for c in data["contacts"]] == [None, "2022-10-23"]


def test_positions_incidents_disputes_and_timeline_commands_answer_at_the_given_clocks(tmp_path):
    db = seeded_file(tmp_path)
    assert run("positions", "--actor", "Russia", "--format", "json", "--store", db)["positions"]
    (incident,) = run("incidents", "--key", ATTACK, "--known-at", "2024-03-22", "--format", "json",
                      "--store", db)["incidents"]
    assert incident["killed"] == 40
    assert run("disputes", "--topic", "ukraine-dialogue", "--format", "json", "--store", db)["disputes"]
    early = run("timeline", "--at", "2022-12", "--format", "json", "--store", db)["timeline"]
    assert [e["occurred"] for e in early] == ["2015", "2022-02-24", "2022-10-23"]


def test_replay_prints_every_view_equal_to_the_materialised_ones(tmp_path):
    db = seeded_file(tmp_path)
    replayed = run("replay", "--to", "2024-04-03", "--known-at", "2024-03-30", "--format", "json", "--store", db)
    assert replayed["positions"] == run("positions", "--at", "2024-04-03", "--known-at", "2024-03-30",
                                        "--format", "json", "--store", db)["positions"]
    assert [i["killed"] for i in replayed["incidents"] if i["key"] == ATTACK] == [133]


def test_replay_without_sides_lists_every_contact_as_a_contact_and_with_sides_equals_the_contacts_query(tmp_path):
    db = seeded_file(tmp_path)
    every = run("replay", "--format", "json", "--store", db)
    timeline = [e for e in every["timeline"] if e["type"] == "ContactMade"]
    assert [c["id"] for c in every["contacts"]] == [e["id"] for e in timeline] and every["count"] == len(timeline)
    assert all(set(c) == {"occurred", "participants", "mode", "initiated_by", "id", "key"} for c in every["contacts"])
    april = next(c for c in every["contacts"] if c["occurred"].startswith("2024-04-03"))
    assert april["mode"] == "phone" and set(april["participants"]) == {"sebastien-lecornu", "sergei-shoigu"}
    paired = run("replay", "--between", "France", "--and", "Russia", "--format", "json", "--store", db)
    assert paired["contacts"] == run("contacts", "--between", "France", "--and", "Russia", "--format", "json",
                                     "--store", db)["contacts"]
    table = runner.invoke(app, ["replay", "--store", db])
    assert table.exit_code == 0 and "initiated_by" in table.output


def test_replay_with_one_side_only_is_refused_naming_the_missing_option(tmp_path):
    db = seeded_file(tmp_path)
    result = runner.invoke(app, ["replay", "--between", "France", "--store", db])
    assert result.exit_code != 0 and "'and'" in result.output and "--between and --and" in result.output


def test_rebuild_and_status_report_positions_and_tables_render(tmp_path):
    db = seeded_file(tmp_path)
    rebuilt = runner.invoke(app, ["projections", "rebuild", "--store", db]).output
    with open_store(Settings(store=db)) as store:
        assert f"they hold the log up to position {store.views.position():,}; this process applied" in rebuilt
    assert "(0 positions behind)" in runner.invoke(app, ["projections", "status", "--store", db]).output
    assert "Contacts" in runner.invoke(app, ["contacts", "--between", "fra", "--and", "rus", "--store", db]).output


def test_an_unknown_actor_fails_with_a_suggestion(tmp_path):
    db = seeded_file(tmp_path)
    result = runner.invoke(app, ["positions", "--actor", "Shoygu", "--store", db])
    assert result.exit_code == 1 and "sergei-shoigu" in result.output


def test_an_invalid_clock_is_refused_naming_the_option_it_came_in(tmp_path):
    db = seeded_file(tmp_path)
    cases = [
        (("positions", "--at", "2024-13"), "'at'"),
        (("positions", "--at", "2024-01", "--known-at", "xyz"), "'known_at'"),
        (("disputes", "--recorded-at", "2024-02-30"), "'recorded_at'"),
        (("contacts", "--between", "France", "--and", "Russia", "--since", "2024-13"), "'since'"),
        (("contacts", "--between", "France", "--and", "Russia", "--until", "xyz"), "'until'"),
    ]
    for args, named in cases:
        result = runner.invoke(app, [*args, "--store", db])
        assert result.exit_code == 1 and f"field {named}" in result.output, (args, result.output)


def test_counts_that_add_up_past_64_bits_are_printed_as_json(tmp_path):
    """Each count may be as large as 2**63 - 1; an incident's arrests add them up."""
    path = seeded_file(tmp_path)
    most = 2**63 - 1
    with open_store(Settings(store=path)) as store:
        store.append_objects([{"type": "ArrestsMade", "key": f"huge-{i}", "occurred": "2024-03-24", "authority": "rus",
                               "count": most, "in_connection_with": "2024-03-22-crocus-city-hall-attack"} for i in range(2)])
    for command in (["incidents"], ["replay", "--to", "2024-12-31"]):
        result = runner.invoke(app, [*command, "--store", path, "--format", "json"])
        assert result.exit_code == 0, result.output
        answer = json.loads(result.stdout)
        [crocus] = [i for i in answer["incidents"] if i["key"] == "2024-03-22-crocus-city-hall-attack"]
        assert crocus["arrests"] == 12 + 2 * most


def test_an_impossible_clock_is_refused_naming_the_option_it_came_in(tmp_path):
    path = seeded_file(tmp_path)
    for args, field in ((["replay", "--to", "2024-13"], "to"), (["replay", "--known-at", "2024-13"], "known_at"),
                        (["actors", "show", "fra", "--at", "2024-13"], "at"),
                        (["positions", "--recorded-at", "2024-13"], "recorded_at")):
        result = runner.invoke(app, [*args, "--store", path])
        assert result.exit_code == 1, args
        option = "--" + field.replace("_", "-")
        assert f"field '{field}' ({option}): impossible date '2024-13'" in result.stderr, (args, result.stderr)


def test_tables_show_stored_text_as_written_never_as_markup_or_emoji_codes(tmp_path, monkeypatch):
    """Quotes with square brackets (common in news quotes) and colons around a word are text, as in JSON."""
    monkeypatch.setattr(out, "width", 400)  # no cell wrapped
    db = seeded_file(tmp_path)
    texts = {"t9": "[kyiv] [b]x[/b] 2:ok:3", "t10": "closing [/] tag"}
    with open_store(Settings(store=db)) as store:
        store.append_objects([{"type": "StatementMade", "key": f"quote-{topic}", "occurred": "2024-04-05",
                               "speaker": "rus", "medium": "communique",
                               "claims": [{"subject": "rus", "topic": topic, "stance": "other", "quote": quote}]}
                              for topic, quote in texts.items()])
    for topic, quote in texts.items():
        result = runner.invoke(app, ["positions", "--topic", topic, "--store", db])
        assert result.exit_code == 0, result.output
        assert quote in result.stdout
    listed = runner.invoke(app, ["events", "list", "--topic", "t9", "--store", db])
    assert listed.exit_code == 0 and "quote-t9" in listed.stdout


def test_the_timeline_finds_a_topic_in_any_case_as_the_listing_does(tmp_path):
    db = seeded_file(tmp_path)
    exact = run("timeline", "--topic", "moscow-attack", "--format", "json", "--store", db)["timeline"]
    shouted = run("timeline", "--topic", "MOSCOW-ATTACK", "--format", "json", "--store", db)["timeline"]
    listed = run("events", "list", "--topic", "Moscow-Attack", "--format", "json", "--store", db)
    assert exact and shouted == exact
    assert {e["key"] for e in exact} == {e["key"] for e in listed}


def test_a_blank_topic_is_refused_naming_it(tmp_path):
    db = seeded_file(tmp_path)
    for command in (["events", "list"], ["timeline"], ["positions"], ["disputes"], ["export"]):
        result = runner.invoke(app, [*command, "--topic", " ", "--store", db])
        assert result.exit_code == 1 and "field 'topic': a blank topic matches nothing" in result.output, command


def test_an_empty_clock_option_is_refused_naming_it_rather_than_ignored(tmp_path):
    store = seeded_file(tmp_path)
    cases = [(["contacts", "--between", "fra", "--and", "rus", "--since", ""], "since"),
             (["contacts", "--between", "fra", "--and", "rus", "--until", ""], "until"),
             (["actors", "show", "fra", "--at", ""], "at"),
             (["export", "--format", "jsonl", "--known-at", ""], "known_at"),
             (["export", "--format", "jsonl", "--from", ""], "from")]
    for args, field in cases:
        result = runner.invoke(app, [*args, "--store", store])
        assert result.exit_code == 1 and f"field '{field}'" in result.output, (args, result.output)


def test_a_table_into_a_pipe_keeps_every_date_key_and_name_whole(tmp_path):
    store = seeded_file(tmp_path)
    result = runner.invoke(app, ["contacts", "--between", "France", "--and", "Russia", "--since", "2022-02-24",
                                 "--rank", "minister", "--store", store])
    assert result.exit_code == 0 and "…" not in result.stdout
    assert "2024-04-03-lecornu-shoigu-call" in result.stdout and "sebastien-lecornu, sergei-shoigu" in result.stdout


def test_a_table_shows_its_first_rows_and_says_how_to_get_them_all(tmp_path, monkeypatch):
    """Laying out a large store's every row as a table takes minutes and gigabytes: a table stops at TABLE_ROWS
    and says so on stderr; `--format json` gives every row."""
    import cli.actors
    import cli.events
    import cli.queries

    db = seeded_file(tmp_path)
    for module in (cli.queries, cli.events, cli.actors):
        monkeypatch.setattr(module, "TABLE_ROWS", 3)
    actors = runner.invoke(app, ["actors", "list", "--store", db])
    assert actors.exit_code == 0 and "showing the first 3 rows of" in actors.stderr
    listed = runner.invoke(app, ["events", "list", "--store", db])
    assert listed.exit_code == 0 and "showing the first 3 rows; give --format json" in listed.stderr
    assert "occurrence(s)" not in listed.stdout
    everything = len(run("timeline", "--format", "json", "--store", db)["timeline"])
    timeline = runner.invoke(app, ["timeline", "--store", db])
    assert timeline.exit_code == 0 and f"showing the first 3 rows of {everything}; give" in timeline.stderr
    assert timeline.stdout.count("\n") < everything
    short = runner.invoke(app, ["contacts", "--between", "France", "--and", "Russia", "--since", "2024", "--store", db])
    assert "showing" not in short.stderr
