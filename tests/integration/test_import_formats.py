"""Importing PLOVER, GDELT and ACLED: identity, clocks, codes and actors per format."""

from __future__ import annotations

import io

import orjson
import pytest

from domain.actors import ActorRegistered
from domain.catalogue import OccurrenceRecorded
from store.interchange.formats import import_stream
from store.interchange.gdelt import COLUMNS
from store.interchange.writers import write_plover
from store.reading import events
from store.root import open_store
from store.settings import Settings
from tests.integration.test_export import export
from tests.integration.test_import_icews import FIXTURES, occurrences, run


def test_plover_records_map_by_type_and_mode_and_resolve_wikidata_names_and_codes(seeded):
    summary = run(seeded, "plover.jsonl", "plover")
    assert summary.rows == summary.imported + summary.duplicates + len(summary.rejected) == 12
    stored = occurrences(seeded)
    call = stored["plover:pl-0001"]
    assert (type(call).__name__, call.mode, call.participants) == \
        ("ContactMade", "phone", ["sebastien-lecornu", "sergei-shoigu"])
    assert call.reported == "2024-04-03" and call.topics == ["counter-terrorism"]
    arrests = stored["plover:pl-0002"]
    assert (type(arrests).__name__, arrests.count, arrests.authority) == ("ArrestsMade", 12, "rus")
    attack = stored["plover:pl-0003"]
    assert (attack.killed, attack.injured, attack.place) == (144, 360, "Crocus City Hall, Krasnogorsk")
    assert stored["plover:pl-0004"].domain == "intelligence"
    assert type(stored["plover:pl-0005"]).__name__ == "CodedEvent"
    assert type(stored["plover:pl-0006"]).__name__ == "CodedEvent"
    assert type(stored["plover:pl-0007"]).__name__ == "AgreementSigned"
    reasons = [r.reason for r in summary.rejected]
    assert any("Unknown Envoy" in r for r in reasons) and any("needs an id" in r for r in reasons)
    assert any("not JSON" in r for r in reasons) and any("JSON object" in r for r in reasons)


def test_plover_registration_keeps_the_wikidata_id(store):
    run(store, "plover.jsonl", "plover", register_actors=True)
    registered = {e.name: e for _, e in events(store.app) if isinstance(e, ActorRegistered)}
    assert registered["Sergei Shoigu"].wikidata == "Q168498"
    assert registered["France"].wikidata == "Q142" and registered["France"].key == "fra"


def test_gdelt_rows_take_the_date_added_as_reported_and_qualify_generic_roles(seeded):
    summary = run(seeded, "gdelt.tab", "gdelt", register_actors=True)
    assert (summary.rows, summary.imported, len(summary.rejected)) == (5, 4, 1)
    stored = occurrences(seeded)
    call = stored["gdelt:1100000001"]
    assert call.participants == ["fra", "rus"] and call.reported == "2024-04-03T15:15:00+00:00"
    assert call.sources[0].publisher == "example.org"
    arrest = stored["gdelt:1100000002"]
    assert (type(arrest).__name__, arrest.source, arrest.target) == ("CodedEvent", "police-russia", "tjk")
    assert stored["gdelt:1100000003"].perpetrators == []


def test_acled_rows_map_through_plover_and_a_revised_event_is_a_key_conflict(seeded):
    summary = run(seeded, "acled.csv", "acled", register_actors=True)
    assert (summary.rows, summary.imported, len(summary.rejected)) == (6, 4, 2)
    stored = occurrences(seeded)
    strike = stored["acled:UKR1001"]
    assert (type(strike).__name__, strike.killed) == ("AttackOccurred", 2)
    assert strike.reported == "2024-03-25T00:00:00+00:00"
    assert stored["acled:RUS2001"].occurred == "2024-03-23"
    assert type(stored["acled:FRA3001"]).__name__ == "AgreementSigned"
    assert stored["acled:RUS2002"].plover == "PROTEST"
    assert {r.field for r in summary.rejected} == {"event_id_cnty"}  # a revised event, and one without an id
    registered = {e.key: e for _, e in events(seeded.app) if isinstance(e, ActorRegistered)}
    assert registered["military-forces-of-russia-2000"].part_of is None


