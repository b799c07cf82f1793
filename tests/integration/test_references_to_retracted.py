"""A record may not refer to an occurrence the store has retracted by the time the record is public: a denial of a
retracted statement, or a toll of a retracted attack, would stand on something the store says did not happen."""

from __future__ import annotations

import importlib
import time
from datetime import datetime, timedelta, timezone

import pytest

from domain.errors import InputRejected
from projections.disputes import disputes, disputes_from
from projections.replay import Fold
from projections.timeclock import Clocks
from store import commit_pipeline
from domain.occurrences import Retracted
from store.reading import events
from store.root import open_store

CAST = [{"type": "ActorRegistered", "key": k, "name": k, "kind": "state"} for k in ("rus", "fra")]
STATEMENT = {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "reported": "2024-04-03",
             "speaker": "rus", "medium": "communique",
             "claims": [{"subject": "fra", "topic": "dialogue", "stance": "ready-to-negotiate"}]}
ATTACK = {"type": "AttackOccurred", "key": "att", "occurred": "2024-03-22", "reported": "2024-03-22",
          "place": "Krasnogorsk"}


def denial(key: str, **extra) -> dict:
    """France's denial of the statement's claim."""
    return {"type": "ClaimDenied", "key": key, "occurred": "2024-04-04", "denier": "fra", "denies": "s",
            "claim": 0, **extra}


def refused(store, lines: list[dict]) -> tuple[str, str]:
    """The field and reason of the one rejection; the log is left as it was."""
    before = list(events(store.app))
    with pytest.raises(InputRejected) as caught:
        store.append_objects(lines)
    assert list(events(store.app)) == before
    [rejection] = caught.value.rejections
    return rejection.field, rejection.reason


@pytest.fixture
def retracted(store):
    """The statement and the attack, both retracted as false records from 2024-05-01."""
    store.append_objects([*CAST, STATEMENT, ATTACK,
                          {"type": "Retracted", "target": "s", "reason": "fabricated", "reported": "2024-05-01"},
                          {"type": "Retracted", "target": "att", "reason": "no such attack",
                           "reported": "2024-05-01"}])
    return store


def test_a_denial_of_a_statement_retracted_by_then_is_refused(retracted):
    field, reason = refused(retracted, [denial("d")])
    assert field == "denies" and "retracted from 2024-05-01 (fabricated)" in reason
    assert refused(retracted, [denial("d", reported="2024-05-01")])[0] == "denies"


def test_a_toll_of_an_attack_retracted_by_then_is_refused(retracted):
    toll = {"type": "CasualtiesReported", "occurred": "2024-03-23", "attack": "att", "killed": 40}
    field, reason = refused(retracted, [toll])
    assert field == "attack" and "retracted from 2024-05-01 (no such attack)" in reason


def test_a_denial_public_before_the_retraction_stands_until_the_retraction(retracted):
    retracted.append_objects([denial("d", reported="2024-04-04")])
    for known_at, count in (("2024-04-10", 1), ("2024-05-02", 0)):
        answer = disputes(retracted, known_at=known_at)
        assert answer == disputes_from(Fold(retracted.app, Clocks.parse(None, known_at, None)), None)
        assert len(answer["disputes"]) == count


def test_a_correction_that_points_a_denial_at_a_retracted_statement_is_refused(retracted):
    other = {**STATEMENT, "key": "s2"}
    retracted.append_objects([other, {**denial("d"), "denies": "s2"}])
    field, reason = refused(retracted, [{"type": "Corrected", "target": "d", "changes": {"denies": "s"},
                                         "reason": "wrong statement"}])
    assert field == "changes.denies" and "retracted" in reason


def test_input_stored_before_the_retraction_appends_again_as_duplicates(store):
    lines = [*CAST, STATEMENT, denial("d")]
    store.append_objects(lines)
    store.append_objects([{"type": "Retracted", "target": "s", "reason": "fabricated"}])
    result = store.append_objects(lines)
    assert (result.appended, result.duplicates, result.rejected) == (0, len(lines), [])


def test_a_correction_is_checked_when_the_corrected_record_is_public(retracted):
    """A reference moved by a correction public early is public only when the record is; and moving the record's
    own `reported` past the retraction would make it refer to a retracted occurrence."""
    retracted.append_objects([{**STATEMENT, "key": "s2"}, {**denial("d"), "denies": "s2", "reported": "2024-06-01"},
                              denial("e", reported="2024-04-05")])
    field, _ = refused(retracted, [{"type": "Corrected", "target": "d", "changes": {"denies": "s"},
                                    "reason": "wrong statement", "reported": "2024-04-10"}])
    assert field == "changes.denies"
    field, reason = refused(retracted, [{"type": "Corrected", "target": "e", "changes": {"reported": "2024-06-01"},
                                         "reason": "published later"}])
    assert field == "changes.reported" and "retracted from 2024-05-01" in reason
    retracted.append_objects([{"type": "Corrected", "target": "e", "changes": {"reported": "2024-04-20"},
                               "reason": "published later"}])  # still before the retraction


