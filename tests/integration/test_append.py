"""Appending JSON Lines: whole batches, duplicates skipped, bad lines located, nothing half-written."""

from __future__ import annotations

import orjson
import pytest

from domain.errors import InputRejected
from store.jsonl import read_lines
from store.reading import events
from tests.conftest import SEED


def log_size(store) -> int:
    return sum(1 for _ in events(store.app))


def test_the_seed_article_is_stored_and_reappending_it_adds_nothing(store):
    with SEED.open("rb") as f:
        first = store.appender.append(read_lines(f))
    with SEED.open("rb") as f:
        second = store.appender.append(read_lines(f))
    assert first.appended == first.lines == 56 and not first.rejected
    assert second.appended == 0 and second.duplicates == 56


def test_three_spellings_of_shoigu_resolve_to_one_actor(seeded):
    keys = {seeded.directory.lookup(n) for n in ["Choïgu", "Serguei Choigou", "Shoigu", "CHOÏGOU"]}
    assert keys == {"sergei-shoigu"}


def test_a_bad_line_rejects_the_whole_file_and_names_line_and_field(seeded):
    before = log_size(seeded)
    lines = [
        b'{"type":"ContactMade","occurred":"2024-05-01","participants":["rus","fra"],"mode":"phone"}',
        b'{"type":"ContactMade","occurred":"2024-05-01","participants":["rus","Shoygu"],"mode":"phone"}',
    ]
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines(lines))
    (rejection,) = caught.value.rejections
    assert (rejection.line, rejection.field) == (2, "participants.1")
    assert "sergei-shoigu" in rejection.reason
    assert log_size(seeded) == before


def test_the_same_key_with_different_content_is_a_conflict(seeded):
    line = b'{"type":"ContactMade","key":"2024-04-03-lecornu-shoigu-call","occurred":"2024-04-04","participants":["rus","fra"],"mode":"phone"}'
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([line]))
    assert caught.value.rejections[0].field == "key"


@pytest.mark.parametrize("kind", ["Corrected", "Retracted", "ClaimDenied", "ResponsibilityClaimed"])
@pytest.mark.parametrize("target", ["actor", "name"])
def test_an_occurrence_reference_to_an_actor_or_name_stream_is_refused_and_stores_nothing(seeded, kind, target):
    from domain.identity import actor_id, name_index_id
    from domain.names import fold_name

    stream = str(actor_id("rus") if target == "actor" else name_index_id(fold_name("Russia")))
    line = {
        "Corrected": {"type": "Corrected", "target": stream, "changes": {"name": "Russland"}, "reason": "x"},
        "Retracted": {"type": "Retracted", "target": stream, "reason": "x"},
        "ClaimDenied": {"type": "ClaimDenied", "occurred": "2024-05-01", "denier": "fra", "denies": stream},
        "ResponsibilityClaimed": {"type": "ResponsibilityClaimed", "occurred": "2024-05-01", "claimant": "fra",
                                  "attack": stream},
    }[kind]
    before = log_size(seeded)
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(line)]))
    (rejection,) = caught.value.rejections
    assert rejection.field == ("target" if kind in ("Corrected", "Retracted") else
                               "denies" if kind == "ClaimDenied" else "attack")
    assert "no occurrence" in rejection.reason
    assert log_size(seeded) == before
    assert seeded.appender.append(read_lines([b'{"type":"ContactMade","occurred":"2024-05-02",'
                                               b'"participants":["rus","fra"],"mode":"phone"}'])).appended == 1


@pytest.mark.parametrize("target", ["actor", "name", "key"])
def test_an_id_without_a_key_cannot_take_an_actor_name_or_key_stream(seeded, target):
    """An occurrence given the id of a stream that is not yet an actor's, a name's or a key's would have taken it:
    registering that actor (or name) later failed with a traceback."""
    from domain.identity import actor_id, name_index_id, occurrence_id_for_key
    from domain.names import fold_name

    stream = {"actor": actor_id("deu"), "name": name_index_id(fold_name("Germany")),
              "key": occurrence_id_for_key("later-key")}[target]
    before = log_size(seeded)
    line = {"type": "ContactMade", "id": str(stream), "occurred": "2024-04-03", "participants": ["fra", "rus"],
            "mode": "phone"}
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(line)]))
    assert caught.value.rejections[0].field == "id"
    assert log_size(seeded) == before
    registered = seeded.appender.append(read_lines([b'{"type":"ActorRegistered","key":"deu","name":"Germany",'
                                                    b'"kind":"state"}']))
    assert registered.appended == 1


