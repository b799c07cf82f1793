"""Importing ICEWS: mapping by code, actors resolved or registered, every row accounted for."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import orjson

from domain.actors import ActorRegistered
from domain.catalogue import OccurrenceRecorded
from store.interchange.formats import import_stream
from store.interchange.writers import write_plover
from store.reading import events
from tests.integration.test_export import export

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "interchange"
AWKWARD = FIXTURES / "icews_awkward.tab"


def run(store, name: str, fmt: str = "icews", **options):
    with (FIXTURES / name).open("rb") as f:
        return import_stream(store, fmt, f, **options)


def occurrences(store) -> dict[str, OccurrenceRecorded]:
    return {e.key: e for _, e in events(store.app) if isinstance(e, OccurrenceRecorded) and e.provenance}


def test_every_row_is_imported_a_duplicate_or_rejected_and_the_header_repeat_is_skipped(seeded):
    summary = run(seeded, "icews_awkward.tab", register_actors=True)
    assert summary.rows == summary.imported + summary.duplicates + len(summary.rejected) == 14
    assert summary.headers_skipped == 1
    reasons = {r.line: r.reason for r in summary.rejected}
    assert "Event ID" in reasons[15] and "12 fields" in reasons[16] and "impossible date" in reasons[17]
    assert {r.line: r.field for r in summary.rejected}[17] == "Event Date"  # the file's column, not `occurred`


def test_without_register_actors_unknown_actors_are_rejected_with_the_reason(seeded):
    summary = run(seeded, "icews_awkward.tab")
    unknown = [r for r in summary.rejected if "unknown actor" in r.reason]
    assert {r.field for r in unknown} == {"Source Name"}
    assert any("Foreign Affairs (Bangladesh)" in r.reason for r in unknown)
    assert summary.actors_registered == 0


def test_long_country_forms_and_accented_spellings_resolve_to_known_actors(seeded):
    run(seeded, "icews_awkward.tab")
    stored = occurrences(seeded)
    assert stored["icews:1001:2018-06-01"].participants == ["rus", "fra"]
    assert stored["icews:1001:2018-06-01"].location == "Moscow, Moskva, Russian Federation"  # the row's place
    assert stored["icews:1002:2018-06-01"].participants == ["sergei-shoigu", "fra-armed-forces-ministry"]


def test_codes_choose_the_type_and_rows_lacking_required_facts_stay_coded_events(seeded):
    run(seeded, "icews_awkward.tab", register_actors=True)
    stored = occurrences(seeded)
    kinds = {key.split(":")[1]: type(e).__name__ for key, e in stored.items()}
    assert kinds == {"1001": "ContactMade", "1002": "ContactMade", "1003": "ContactMade",
                     "1004": "CodedEvent", "1005": "AccusationMade", "1006": "CodedEvent",
                     "1007": "AgreementSigned", "1008": "AttackOccurred", "1009": "CooperationOffered",
                     "1010": "CodedEvent", "1011": "CodedEvent"}
    assert stored["icews:1004:2018-06-01"].cameo == "016"
    assert stored["icews:1006:2018-06-02"].plover == "COERCE"
    assert stored["icews:1009:2018-06-02"].domain == "intelligence"
    assert stored["icews:1002:2018-06-01"].mode == "visit"


def test_provenance_keeps_dataset_record_id_and_the_original_row(seeded):
    run(seeded, "icews_awkward.tab", register_actors=True)
    attack = occurrences(seeded)["icews:1008:2018-06-02"]
    assert attack.provenance.dataset == "icews" and attack.provenance.record_id == "1008"
    assert attack.provenance.row["CAMEO Code"] == "190" and attack.provenance.row["District"] == "NA"
    assert attack.occurred == "2018-06-02" and attack.reported is None
    assert attack.place == "Srinagar, Jammu and Kashmir, India"


def test_registered_actors_get_a_guessed_kind_and_belong_to_their_state(seeded):
    run(seeded, "icews_awkward.tab", register_actors=True)
    registered = {e.key: e for _, e in events(seeded.app) if isinstance(e, ActorRegistered)}
    assert registered["recep-tayyip-erdogan"].kind == "person"
    assert registered["recep-tayyip-erdogan"].name == "Recep Tayyip Erdoğan"
    assert registered["militant-india"].kind == "armed-group"
    assert (registered["police-india"].kind, registered["police-india"].part_of) == ("organisation", "ind")
    assert registered["jpn"].kind == "state" and registered["bgd"].kind == "state"


def test_reimporting_adds_nothing_and_an_overlapping_file_adds_only_new_rows(seeded):
    first = run(seeded, "icews_awkward.tab", register_actors=True)
    size = sum(1 for _ in events(seeded.app))
    again = run(seeded, "icews_awkward.tab", register_actors=True)
    assert again.imported == 0 and again.duplicates == first.imported + first.duplicates
    assert sum(1 for _ in events(seeded.app)) == size
    overlap = run(seeded, "icews_overlap.tab", register_actors=True)
    assert (overlap.imported, overlap.duplicates, len(overlap.rejected)) == (1, 1, 1)
    assert overlap.rejected[0].field == "Event ID" and "different content" in overlap.rejected[0].reason


def test_a_name_already_claimed_by_another_actor_is_resolved_not_registered_again(seeded):
    run(seeded, "icews_awkward.tab", register_actors=True)
    keys = Counter(e.key for _, e in events(seeded.app) if isinstance(e, ActorRegistered))
    assert max(keys.values()) == 1 and "russia" not in keys and "kremlin" not in keys


HEADER = "\t".join(["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
                    "Longitude"]).encode()


def icews_row(event_id: str, source: str, target: str = "France") -> bytes:
    cells = [event_id, "2018-06-01", source, "NA", "NA", "Consult", "040", "1", target, "NA", "France",
             "1", "1", "NA", "NA", "NA", "NA", "NA", "NA", "NA"]
    return "\t".join(cells).encode()


def test_a_row_that_is_not_utf8_is_rejected_and_the_file_goes_on(seeded):
    lines = [HEADER, icews_row("1", "Russia"), icews_row("2", "Russia").replace(b"Consult", b"Consult \xff"),
             icews_row("3", "Ukraine")]
    summary = import_stream(seeded, "icews", iter(line + b"\n" for line in lines))
    assert (summary.imported, [r.line for r in summary.rejected]) == (2, [3])
    assert "UTF-8" in summary.rejected[0].reason


def test_a_name_whose_derived_key_is_taken_gets_its_own_key_and_the_import_goes_on(seeded):
    seeded.append_objects([{"type": "ActorRegistered", "key": "nowak", "name": "Jan Nowak", "kind": "person"}])
    lines = [HEADER, icews_row("1", "Полиция Nowak"), icews_row("2", "Nowak")]
    summary = import_stream(seeded, "icews", iter(line + b"\n" for line in lines), register_actors=True)
    assert (summary.imported, summary.rejected, summary.actors_registered) == (2, [], 1)
    stored = occurrences(seeded)
    first, second = stored["icews:1:2018-06-01"].participants[0], stored["icews:2:2018-06-01"].participants[0]
    assert second == "nowak" and first.startswith("nowak-") and first != second


def test_a_short_first_row_is_rejected_alone_and_the_file_goes_on(store, tmp_path):
    header = (FIXTURES / "icews_awkward.tab").read_bytes().splitlines()[0]
    good = b"2\t2018-01-01\tFrance\tGovernment\tFrance\tMake statement\t010\t0\tRussia\t\tRussia\t1\t1\tAFP\t\t\t\tFrance\t0\t0"
    path = tmp_path / "short.tab"
    path.write_bytes(b"\n".join([header, b"1\t2018-01-01\tshort", b'3\t2018-01-02\t"stray quote', good]) + b"\n")
    with path.open("rb") as f:
        summary = import_stream(store, "icews", f, register_actors=True)
    assert (summary.rows, summary.imported, len(summary.rejected)) == (3, 1, 2)
    assert {r.line for r in summary.rejected} == {2, 3}


def test_a_registration_another_writer_made_first_is_used_and_no_row_is_refused_for_it(settings, monkeypatch):
    """Between resolving a batch and registering its unknown actors, another writer registers Russia and France
    under the keys the import planned, with other content: the import resolves again against the store and uses
    them, as if that writer had come first, rather than refusing every row naming them."""
    from store.interchange.actors import ActorResolver
    from store.root import open_store

    planned = ActorResolver.take_planned

    def another_writer_first(resolver):
        plan = planned(resolver)
        if any(p["key"] in ("rus", "fra") for p in plan):
            with open_store(settings) as other:
                other.append_objects([
                    {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state", "aliases": ["Moscow"]},
                    {"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"}])
        return plan

    monkeypatch.setattr(ActorResolver, "take_planned", another_writer_first)
    with open_store(settings) as store:
        summary = run(store, "icews_awkward.tab", register_actors=True)
        stored = occurrences(store)
        assert not any("could not be registered" in r.reason for r in summary.rejected), summary.rejected
        assert stored["icews:1001:2018-06-01"].participants == ["rus", "fra"]
        alone = {e.key: e for _, e in events(store.app) if isinstance(e, ActorRegistered)}
        assert alone["rus"].aliases == ["Moscow"]  # the other writer's registration, kept as it stored it


def test_imported_rows_of_one_date_between_the_same_participants_are_one_contact(store):
    """ICEWS codes one consultation as A→B and B→A, one visit as 042 and 043, and writes rows for every sentence
    and story that tells of it: `contacts` lists one contact per date and participants (the one-a-day rule), none
    beside a contact an analyst recorded, and every row stays stored with its provenance."""
    import io

    from projections.contacts import contacts
    from store.interchange.formats import import_stream
    from tests.integration.test_import_formats import ICEWS_HEADER

    def row(event_id: int, day: str, source: str, code: str, target: str, story: int, sentence: int) -> str:
        return (f"{event_id}\t2018-06-{day}\t{source}\t\t{source}\tConsult\t{code}\t1\t{target}\t\t{target}\t"
                f"{story}\t{sentence}\tTASS\tMoscow\t\t\tRussia\t55.7\t37.6\n")

    rows = [row(1, "01", "Russia", "040", "North Korea", 70, 2), row(2, "01", "North Korea", "040", "Russia", 70, 2),
            row(3, "01", "Russia", "042", "North Korea", 71, 1), row(4, "01", "North Korea", "043", "Russia", 71, 1),
            row(5, "01", "Russia", "040", "North Korea", 72, 3), row(6, "03", "Russia", "041", "North Korea", 73, 1),
            row(7, "05", "North Korea", "042", "Russia", 74, 1), row(8, "05", "Russia", "043", "North Korea", 74, 1),
            row(9, "05", "Russia", "040", "China", 75, 1)]
    summary = import_stream(store, "icews", io.BytesIO((ICEWS_HEADER + "".join(rows)).encode()),
                            register_actors=True)
    store.append_objects([{"type": "ContactMade", "key": "analyst-call", "occurred": "2018-06-05", "mode": "phone",
                           "participants": ["North Korea", "Russia"]}])
    assert (summary.imported, summary.rejected_count) == (9, 0)  # every row is kept, with its provenance
    found = contacts(store, between="Russia", and_="North Korea")
    assert [(c["occurred"], c["gap_days"]) for c in found["contacts"]] == [
        ("2018-06-01", None), ("2018-06-03", 2), ("2018-06-05", 2)]
    assert found["contacts"][0]["key"] == "icews:1:2018-06-01"  # the first in "latest" order stands for its date
    assert found["contacts"][1]["mode"] == "phone" and found["contacts"][2]["key"] == "analyst-call"
    assert contacts(store, between="Russia", and_="North Korea", mode="visit")["count"] == 2  # 042 rows, 1st and 5th
    assert contacts(store, between="Russia", and_="China")["count"] == 1
    store.append_objects([{"type": "ContactMade", "key": "analyst-visit", "occurred": "2018-06-03T09:00:00+09:00",
                           "mode": "visit", "participants": ["Russia", "North Korea"]}])  # the date of the 3rd
    third = [c for c in contacts(store, between="Russia", and_="North Korea")["contacts"]
             if c["occurred"].startswith("2018-06-03")]
    assert [c["key"] for c in third] == ["analyst-visit"]


def test_our_own_plover_export_read_into_another_store_keeps_an_analysts_contacts_apart(seeded, tmp_path):
    """Two contacts an analyst recorded on one day (a call and a visit) are two in any store that imports our
    own PLOVER export of them: they are records of ours, not coded rows."""
    from projections.contacts import contacts
    from store.root import open_store
    from store.settings import Settings
    from tests.integration.test_export import export as exported_text

    seeded.append_objects([
        {"type": "ContactMade", "key": "call-am", "occurred": "2019-06-01", "mode": "phone", "participants": ["rus", "ukr"]},
        {"type": "ContactMade", "key": "visit-pm", "occurred": "2019-06-01", "mode": "visit", "participants": ["rus", "ukr"]}])
    plover = exported_text(seeded, write_plover, types={"ContactMade"}).encode()
    with open_store(Settings(store=str(tmp_path / "other.db"))) as other:
        import_stream(other, "plover", io.BytesIO(plover), register_actors=True)
        found = contacts(other, between="rus", and_="ukr", since="2019-06-01", until="2019-06-01")
    assert sorted(c["key"] for c in found["contacts"]) == ["call-am", "visit-pm"]


def test_a_row_whose_two_sides_are_one_actor_is_a_coded_event_keeping_both_sides(seeded):
    """ICEWS codes much within one state (its police against its citizens): both names resolve to the state, and
    the row is kept as a CodedEvent with that state as source and target, not without its target."""
    lines = [HEADER, icews_row("1", "Russia", target="Russian Federation")]
    summary = import_stream(seeded, "icews", iter(line + b"\n" for line in lines))
    assert (summary.imported, summary.rejected) == (1, [])
    stored = occurrences(seeded)["icews:1:2018-06-01"]
    assert (type(stored).__name__, stored.source, stored.target, stored.cameo) == ("CodedEvent", "rus", "rus", "040")
    plover = next(orjson.loads(line) for line in export(seeded, write_plover, types={"CodedEvent"}).splitlines()
                  if orjson.loads(line)["id"] == "icews:1:2018-06-01")
    assert ([a["code"] for a in plover["source"]], [a["code"] for a in plover["target"]]) == (["rus"], ["rus"])