def test_a_reference_is_refused_even_while_the_batch_that_retracts_its_target_is_committing(store, monkeypatch):
    """With batches, the next one is checked while the one before commits: it read the statement unretracted."""
    original = commit_pipeline.CommitPipeline._commit_then_checkpoint

    def slow(self, commit):
        time.sleep(0.3)
        return original(self, commit)

    store.append_objects([*CAST, STATEMENT])
    monkeypatch.setattr(commit_pipeline.CommitPipeline, "_commit_then_checkpoint", slow)
    with pytest.raises(InputRejected) as caught:
        store.append_objects([{"type": "Retracted", "target": "s", "reason": "fabricated"}, denial("d")],
                             batch_size=1)
    [rejection] = caught.value.rejections
    assert (rejection.line, rejection.field) == (2, "denies")


def retracted_meanwhile(store, settings, retraction: dict) -> list[int]:
    """Have another writer (its own connections) store `retraction` right after this store's first batch was
    checked and before it is saved; return the number of builds this store's append made."""
    build, builds = store.appender._build, []

    def then_retract(*args, **kwargs):
        built = build(*args, **kwargs)
        if not builds:
            with open_store(settings) as other:
                other.append_objects([retraction])
        builds.append(1)
        return built

    store.appender._build = then_retract
    return builds


@pytest.mark.parametrize("reference", [denial("d"), {"type": "CasualtiesReported", "occurred": "2024-03-23",
                                                     "attack": "att", "killed": 40}])
def test_a_reference_checked_before_another_writer_retracted_its_target_is_refused(store, settings, reference):
    """The check ran before this batch held the write lock; under the lock the batch finds the retraction, is
    refused as a lost race and is checked again, which refuses the reference."""
    store.append_objects([*CAST, STATEMENT, ATTACK])
    before = len(list(events(store.app)))
    target = reference.get("denies") or reference["attack"]
    builds = retracted_meanwhile(store, settings, {"type": "Retracted", "target": target, "reason": "fabricated"})
    with pytest.raises(InputRejected) as caught:
        store.append_objects([reference])
    [rejection] = caught.value.rejections
    assert rejection.field in ("denies", "attack") and "retracted from" in rejection.reason
    assert len(builds) == 2
    assert [type(e) for _, e in events(store.app, start=before + 1)] == [Retracted]  # the other writer's alone


def test_a_correction_checked_before_another_writer_retracted_what_it_points_at_is_refused(store, settings):
    store.append_objects([*CAST, STATEMENT, {**STATEMENT, "key": "s2"}, {**denial("d"), "denies": "s2"}])
    retracted_meanwhile(store, settings, {"type": "Retracted", "target": "s", "reason": "fabricated",
                                          "reported": "2024-05-01"})  # before the denial was public
    with pytest.raises(InputRejected) as caught:
        store.append_objects([{"type": "Corrected", "target": "d", "changes": {"denies": "s"},
                               "reason": "wrong statement"}])
    [rejection] = caught.value.rejections
    assert rejection.field == "changes.denies"


def test_a_reference_public_before_a_retraction_stored_meanwhile_is_kept(store, settings):
    store.append_objects([*CAST, STATEMENT])
    builds = retracted_meanwhile(store, settings, {"type": "Retracted", "target": "s", "reason": "fabricated",
                                                   "reported": "2024-05-01"})
    result = store.append_objects([denial("d", reported="2024-04-04")])
    assert (result.appended, len(builds)) == (1, 1)  # the retraction is public later: no second build
    for known_at, count in (("2024-04-10", 1), ("2024-05-02", 0)):
        answer = disputes(store, known_at=known_at)
        assert answer == disputes_from(Fold(store.app, Clocks.parse(None, known_at, None)), None)
        assert len(answer["disputes"]) == count


def test_a_record_stamped_later_than_checked_is_checked_as_stamped(store, monkeypatch):
    """A record without `reported` is public from its stamp, which comes after the check (a writer waits for the
    lock; another writer's clock runs ahead): a retraction public in between makes the reference refused."""
    soon = datetime.now(timezone.utc) + timedelta(seconds=30)
    store.append_objects([*CAST, STATEMENT,
                          {"type": "Retracted", "target": "s", "reason": "fabricated", "reported": soon.isoformat()}])
    module = importlib.import_module("store.postgres_recorder" if store.settings.is_postgres else
                                     "store.sqlite_recorder")
    stamp_after = module.stamp_after
    monkeypatch.setattr(module, "stamp_after", lambda state: stamp_after(state) + timedelta(minutes=1))
    before = len(list(events(store.app)))
    field, reason = refused(store, [denial("d")])
    assert field == "denies" and "retracted from" in reason
    assert len(list(events(store.app))) == before
    kept = store.append_objects([denial("e", reported="2024-04-04")])  # public long before: no second look
    assert kept.appended == 1


def test_a_refused_line_leaves_no_reference_to_check_under_the_lock(store, settings):
    """With --skip-invalid, a line refused for its reference is dropped: the rest of the batch is stored, in one
    more build, not refused again and again for the dropped line's reference."""
    store.append_objects([*CAST, STATEMENT, {**STATEMENT, "key": "s2"}])
    builds = retracted_meanwhile(store, settings, {"type": "Retracted", "target": "s", "reason": "fabricated"})
    result = store.append_objects([denial("d"), {**denial("e"), "denies": "s2"}], skip_invalid=True)
    assert (result.appended, len(result.rejected), result.rejected[0].field, len(builds)) == (1, 1, "denies", 2)