@pytest.mark.parametrize(("field", "value"), [("originator_id", "00000000-0000-0000-0000-000000000000"),
                                            ("originator_version", 7), ("timestamp", "1999-01-01T00:00:00+00:00")])
@pytest.mark.parametrize("line", [{"type": "AliasAdded", "actor": "fra", "alias": "Gaul"},
                                  {"type": "ContactMade", "occurred": "2024-04-03", "participants": ["fra", "rus"],
                                   "mode": "phone"}])
def test_a_line_that_sets_the_envelope_is_refused_not_silently_overridden(seeded, field, value, line):
    before = log_size(seeded)
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps({**line, field: value})]))
    assert caught.value.rejections[0].field == field
    assert log_size(seeded) == before


LAVROV = {"type": "OfficeTaken", "actor": "sergei-lavrov", "office": "Minister of Foreign Affairs", "of": "rus",
          "rank": "minister", "portfolio": "foreign-affairs", "from": "2004-03-09"}


@pytest.mark.parametrize(("change", "field"), [({"rank": "spokesperson"}, "rank"), ({"portfolio": "sport"}, "portfolio"),
                                               ({"portfolio": None}, "portfolio"), ({"until": "2005-01-01"}, "until")])
def test_the_same_office_term_with_other_content_is_a_conflict_not_a_silent_duplicate(seeded, change, field):
    before = log_size(seeded)
    again = seeded.appender.append(read_lines([orjson.dumps(LAVROV)]))
    assert (again.appended, again.duplicates) == (0, 1)
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps({**LAVROV, **change})]))
    assert caught.value.rejections[0].field == field
    assert log_size(seeded) == before


def test_a_membership_of_an_actor_that_is_not_a_group_is_refused(seeded):
    before = log_size(seeded)
    line = {"type": "MembershipStarted", "actor": "fra", "group": "sergei-lavrov", "from": "2020"}
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(line)]))
    assert caught.value.rejections[0].field == "group" and "not a group" in caught.value.rejections[0].reason
    assert log_size(seeded) == before


def test_a_correction_target_of_the_wrong_type_is_named_as_such_not_as_missing(seeded):
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([b'{"type":"Retracted","target":5,"reason":"x"}']))
    (rejection,) = caught.value.rejections
    assert rejection.field == "target" and "missing" not in rejection.reason and "5" in rejection.reason


def test_a_correction_appended_again_in_another_spelling_is_a_duplicate(seeded):
    """The stored correction holds its changes as the record validated them (an actor named by key, a clock
    normalised); the same correction appended again, spelled as the input spelled it, is recognised."""
    lines = [orjson.dumps(line) for line in (
        {"type": "AttackOccurred", "key": "fix-attack", "occurred": "2024-03-22", "place": "Moscow"},
        {"type": "Corrected", "target": "fix-attack", "changes": {"perpetrators": ["Russia"]}, "reason": "claimed"},
        {"type": "Corrected", "target": "fix-attack", "changes": {"occurred": "2024-03-22T18:00:00Z"},
         "reason": "time"},
    )]
    first = seeded.appender.append(read_lines(lines))
    assert (first.appended, first.duplicates) == (3, 0)
    before = log_size(seeded)
    again = seeded.appender.append(read_lines(lines))
    assert (again.appended, again.duplicates) == (0, 3)
    assert log_size(seeded) == before


def test_a_path_with_a_zero_before_its_index_repeats_the_same_path_without_it_and_may_not_join_it(seeded):
    """`claims.00.stance` and `claims.0.stance` name one part: a correction stored by one spelling is the
    same correction sent again by the other (keyed or not), and one correction naming the part both ways is
    refused (one value would be dropped), with the store untouched."""
    def correction(changes, **more):
        return orjson.dumps({"type": "Corrected", "target": "zero-led", "changes": changes, "reason": "r", **more})

    seeded.appender.append(read_lines([orjson.dumps(
        {"type": "StatementMade", "key": "zero-led", "occurred": "2024-05-01", "speaker": "rus",
         "medium": "communique", "claims": [{"subject": "fra", "topic": "ukraine-dialogue", "stance": "supports"}]})]))
    first = seeded.appender.append(read_lines([correction({"claims.00.stance": "opposes"}),
                                               correction({"claims.0.stance": "neutral"}, key="k")]))
    again = seeded.appender.append(read_lines([correction({"claims.0.stance": "opposes"}),
                                               correction({"claims.000.stance": "neutral"}, key="k")]))
    assert (first.appended, again.appended, again.duplicates) == (2, 0, 2)
    before = log_size(seeded)
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([correction({"claims.0.stance": "neutral", "claims.00.stance": "rejects"})]))
    (rejection,) = caught.value.rejections
    assert rejection.field == "changes.claims.00.stance" and "same part as 'claims.0.stance'" in rejection.reason
    assert log_size(seeded) == before
    with pytest.raises(InputRejected):  # the key names another change now
        seeded.appender.append(read_lines([correction({"claims.00.stance": "rejects"}, key="k")]))


