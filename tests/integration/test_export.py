"""Exporting: filters and the three clocks, corrections applied, and JSON Lines export → import lossless."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.interchange.export import Selection
from store.interchange.writers import write_csv, write_jsonl, write_plover
from store.jsonl import read_lines
from store.root import open_store
from tests.conftest import SEED


def export(store, writer=write_csv, **selection) -> str:
    buffer = io.BytesIO()
    writer(store.app, Selection(**selection), buffer)
    return buffer.getvalue().decode()


def keys(store, **selection) -> set[str]:
    return {row["key"] for row in csv.DictReader(io.StringIO(export(store, **selection)))}


def test_type_actor_topic_and_occurred_range_filter_the_export(seeded):
    assert keys(seeded, types={"ClaimDenied"}) == {"2024-04-03-france-denies-ready-to-dialogue",
                                                   "2024-04-03-france-sees-no-ukraine-link"}
    assert "2024-04-03-lecornu-shoigu-call" in keys(seeded, actor="sergei-shoigu")
    assert keys(seeded, topic="olympic-games") == {"2024-03-24-vigipirate-maximum"}
    march = keys(seeded, occurred_from="2024-03-22", occurred_to="2024-03-22")
    assert march == {"2024-03-22-crocus-city-hall-attack", "2024-03-22-is-claims-crocus-attack"}


def test_the_clocks_cut_by_occurred_reported_and_recorded(seeded):
    assert "2024-04-03-lecornu-shoigu-call" not in keys(seeded, at="2024-04-02")
    assert "2024-04-03-lecornu-shoigu-call" in keys(seeded, at="2024-04-03")
    # occurred in March 2024 but only reported on 3 April
    assert "2024-03-russian-information-attacks-on-france" not in keys(seeded, known_at="2024-03-31")
    assert "2024-03-russian-information-attacks-on-france" in keys(seeded, known_at="2024-04-03")
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    assert keys(seeded, recorded_at=yesterday) == set()


def test_corrections_apply_and_retracted_occurrences_leave_row_exports(seeded):
    seeded.append_objects([
        {"type": "Corrected", "target": "2024-03-23-crocus-toll-133", "changes": {"killed": 137},
         "reason": "typo"},
        {"type": "Retracted", "target": "2024-03-us-warns-russia", "reason": "duplicate"},
    ])
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(export(seeded)))}
    assert rows["2024-03-23-crocus-toll-133"]["killed"] == "137"
    assert "2024-03-us-warns-russia" not in rows
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat()
    lines = export(seeded, write_jsonl, recorded_at=yesterday)
    assert "Corrected" not in lines


def test_plover_export_names_actors_and_codes(seeded):
    records = [orjson.loads(line) for line in filter(None, export(seeded, write_plover).split("\n"))]
    call = next(r for r in records if r["id"] == "2024-04-03-lecornu-shoigu-call")
    assert (call["event"], call["mode"], call["cameo"]) == ("CONSULT", "phone", "041")
    assert call["source"][0]["actorText"] == "Sébastien Lecornu"
    assert call["geoevents"]["type"] == "ContactMade"


def test_the_sides_of_a_coded_row_are_a_contacts_participants_and_an_attacks_perpetrators(seeded):
    """Who asked for a call (Paris) is not its target; every perpetrator of an attack is a source, none a victim."""
    seeded.append_objects([{"type": "AttackOccurred", "key": "two-perpetrators", "occurred": "2024-03-22",
                            "place": "Krasnogorsk", "perpetrators": [{"actor": "islamic-state", "status": "claimed"},
                                                                     {"actor": "ukr", "status": "alleged"}]}])
    records = {r["id"]: r for r in map(orjson.loads, filter(None, export(seeded, write_plover).split("\n")))}
    call = records["2024-04-03-lecornu-shoigu-call"]
    assert [a["code"] for a in call["source"]] == ["sebastien-lecornu"]
    assert [a["code"] for a in call["target"]] == ["sergei-shoigu"]
    attack = records["two-perpetrators"]
    assert [a["code"] for a in attack["source"]] == ["islamic-state", "ukr"] and "target" not in attack
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(export(seeded)))}
    assert (rows["two-perpetrators"]["source"], rows["two-perpetrators"]["target"]) == ("islamic-state;ukr", "")
    assert rows["2024-04-03-lecornu-shoigu-call"]["target"] == "sergei-shoigu"


def _rows(text: str) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "recorded"} for row in csv.DictReader(io.StringIO(text))]


def _comparable(text: str) -> list[dict]:
    out = []
    for line in filter(None, text.split("\n")):
        obj = orjson.loads(line)
        obj.pop("recorded", None)
        out.append(obj)
    return out


occurrence = st.fixed_dictionaries({
    "type": st.sampled_from(["ContactMade", "CodedEvent", "AttackOccurred"]),
    "occurred": st.dates(min_value=datetime(1990, 1, 1).date(), max_value=datetime(2030, 1, 1).date())
    .map(lambda d: d.isoformat()),
    "keyed": st.booleans(),
    "actors": st.lists(st.sampled_from(["rus", "fra", "Shoigu", "Kyiv", "Q30"]), min_size=2, max_size=2,
                       unique=True),
    "text": st.text(min_size=1, max_size=20).filter(str.strip),
    "correct": st.sampled_from([None, "correct", "retract"]),
    "dates": st.lists(st.tuples(st.sampled_from(["2000", "2001"]), st.sampled_from([None, "a", "b"])), max_size=3),
})


def _objects(specs: list[dict]) -> list[dict]:
    objects = []
    for i, spec in enumerate(specs):
        base = {"type": spec["type"], "occurred": spec["occurred"]}
        if spec["keyed"]:
            base["key"] = f"k{i}"
        if spec["type"] == "ContactMade":
            base.update(participants=spec["actors"], mode="phone", summary=spec["text"])
        elif spec["type"] == "CodedEvent":
            base.update(source=spec["actors"][0], target=spec["actors"][1], cameo="010", text=spec["text"])
        else:
            base.update(place=spec["text"], perpetrators=[{"actor": spec["actors"][0], "status": "claimed"}])
        objects.append(base)
    return objects


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(occurrence, min_size=1, max_size=6))
def test_jsonl_export_then_import_into_an_empty_store_reproduces_the_same_events(tmp_path_factory, specs):
    folder = tmp_path_factory.mktemp("roundtrip")
    with open_store(store=str(folder / "a.db")) as a, open_store(store=str(folder / "b.db")) as b:
        with SEED.open("rb") as f:
            a.appender.append(read_lines(f))
        result = a.append_objects(_objects(specs), collect_ids=True)
        fixes = []
        for spec, stream in zip(specs, result.ids):
            if spec["correct"] == "correct":  # a date may be set again, with a key or not
                for date, key in [("2000", None), *spec["dates"]]:
                    fixes.append({"type": "Corrected", "target": stream, "changes": {"occurred": date},
                                  "reason": "wrong date", **({"key": f"{key}{date}"} if key else {})})
            elif spec["correct"] == "retract":
                fixes.append({"type": "Retracted", "target": stream, "reason": "false"})
        if fixes:
            a.append_objects(fixes)
        exported = export(a, write_jsonl)
        b.appender.append(read_lines(exported.encode().splitlines()))
        assert _comparable(export(b, write_jsonl)) == _comparable(exported)
        assert _rows(export(b)) == _rows(export(a))


@pytest.mark.parametrize("writer", [write_csv, write_plover, write_jsonl])
def test_an_empty_store_exports_nothing_but_a_csv_header(store, writer):
    text = export(store, writer)
    assert text.count("\n") == (1 if writer is write_csv else 0)


def test_jsonl_export_keeps_corrections_at_their_place_in_the_log(tmp_path):
    """A correction may name an actor registered, or an occurrence recorded, after the occurrence it corrects:
    the export writes it where it stands in the log, so appending the file back still finds what it names."""
    lines = [
        {"type": "AttackOccurred", "key": "att1", "occurred": "2024-03-22", "place": "Moscow"},
        {"type": "AccusationMade", "key": "acc1", "occurred": "2024-03-23", "accuser": "rus", "accused": "ukr",
         "topic": "moscow-attack"},
        {"type": "ActorRegistered", "key": "isk", "name": "Islamic State Khorasan", "kind": "group"},
        {"type": "AttackOccurred", "key": "att2", "occurred": "2024-03-22", "place": "Krasnogorsk"},
        {"type": "Corrected", "target": "att1", "changes": {"perpetrators": [{"actor": "isk", "status": "claimed"}]},
         "reason": "claimed"},
        {"type": "Corrected", "target": "acc1", "changes": {"about": "att2"}, "reason": "which attack"},
    ]
    with open_store(store=str(tmp_path / "a.db")) as a, open_store(store=str(tmp_path / "b.db")) as b:
        with SEED.open("rb") as f:
            a.appender.append(read_lines(f))
        assert a.append_objects(lines).appended == len(lines)
        exported = export(a, write_jsonl)
        result = b.appender.append(read_lines(exported.encode().splitlines()))
        assert result.rejected == []
        assert _comparable(export(b, write_jsonl)) == _comparable(exported)
        assert _rows(export(b)) == _rows(export(a))


def test_csv_cells_keep_a_semicolon_inside_a_topic_and_never_start_like_a_formula(store):
    store.append_objects([
        {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
        {"type": "AttackOccurred", "key": "-att", "occurred": "2024-03-22", "place": "@Krasnogorsk",
         "topics": ["terror;ism", "back\\slash", "moscow"], "summary": "=HYPERLINK(\"http://x\")",
         "perpetrators": [{"actor": "rus", "status": "alleged"}]}])
    [row] = csv.DictReader(io.StringIO(export(store)))
    assert row["topics"] == "terror\\;ism;back\\\\slash;moscow"
    assert row["place"] == "'@Krasnogorsk" and row["summary"] == "'=HYPERLINK(\"http://x\")"
    assert row["key"] == "'-att"  # one `'` off a cell that starts with one gives the value back
    assert row["source"] == "rus" and row["occurred"] == "2024-03-22"


def test_a_known_at_export_leaves_out_a_path_into_what_only_a_later_public_correction_made(tmp_path):
    """A path correction public on 2024-03-01 into the provenance a correction public only on 2024-06-01 added
    changes nothing as known on 2024-04-01; an export at that clock wrote it, and appending the file failed."""
    provenance = {"dataset": "icews", "record_id": "1", "row": {"Publisher": "AFP"}}
    lines = [
        {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
        {"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"},
        {"type": "CodedEvent", "key": "c", "occurred": "2024-01-01", "reported": "2024-01-01", "source": "rus",
         "target": "fra", "cameo": "040", "text": "coded"},
        {"type": "Corrected", "target": "c", "changes": {"provenance": provenance}, "reason": "imported",
         "reported": "2024-06-01"},
        {"type": "Corrected", "target": "c", "changes": {"provenance.row.Publisher": "Reuters"}, "reason": "typo",
         "reported": "2024-03-01"},
        {"type": "Corrected", "target": "c", "changes": {"provenance.row.Publisher": "AP", "text": "coded again"},
         "reason": "typo", "reported": "2024-03-02"},
    ]
    with open_store(store=str(tmp_path / "a.db")) as a, open_store(store=str(tmp_path / "b.db")) as b:
        assert a.append_objects(lines).appended == len(lines)
        exported = export(a, write_jsonl, known_at="2024-04-01")
        written = [orjson.loads(line) for line in exported.splitlines()]
        assert [w["changes"] for w in written if w["type"] == "Corrected"] == [{"text": "coded again"}]
        assert b.appender.append(read_lines(exported.encode().splitlines())).rejected == []
        assert _rows(export(b, known_at="2024-04-01")) == _rows(export(a, known_at="2024-04-01"))
        assert _rows(export(b))[0]["summary"] == "coded again"


def test_a_csv_cell_that_starts_with_a_quote_gets_one_more(store):
    store.append_objects([{"type": "AttackOccurred", "key": "a", "occurred": "2024-03-22", "place": "'s-Hertogenbosch"}])
    [row] = csv.DictReader(io.StringIO(export(store)))
    assert row["place"] == "''s-Hertogenbosch"