def test_out_of_range_numbers_and_odd_sectors_are_rejected_or_ignored_never_a_crash(seeded):
    """Values a parser turns into infinities or impossible dates, and counts that are not whole numbers, end as a
    rejection naming the field (left out, the row would lose them silently); sectors that are not text are left
    out. The import goes on and its counts add up."""
    import csv
    import io

    from store.interchange.formats import import_stream

    with (FIXTURES / "acled.csv").open(newline="") as f:
        reader = csv.DictReader(f)
        columns, first = reader.fieldnames, next(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for event_id, changes in (("X1", {"timestamp": "99999999999999"}), ("X2", {"fatalities": "inf"}),
                              ("X3", {"fatalities": "nan"}), ("X4", {"fatalities": "12.5"}),
                              ("X5", {"fatalities": "-3"}), ("X6", {"fatalities": "7.0"})):
        writer.writerow({**first, "event_id_cnty": event_id, **changes})
    acled = out.getvalue().encode()
    summary = import_stream(seeded, "acled", io.BytesIO(acled), register_actors=True)
    assert (summary.rows, summary.imported, summary.rejected_count) == (6, 2, 4)
    assert [(r.field, "past any date" in r.reason or "is not a count" in r.reason) for r in summary.rejected] == \
        [("timestamp", True)] + [("fatalities", True)] * 3
    assert {e.key: e.killed for e in occurrences(seeded).values() if e.key.startswith("acled:X")} == \
        {"acled:X3": None, "acled:X6": 7}  # "nan" is one of the cells that mean "no value", as "NA" is
    plover = b"\n".join([
        b'{"id": "s1", "date": "2024-04-03", "event": "ASSAULT", "dead": "inf", "source": "Russia", "target": "France"}',
        b'{"id": "s2", "date": "2024-04-03", "event": "CONSULT", "source": {"actorText": "Foo Bar", "sector": [1]},'
        b' "target": "France"}',
        b'{"id": "s3", "date": "2024-04-03", "event": "CONSULT", "source": {"actorText": "Baz Qux", '
        b'"sector": [["gov"], null, "GOV"]}, "target": "France"}',
        b'{"id": "s4", "date": "2024-04-03", "event": "ASSAULT", "injured": true, "source": "Russia"}',
        b'{"id": "s5", "date": "2024-04-03", "event": "ASSAULT", "dead": [3], "source": "Russia"}',
        b'{"id": "s6", "date": "2024-04-03", "event": "ASSAULT", "dead": null, "injured": 4, "source": "Russia"}',
    ])
    summary = import_stream(seeded, "plover", io.BytesIO(plover), register_actors=True)
    assert summary.rows == summary.imported + summary.duplicates + summary.rejected_count == 6
    assert [(r.line, r.field, r.reason) for r in summary.rejected] == [
        (1, "dead", "dead 'inf' is not a count (a whole number, 0 or more)"),
        (4, "injured", "injured 'true' is not a count (a whole number, 0 or more)"),
        (5, "dead", "dead '[3]' is not a count (a whole number, 0 or more)")]


def test_a_registered_key_never_says_less_than_the_name_it_comes_from(store):
    """"Полиция (Russia)" slugs to `russia`: registered under that key, it claimed the name "russia", and a later
    row's "Russia" resolved to the police rather than the state."""
    import io

    from store.interchange.formats import import_stream

    plover = b"\n".join([
        '{"id": "r1", "date": "2024-04-03", "event": "CONSULT", "source": "Полиция (Russia)", "target": "France"}'
        .encode(),
        b'{"id": "r2", "date": "2024-04-03", "event": "CONSULT", "source": "Russia", "target": "France"}',
    ])
    summary = import_stream(store, "plover", io.BytesIO(plover), register_actors=True)
    assert (summary.imported, summary.rejected_count) == (2, 0)
    registered = {e.name: e for _, e in events(store.app) if isinstance(e, ActorRegistered)}
    police = registered["Полиция (Russia)"]
    assert police.key != "russia" and police.key.startswith("russia-")
    stored = occurrences(store)
    assert stored["plover:r2"].participants[0] == registered["Russia"].key != police.key


def test_a_rejection_names_the_column_of_the_file_not_the_field_it_maps_onto(seeded):
    """A value that the append refuses is named as the file names it: PLOVER's `date` and `dead`, not the
    native `occurred` and `killed`; an actor that cannot be had is named by its column."""
    import io

    from store.interchange.formats import import_stream

    plover = b"\n".join([
        b'{"id": "c1", "date": "2024-13-01", "event": "CONSULT", "source": "Russia", "target": "France"}',
        b'{"id": "c2", "date": "2024-04-03", "publicationDate": "2024-02-30", "event": "CONSULT",'
        b' "source": "Russia", "target": "France"}',
        b'{"id": "c3", "date": "2024-04-03", "event": "CONSULT", "source": "Nobody Known", "target": "France"}',
    ])
    summary = import_stream(seeded, "plover", io.BytesIO(plover))
    assert [(r.line, r.field) for r in summary.rejected] == [(1, "date"), (2, "publicationDate/dateAdded"),
                                                             (3, "source/actor")]
    assert "month must be in 1..12" in summary.rejected[0].reason


def test_a_native_field_is_named_by_the_column_of_its_longest_known_prefix():
    from store.interchange import gdelt, icews
    from store.interchange.records import upstream_field

    assert upstream_field("occurred", icews.FIELD_COLUMNS) == "Event Date"
    assert upstream_field("participants.1", icews.FIELD_COLUMNS) == "Target Name"
    assert upstream_field("perpetrators.0.actor", gdelt.FIELD_COLUMNS) == "Actor1Name"
    assert upstream_field("sources.0.url", gdelt.FIELD_COLUMNS) == "SOURCEURL"
    assert upstream_field("provenance.row", icews.FIELD_COLUMNS) == "provenance.row"
    assert upstream_field(None, icews.FIELD_COLUMNS) is None


def test_a_file_whose_header_lacks_the_formats_columns_is_refused_before_anything_is_stored(store):
    """Checked on the header itself: a garbage first line matched no data row's width, so rows were only rejected."""
    import io

    import pytest

    from domain.errors import InvalidInput
    from store.interchange.formats import import_stream

    rows = (FIXTURES / "icews_awkward.tab").read_bytes().split(b"\n", 1)[1]
    acled_rows = (FIXTURES / "acled.csv").read_bytes().split(b"\n", 1)[1]
    for fmt, data in (("icews", b"\x8f\x02garbage\twith\ta tab\n" + rows), ("icews", b"Event ID\tDate\n" + rows),
                      ("acled", b"event_id_cnty,when\n" + acled_rows)):
        with pytest.raises(InvalidInput) as caught:
            import_stream(store, fmt, io.BytesIO(data), register_actors=True)
        assert "not this format: missing columns" in caught.value.reason and caught.value.line == 1
        assert sum(1 for _ in events(store.app)) == 0


def test_our_own_plover_export_imported_back_adds_nothing_and_into_another_store_keeps_keys_and_types(seeded, tmp_path):
    """Our export's `geoevents` extension names the occurrence: back in its store it is a duplicate whatever PLOVER
    kept of it; in another store it keeps its key (or id) and a CodedEvent stays one, so the way back adds nothing."""
    seeded.append_objects([
        {"type": "CodedEvent", "key": "coded-accusation", "occurred": "2024-05-02", "source": "rus",
         "target": "fra", "cameo": "111", "text": "criticise"},
        {"type": "AttackOccurred", "occurred": "2024-05-03", "place": "Kharkiv"}])
    exported = export(seeded, write_plover).encode()
    again = import_stream(seeded, "plover", io.BytesIO(exported))
    assert (again.imported, again.rejected_count) == (0, 0) and again.duplicates == again.rows > 2
    with open_store(Settings(store=str(tmp_path / "other.db"))) as other:
        first = import_stream(other, "plover", io.BytesIO(exported), register_actors=True)
        assert (first.imported, first.rejected_count) == (first.rows, 0)
        copied = {e.key or str(e.originator_id): type(e).__name__ for _, e in events(other.app)
                  if isinstance(e, OccurrenceRecorded)}
        assert copied["coded-accusation"] == "CodedEvent"
        keyless = next(r for r in map(orjson.loads, exported.splitlines()) if r["geoevents"]["type"] == "AttackOccurred"
                       and r["id"] == r["geoevents"]["id"])
        assert copied[keyless["id"]] == "AttackOccurred"
        back = export(other, write_plover).encode()
    home = import_stream(seeded, "plover", io.BytesIO(back))
    assert (home.imported, home.duplicates) == (0, home.rows)


def test_plover_na_markers_are_missing_values_and_a_byte_order_mark_is_skipped(seeded, tmp_path):
    """R's JSON writers put "NA" for a missing string; a BOM and CRLF come from Windows tools."""
    lines = [{"id": "n1", "date": "2024-03-22", "event": "CONSULT", "source": "Russia", "target": "NA",
              "location": "NA", "context": "N/A", "publication": "NULL"},
             {"id": "n2", "date": "2024-03-22", "event": "ASSAULT", "source": "Russia", "location": "Kyiv",
              "dead": "NA"},
             {"id": "n3", "date": "2024-03-22", "event": "PROTEST", "source": "Russia", "publicationDate": "NA"}]
    data = b"\xef\xbb\xbf" + b"\r\n".join(orjson.dumps(line) for line in lines) + b"\r\n"
    (tmp_path / "n.jsonl").write_bytes(data)
    with (tmp_path / "n.jsonl").open("rb") as file:  # a file can be peeked at; a BytesIO is sought back
        summary = import_stream(seeded, "plover", file)
    assert (summary.imported, summary.rejected_count, summary.actors_registered) == (3, 0, 0)
    stored = occurrences(seeded)
    contact = stored["plover:n1"]
    assert type(contact).__name__ == "CodedEvent" and contact.target is None and not contact.topics
    assert not contact.sources and stored["plover:n2"].killed is None and stored["plover:n3"].reported is None
    again = import_stream(seeded, "plover", io.BytesIO(data))
    assert again.duplicates == 3


def test_a_gdelt_person_coded_by_role_is_the_registered_person_and_a_role_stays_its_countrys(seeded):
    """`VLADIMIR PUTIN` coded RUSGOV was looked up only as `Vladimir Putin (Russia)`; a `Police` registered
    somewhere must not take Ukraine's police."""
    from store.interchange.gdelt import COLUMNS

    seeded.append_objects([
        {"type": "ActorRegistered", "key": "putin", "name": "Vladimir Putin", "kind": "person"},
        {"type": "ActorRegistered", "key": "police", "name": "Police", "kind": "organisation"},
        {"type": "ActorRegistered", "key": "police-ukraine", "name": "Police (Ukraine)", "kind": "organisation"}])
    row = dict.fromkeys(COLUMNS, "") | {
        "GLOBALEVENTID": "1", "SQLDATE": "20240401", "Actor1Code": "RUSGOV", "Actor1Name": "VLADIMIR PUTIN",
        "Actor1CountryCode": "RUS", "Actor1Type1Code": "GOV", "Actor2Code": "UKRCOP", "Actor2Name": "POLICE",
        "Actor2CountryCode": "UKR", "Actor2Type1Code": "COP", "EventCode": "042", "EventBaseCode": "042",
        "EventRootCode": "04", "DATEADDED": "20240401120000"}
    summary = import_stream(seeded, "gdelt", io.BytesIO("\t".join(row[c] for c in COLUMNS).encode() + b"\n"))
    assert (summary.imported, summary.rejected_count) == (1, 0)
    assert occurrences(seeded)["gdelt:1"].participants == ["putin", "police-ukraine"]


def test_a_file_of_another_format_read_as_gdelt_is_refused_whole(store):
    import pytest

    from domain.errors import InvalidInput

    icews = (FIXTURES / "icews_awkward.tab").read_bytes()
    with pytest.raises(InvalidInput, match="not a GDELT events file"):
        import_stream(store, "gdelt", io.BytesIO(icews))
    assert not occurrences(store)


def test_a_plover_record_of_ours_whose_key_names_another_occurrence_here_is_a_conflict_not_a_duplicate(seeded,
                                                                                                        tmp_path):
    """Same key, other date: not the record the export named, so it is reported, never silently dropped."""
    record = next(r for r in map(orjson.loads, export(seeded, write_plover).encode().splitlines())
                  if r["id"] == "2024-04-03-lecornu-shoigu-call")
    with open_store(Settings(store=str(tmp_path / "other.db"))) as other:
        other.append_objects([{"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
                              {"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"},
                              {"type": "ContactMade", "key": "2024-04-03-lecornu-shoigu-call", "occurred": "2023-01-01",
                               "participants": ["rus", "fra"], "mode": "visit"}])
        summary = import_stream(other, "plover", io.BytesIO(orjson.dumps(record)), register_actors=True)
    assert (summary.imported, summary.duplicates, summary.rejected_count) == (0, 0, 1)
    assert "already stored with different content" in summary.rejected[0].reason


ICEWS_HEADER = ("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\t"
                "Target Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\t"
                "Province\tCountry\tLatitude\tLongitude\n")
BLOCKADE = "9001\t2018-06-01\tRussia\t\tRussia\tImpose blockade\t191\t-9\tUkraine\t\tUkraine\t1\t1\tTASS\tKerch\t\t\tUkraine\t45.3\t36.4\n"


def test_a_row_stored_by_an_earlier_mapping_is_a_duplicate_and_another_row_under_its_key_a_conflict(store):
    """An earlier version stored CAMEO 191 (a blockade) as an attack; the same row imported now maps to a CodedEvent,
    yet re-importing a file adds nothing: the stored occurrence came from this very row. A row whose cells differ
    under the same key is still a key conflict, reported."""
    data = (ICEWS_HEADER + BLOCKADE).encode()
    row = dict(zip(ICEWS_HEADER.rstrip("\n").split("\t"), BLOCKADE.rstrip("\n").split("\t")))
    store.append_objects([{"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
                          {"type": "ActorRegistered", "key": "ukr", "name": "Ukraine", "kind": "state"},
                          {"type": "AttackOccurred", "key": "icews:9001:2018-06-01", "occurred": "2018-06-01",
                           "place": "Kerch, Ukraine", "perpetrators": [{"actor": "rus", "status": "alleged"}],
                           "provenance": {"dataset": "icews", "record_id": "9001", "row": row}}])
    again = import_stream(store, "icews", io.BytesIO(data))
    assert (again.imported, again.duplicates, again.rejected_count) == (0, 1, 0)
    revised = import_stream(store, "icews", io.BytesIO(data.replace(b"\tTASS\t", b"\tAFP\t")))
    assert (revised.imported, revised.duplicates, revised.rejected_count) == (0, 0, 1)
    assert "different content" in revised.rejected[0].reason
    assert type(occurrences(store)["icews:9001:2018-06-01"]).__name__ == "AttackOccurred"


def test_plover_records_in_the_manuals_layout_keep_their_type_place_text_and_every_party(seeded):
    """The PLOVER manual writes `event` and `mode` as lists, the place as `event_loc` (`eventLoc` before) and the
    text as `event_text`, and lists every party of a reciprocal event: each is read, none dropped."""
    records = [
        {"id": "m-1", "date": "2024-03-22", "event": "ASSAULT", "mode": ["explosion"], "dead": 12, "injured": 30,
         "eventLoc": {"name": "Aleppo"}, "source": [{"actorText": "Russia"}, {"actorText": "Syria"}]},
        {"id": "m-2", "date": "2024-04-03", "event": ["CONSULT"], "mode": ["visit"], "event_text": ["They met."],
         "event_loc": [{"name": "Paris"}], "source": [{"actorText": "France"}],
         "recipient": [{"actorText": "Russia"}, {"actorText": "Ukraine"}]},
        {"id": "m-3", "date": "2024-04-04", "event": "CONSULT", "mode": ["phone"],
         "source": [{"actorText": "France"}, {"actorText": "Russia"}]},
    ]
    data = b"".join(orjson.dumps(r) + b"\r\n" for r in records)
    summary = import_stream(seeded, "plover", io.BytesIO(data), register_actors=True)
    assert (summary.imported, summary.rejected_count) == (3, 0)
    stored = occurrences(seeded)
    attack = stored["plover:m-1"]
    assert (type(attack).__name__, attack.place, attack.killed, attack.injured) == ("AttackOccurred", "Aleppo", 12, 30)
    assert [p.actor for p in attack.perpetrators] == ["rus", "syr"]
    visit = stored["plover:m-2"]
    assert (type(visit).__name__, visit.mode, visit.location, visit.summary) == ("ContactMade", "visit", "Paris",
                                                                                 "They met.")
    assert visit.participants == ["fra", "rus", "ukr"]
    call = stored["plover:m-3"]
    assert (call.mode, call.participants) == ("phone", ["fra", "rus"])


def test_every_party_survives_our_plover_export_into_another_store(seeded, tmp_path):
    seeded.append_objects([
        {"type": "AttackOccurred", "key": "two-perpetrators", "occurred": "2024-05-03", "place": "Sanaa",
         "perpetrators": [{"actor": "usa", "status": "alleged"}, {"actor": "fra", "status": "alleged"}]},
        {"type": "ContactMade", "key": "three-way", "occurred": "2024-05-04", "mode": "multilateral",
         "participants": ["usa", "ukr", "fra"]}])
    exported = export(seeded, write_plover).encode()
    with open_store(Settings(store=str(tmp_path / "other.db"))) as other:
        assert import_stream(other, "plover", io.BytesIO(exported), register_actors=True).rejected_count == 0
        copied = {e.key: e for _, e in events(other.app) if isinstance(e, OccurrenceRecorded)}
    assert [p.actor for p in copied["two-perpetrators"].perpetrators] == ["usa", "fra"]
    assert copied["three-way"].participants == ["usa", "ukr", "fra"]


ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
                "fatalities,tags,timestamp\n")


def test_acled_battles_have_both_actors_as_perpetrators_and_dates_and_sources_come_in_the_codebooks_forms(store):
    """ACLED's two actors of a battle have no direction (either may have attacked); its codebook gives dates as
    dd-mm-yyyy; `source` lists several publishers separated by `;`."""
    rows = [
        'UKR9001,22-03-2024,2024,1,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),,'
        '8,Military Forces of Ukraine (2019-),,1,18,,804,Europe,Ukraine,Donetsk,Bakhmutskyi,,Bakhmut,48.6,38.0,1,'
        'Ukrinform; Ukrainska Pravda,National,Clashes near Bakhmut.,3,,1711324800\n',
        'UKR9002,23 Mar 2024,2024,1,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),,'
        '8,,,0,80,,804,Europe,Ukraine,Donetsk,,,Avdiivka,48.1,37.7,1,Ukrinform,National,Shelling.,0,,1711324800\n',
        'UKR9003,3/22/2024,2024,1,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),,'
        '8,,,0,80,,804,Europe,Ukraine,Donetsk,,,Avdiivka,48.1,37.7,1,Ukrinform,National,Shelling.,0,,1711324800\n',
    ]
    summary = import_stream(store, "acled", io.BytesIO((ACLED_HEADER + "".join(rows)).encode()), register_actors=True)
    assert (summary.imported, [(r.line, r.field) for r in summary.rejected]) == (2, [(4, "event_date")])
    stored = occurrences(store)
    battle = stored["acled:UKR9001"]
    assert battle.occurred == "2024-03-22" and stored["acled:UKR9002"].occurred == "2024-03-23"
    assert [p.actor for p in battle.perpetrators] == ["military-forces-of-russia-2000", "military-forces-of-ukraine-2019"]
    assert [s.publisher for s in battle.sources] == ["Ukrinform", "Ukrainska Pravda"]


def gdelt_row(event_id: str, actor1: tuple[str, str, str], actor2: tuple[str, str, str], source_url: str,
              types1: tuple[str, ...] = ()) -> str:
    """A GDELT 2.0 row of a phone call (041): each actor as code, name, country code (and types for the first)."""
    cells = [event_id, "20240403", "202404", "2024", "2024.2521", *actor1, "", "", "", "", *types1,
             *[""] * (3 - len(types1)), *actor2, *[""] * 7, "1", "041", "041", "04", "1", "1.0", "2", "1", "2",
             "0.5", *[""] * 24, "20240403151500", source_url]
    return "\t".join(cells) + "\n"


def test_a_gdelt_source_that_is_no_link_is_a_publisher(seeded):
    row = gdelt_row("1200000001", ("FRA", "FRANCE", "FRA"), ("RUS", "RUSSIA", "RUS"), "BBC Monitoring")
    summary = import_stream(seeded, "gdelt", io.BytesIO(row.encode()))
    assert summary.imported == 1
    call = occurrences(seeded)["gdelt:1200000001"]
    assert [(s.publisher, s.url) for s in call.sources] == [("BBC Monitoring", None)]


def test_a_gdelt_actor_coded_by_its_country_alone_is_that_state_whatever_city_names_it(store):
    """GDELT's geographic match names a capital or city (`WASHINGTON`) under the country's code alone: the state,
    not an organisation named after the city."""
    rows = [gdelt_row("1200000002", ("USA", "WASHINGTON", "USA"), ("IRN", "TEHRAN", "IRN"), "https://example.org/a"),
            gdelt_row("1200000003", ("IRNCOP", "POLICE", "IRN"), ("IRN", "ISFAHAN", "IRN"), "https://example.org/b",
                      types1=("COP",))]
    summary = import_stream(store, "gdelt", io.BytesIO("".join(rows).encode()), register_actors=True)
    assert summary.imported == 2
    stored = occurrences(store)
    assert stored["gdelt:1200000002"].participants == ["usa", "irn"]
    assert stored["gdelt:1200000003"].participants == ["police-iran", "irn"]
    registered = {e.key for _, e in events(store.app) if isinstance(e, ActorRegistered)}
    assert registered == {"usa", "irn", "police-iran"}


def test_gdelt_1_files_of_58_and_57_columns_are_read_by_their_own_layout(store):
    """GDELT 1.0's daily files lack 2.0's three ADM2 columns and give DATEADDED as a day; its historical files
    (before April 2013) lack SOURCEURL too."""
    from store.interchange.gdelt import GDELT_1_COLUMNS, GDELT_1_HISTORICAL

    two = dict(zip(COLUMNS, gdelt_row("1", ("USA", "WASHINGTON", "USA"), ("IRN", "TEHRAN", "IRN"),
                                      "https://example.org/a").rstrip("\n").split("\t")))
    daily = {**two, "GLOBALEVENTID": "410000001", "ActionGeo_FullName": "Tehran, Iran", "DATEADDED": "20150601"}
    historical = {**daily, "GLOBALEVENTID": "1000001", "SQLDATE": "19790101"}
    files = {"20150601.export.CSV": "\t".join(daily[c] for c in GDELT_1_COLUMNS) + "\r\n",
             "1979.csv": "\t".join(historical[c] for c in GDELT_1_HISTORICAL) + "\n"}
    for name, text in files.items():
        summary = import_stream(store, "gdelt", io.BytesIO(text.encode()), register_actors=True)
        assert (summary.imported, summary.rejected) == (1, []), name
    stored = occurrences(store)
    daily_call = stored["gdelt:410000001"]
    assert (daily_call.occurred, daily_call.reported, daily_call.location) == ("2024-04-03", "2015-06-01",
                                                                              "Tehran, Iran")
    assert daily_call.sources[0].url == "https://example.org/a"
    old = stored["gdelt:1000001"]
    assert (old.occurred, old.sources, old.participants) == ("1979-01-01", [], ["usa", "irn"])


def test_a_tab_separated_file_read_as_plover_is_refused_whole(store):
    """POLECAT is published as tab-separated files, which --format plover does not read: refused before anything
    is stored, not rejected line by line under an exit code of 0."""
    from domain.errors import InvalidInput as Refused

    table = b"Event ID\tStory Date\tEvent Type\tMode\n1\t2023-01-01\tCONSULT\tvisit\n"
    with pytest.raises(Refused, match="not a PLOVER JSON Lines file.*tab-separated"):
        import_stream(store, "plover", io.BytesIO(table))


def test_a_plover_accusation_or_offer_from_several_sources_and_no_target_invents_no_accused(seeded):
    """PLOVER lists every party of a reciprocal event as a source, but an accusation's second source is no
    accused and an offer's no recipient: such a row keeps its codes as a CodedEvent."""
    records = [{"id": "acc-1", "date": "2024-05-01", "event": "ACCUSE", "context": "cyberattack",
                "source": [{"actorText": "United States"}, {"actorText": "France"}]},
               {"id": "agree-1", "date": "2024-05-01", "event": "AGREE", "context": "economic",
                "source": [{"actorText": "United States"}, {"actorText": "France"}]},
               {"id": "acc-2", "date": "2024-05-01", "event": "ACCUSE", "context": "cyberattack",
                "source": [{"actorText": "United States"}, {"actorText": "France"}], "target": "Russia"}]
    summary = import_stream(seeded, "plover", io.BytesIO(b"".join(orjson.dumps(r) + b"\n" for r in records)))
    assert (summary.imported, summary.rejected_count) == (3, 0)
    stored = occurrences(seeded)
    assert type(stored["plover:acc-1"]).__name__ == type(stored["plover:agree-1"]).__name__ == "CodedEvent"
    accusation = stored["plover:acc-2"]
    assert (type(accusation).__name__, accusation.accuser, accusation.accused) == ("AccusationMade", "usa", "rus")


def test_a_plover_file_whose_first_record_holds_a_tab_in_a_string_is_read_not_refused(store):
    first = b'{"id":"t1","date":"2024-05-01","event":"CONSULT","source":"France","target":"Russia","eventText":"a\tb"}'
    summary = import_stream(store, "plover", io.BytesIO(first + b"\n"), register_actors=True)
    assert summary.rows == 1 and summary.imported + summary.rejected_count == 1