def test_a_correction_of_a_denial_cannot_point_it_at_a_claim_that_does_not_exist(seeded):
    lines = [orjson.dumps(line) for line in (
        {"type": "StatementMade", "key": "one-claim", "occurred": "2024-05-01", "speaker": "rus",
         "medium": "communique", "claims": [{"subject": "fra", "topic": "ukraine-dialogue", "stance": "supports"}]},
        {"type": "ClaimDenied", "key": "den-one", "occurred": "2024-05-02", "denier": "fra", "denies": "one-claim",
         "claim": 0},
    )]
    seeded.appender.append(read_lines(lines))
    before = log_size(seeded)
    bad = orjson.dumps({"type": "Corrected", "target": "den-one", "changes": {"claim": 7}, "reason": "typo"})
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([bad]))
    (rejection,) = caught.value.rejections
    assert rejection.field == "changes.claim" and "claim 7 does not exist" in rejection.reason
    assert log_size(seeded) == before


@pytest.mark.parametrize("claim", ["5", True, 5.0, "0", 0.5])
def test_a_claim_index_that_is_not_a_whole_number_or_does_not_exist_is_refused_not_coerced(seeded, claim):
    """Lax validation turned "5", true and 5.0 into indexes that were never checked: a denial of a claim that does
    not exist was stored, and the store's own export could no longer be appended."""
    before = log_size(seeded)
    line = {"type": "ClaimDenied", "occurred": "2024-04-03", "denier": "fra",
            "denies": "2024-03-25-macron-is-attempts-in-france", "claim": claim}
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(line)]))
    assert caught.value.rejections[0].field == "claim"
    assert log_size(seeded) == before


def test_a_denied_claim_is_checked_against_the_statement_as_corrected(seeded):
    """A claim the statement does not have cannot be denied; one a correction added can, and a correction may not
    take a claim away (a denial would then name another claim, or none)."""
    fra = {"subject": "fra", "topic": "dialogue", "stance": "supports"}
    deu = {"subject": "deu", "topic": "dialogue", "stance": "supports"}
    seeded.appender.append(read_lines([orjson.dumps(line) for line in (
        {"type": "ActorRegistered", "key": "deu", "name": "Germany", "kind": "state"},
        {"type": "StatementMade", "key": "one", "occurred": "2024-05-01", "speaker": "rus", "medium": "communique",
         "claims": [fra]},
        {"type": "Corrected", "target": "one", "changes": {"claims": [fra, deu]}, "reason": "a second claim"},
    )]))
    before = log_size(seeded)
    removal = {"type": "Corrected", "target": "one", "changes": {"claims": [fra]}, "reason": "one claim only"}
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(removal)]))
    assert caught.value.rejections[0].field == "changes.claims.1"
    assert "item 1 of 'claims' (subject 'deu', topic 'dialogue') would be gone" in caught.value.rejections[0].reason
    absent = {"type": "ClaimDenied", "occurred": "2024-05-02", "denier": "deu", "denies": "one", "claim": 2}
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(absent)]))
    assert caught.value.rejections[0].field == "claim" and "claim 2 does not exist" in caught.value.rejections[0].reason
    assert log_size(seeded) == before
    added = {**absent, "claim": 1}
    assert seeded.appender.append(read_lines([orjson.dumps(added)])).appended == 1


@pytest.mark.parametrize(("fields", "named"), [
    ({"key": "fr2", "name": "France"}, "name"),
    ({"key": "fr3", "name": "Francia", "aliases": ["Gaul", "French Republic"]}, "aliases.1"),
    ({"key": "fr4", "name": "Francia", "wikidata": "Q142"}, "wikidata"),
])
def test_a_registration_whose_name_is_taken_names_the_field_that_holds_it(seeded, fields, named):
    line = orjson.dumps({"type": "ActorRegistered", "kind": "state", **fields})
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([line]))
    (rejection,) = caught.value.rejections
    assert rejection.field == named and "already refers to actor 'fra'" in rejection.reason


def test_a_dry_run_in_batches_checks_each_batch_on_top_of_the_ones_before(seeded):
    """Nothing is stored, so a later batch that refers to (or repeats) what an earlier one would record must
    still be judged as appending the whole input would judge it."""
    lines = [orjson.dumps(line) for line in (
        {"type": "AttackOccurred", "key": "dry-attack", "occurred": "2024-03-22", "place": "Moscow"},
        {"type": "ActorRegistered", "key": "dry-group", "name": "Dry Group", "kind": "group"},
        {"type": "ResponsibilityClaimed", "key": "dry-claim", "occurred": "2024-03-23", "claimant": "Dry Group",
         "attack": "dry-attack"},
        {"type": "Corrected", "target": "dry-attack", "changes": {"place": "Krasnogorsk"}, "reason": "place"},
        {"type": "AttackOccurred", "key": "dry-attack", "occurred": "2024-03-22", "place": "Moscow"},
    )]
    before = log_size(seeded)
    result = seeded.appender.append(read_lines(lines), batch_size=2, dry_run=True)
    assert (result.lines, result.appended, result.duplicates, result.rejected) == (5, 4, 1, [])
    assert log_size(seeded) == before
    bad = lines[:2] + [orjson.dumps({"type": "ContactMade", "occurred": "2024-05-01", "participants": ["rus", "Nobody"],
                                     "mode": "phone"})]
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines(bad), batch_size=2, dry_run=True)
    assert caught.value.stored_before == 0 and caught.value.rejections[0].line == 3


def test_a_key_that_is_a_uuid_is_refused_since_a_reference_to_it_would_be_read_as_an_id(seeded):
    before = log_size(seeded)
    line = {"type": "AttackOccurred", "key": "5f0c2a4e-8d1b-4c3a-9e2f-1a2b3c4d5e6f", "occurred": "2024-03-22",
            "place": "X"}
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(line)]))
    assert caught.value.rejections[0].field == "key" and "may not be a UUID" in caught.value.rejections[0].reason
    assert log_size(seeded) == before


def test_a_correction_may_not_leave_a_contact_between_one_actor_and_himself_at_any_clock(seeded):
    """Austin for Lecornu public from June, then Lecornu for Shoigu public from May: between the two the call
    was Lecornu with Lecornu, and the store's own `--known-at` export of May was refused by an empty store."""
    def correction(path, actor, reported):
        return orjson.dumps({"type": "Corrected", "target": "2024-04-03-lecornu-shoigu-call",
                             "changes": {path: actor}, "reason": "r", "reported": reported})

    seeded.appender.append(read_lines([correction("participants.0", "lloyd-austin", "2024-06-01")]))
    before = log_size(seeded)
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([correction("participants.1", "sebastien-lecornu", "2024-05-01")]))
    (rejection,) = caught.value.rejections
    assert rejection.field == "changes.participants" and "where it applies from 2024-05-01" in rejection.reason
    assert log_size(seeded) == before
    later = seeded.appender.append(read_lines([correction("participants.1", "sebastien-lecornu", "2024-06-02")]))
    assert later.appended == 1


@pytest.mark.parametrize(("line", "field"), [
    ({"type": "AttackOccurred", "key": " spaced ", "occurred": "2024-05-01", "place": "Goma"}, "key"),
    ({"type": "AttackOccurred", "key": "appel-cho\u0069\u0308gu", "occurred": "2024-05-01", "place": "Goma"}, "key"),
    ({"type": "AttackOccurred", "occurred": "2024-05-01", "place": "   "}, "place"),
    ({"type": "AttackOccurred", "occurred": "2024-05-01", "place": "Goma", "topics": [" t1 "]}, "topics.0"),
    ({"type": "Corrected", "target": "2024-03-22-crocus-city-hall-attack", "changes": {"method": " "},
      "reason": "r"}, "changes.method"),
    ({"type": "Retracted", "target": "2024-03-22-crocus-city-hall-attack", "reason": "\t"}, "reason"),
])
def test_text_of_only_spaces_and_a_key_or_topic_with_spaces_around_it_are_refused(seeded, line, field):
    before = log_size(seeded)
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(line)]))
    assert caught.value.rejections[0].field == field and log_size(seeded) == before


@pytest.mark.parametrize(("line", "field"), [
    ({"type": "CooperationOffered", "occurred": "2024-05-01", "offerer": "fra", "recipients": ["Russia", "rus"],
      "domain": "economic"}, "recipients"),
    ({"type": "AttackOccurred", "occurred": "2024-05-01", "place": "Goma", "perpetrators": [
        {"actor": "IS", "status": "claimed"}, {"actor": "islamic-state", "status": "alleged"}]}, "perpetrators"),
    ({"type": "Corrected", "target": "2024-04-03-france-denies-ready-to-dialogue",
      "changes": {"denies": "2024-04-03-france-denies-ready-to-dialogue", "claim": None}, "reason": "r"},
     "changes.denies"),
])
def test_an_actor_named_twice_in_a_list_or_a_record_referring_to_itself_is_refused(seeded, line, field):
    before = log_size(seeded)
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([orjson.dumps(line)]))
    assert caught.value.rejections[0].field == field and log_size(seeded) == before


def test_a_line_whose_export_would_outgrow_the_line_limit_is_refused_and_one_that_fits_exports_and_appends_again(
        store, monkeypatch, tmp_path):
    import io

    from store.interchange.export import Selection
    from store.interchange.writers import write_jsonl
    from store.root import open_store
    from store.settings import Settings

    limit = 12_000
    monkeypatch.setattr("store.batch.MAX_LINE_BYTES", limit)
    monkeypatch.setattr("store.jsonl.MAX_LINE_BYTES", limit)
    actors = [{"type": "ActorRegistered", "key": f"state-{i:03d}-" + "k" * 180, "name": f"State {i}", "kind": "state",
               "aliases": [f"s{i}"]} for i in range(60)]
    store.append_objects(actors)

    def contact(key: str, count: int) -> bytes:
        return orjson.dumps({"type": "ContactMade", "key": key, "occurred": "2024-01-01", "mode": "multilateral",
                             "participants": [f"s{i}" for i in range(count)]})

    with pytest.raises(InputRejected) as refused:
        store.appender.append(read_lines([contact("too-big", 60)]))
    assert refused.value.rejections[0].field == "participants"
    assert "would be exported as about" in refused.value.rejections[0].reason
    assert store.appender.append(read_lines([contact("fits", 20)])).appended == 1
    written = io.BytesIO()
    write_jsonl(store.app, Selection(), written)
    exported = written.getvalue()
    assert max(len(line) for line in exported.splitlines()) <= limit
    with open_store(Settings(store=str(tmp_path / "copy.db"))) as copy:
        assert copy.appender.append(read_lines(exported.splitlines())).appended == len(exported.splitlines())


@pytest.mark.parametrize("denied, claim, message", [
    ("2024-04-03-lecornu-shoigu-call", 0, "only a statement's claims are numbered: the denied record is a ContactMade"),
    ("2024-03-22-crocus-city-hall-attack", 0, "is an AttackOccurred, so deny it whole"),
    ("2024-04-03-russian-mod-communique", 9, "claim 9 does not exist in the denied occurrence (its claims are numbered 0 to"),
])
def test_a_denial_of_a_claim_says_why_the_claim_is_not_there(seeded, denied, claim, message):
    line = orjson.dumps({"type": "ClaimDenied", "occurred": "2024-05-02", "denier": "fra", "denies": denied,
                         "claim": claim})
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([line]))
    (rejection,) = caught.value.rejections
    assert rejection.field == "claim" and message in rejection.reason


def test_an_actor_kind_in_a_message_takes_its_article():
    from domain.names import with_article

    assert [with_article(w) for w in ("organisation", "state", "AttackOccurred", "group")] == [
        "an organisation", "a state", "an AttackOccurred", "a group"]


def test_messages_naming_a_kind_or_a_type_take_its_article(seeded):
    lines = [orjson.dumps({"type": "CasualtiesReported", "occurred": "2024-04-05",
                           "attack": "2024-04-03-lecornu-shoigu-call", "killed": 1}),
             orjson.dumps({"type": "ActorRegistered", "key": "is-media", "name": "IS Media Office",
                           "kind": "organisation", "part_of": "islamic-state"})]
    for line, said in zip(lines, ("refers to a ContactMade, not an AttackOccurred", "'islamic-state' is an armed-group")):
        with pytest.raises(InputRejected) as caught:
            seeded.appender.append(read_lines([line]))
        assert said in caught.value.rejections[0].reason
