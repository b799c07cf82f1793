"""A correction that makes again a change made before is a correction of its own, and appending input again still
adds nothing: corrections without a key are matched in order, keyed ones by key."""

from __future__ import annotations

import io

import pytest

from domain.errors import InputRejected
from domain.occurrences import Corrected
from projections.incidents import incidents, incidents_from
from projections.replay import Fold
from projections.timeclock import Clocks
from store.interchange.export import Selection
from store.interchange.writers import write_jsonl
from store.jsonl import read_lines
from store.reading import events
from store.root import open_store

ATTACK = {"type": "AttackOccurred", "key": "att", "occurred": "2024-03-22", "reported": "2024-03-22",
          "place": "Krasnogorsk", "killed": 40}


def toll(killed: int, reason: str = "official toll", **extra) -> dict:
    """A correction of the attack's death toll."""
    return {"type": "Corrected", "target": "att", "changes": {"killed": killed}, "reason": reason, **extra}


def killed(store) -> int:
    """The toll as the views give it now (checked against the replay of the log)."""
    answer = incidents(store, key="att")
    assert answer == incidents_from(Fold(store.app, Clocks.parse(None, None, None)), "att")
    return answer["incidents"][0]["killed"]


def corrections(store) -> list[int]:
    """The tolls of the attack's corrections, in log order."""
    return [e.changes["killed"] for _, e in events(store.app) if isinstance(e, Corrected)]


@pytest.mark.parametrize("batch_size", [None, 1])
def test_a_toll_corrected_back_to_an_earlier_figure_in_one_input_is_three_corrections(store, batch_size):
    lines = [ATTACK, toll(144), toll(150), toll(144)]
    result = store.append_objects(lines, batch_size=batch_size)
    assert (result.appended, result.duplicates) == (4, 0)
    assert corrections(store) == [144, 150, 144] and killed(store) == 144

    again = store.append_objects(lines, batch_size=batch_size)  # the same input again adds nothing
    assert (again.appended, again.duplicates) == (0, 4)
    assert corrections(store) == [144, 150, 144] and killed(store) == 144


def test_input_that_overlaps_what_is_stored_adds_only_what_is_new(store):
    store.append_objects([ATTACK, toll(144), toll(150)])
    result = store.append_objects([toll(150), toll(144), toll(150)])  # 150 is stored; 144 and 150 are not, after it
    assert (result.appended, result.duplicates) == (2, 1)
    assert corrections(store) == [144, 150, 144, 150] and killed(store) == 150


def test_a_later_append_of_a_change_made_before_is_a_repeat_unless_it_has_a_key_of_its_own(store):
    """Without a key a correction in a later append cannot be told from the same input sent again, so it is a
    repeat (the summary counts it as a duplicate); a key says it is another correction."""
    store.append_objects([ATTACK, toll(144), toll(150)])
    assert store.append_objects([toll(144)]).duplicates == 1
    assert killed(store) == 150

    assert store.append_objects([toll(144, key="moh-2024-03-26")]).appended == 1
    assert corrections(store) == [144, 150, 144] and killed(store) == 144
    assert store.append_objects([toll(144, key="moh-2024-03-26")]).duplicates == 1  # the key is idempotent
    assert store.append_objects([toll(150, key="moh-2024-03-27"), toll(144, key="moh-2024-03-28")]).appended == 2
    assert killed(store) == 144


def test_a_key_given_again_with_other_content_is_refused_and_nothing_is_stored(store):
    store.append_objects([ATTACK, toll(144, key="moh")])
    before = list(events(store.app))
    with pytest.raises(InputRejected) as caught:
        store.append_objects([toll(139), toll(150, key="moh")])
    [rejection] = caught.value.rejections
    assert (rejection.line, rejection.field, rejection.conflict) == (2, "key", True)
    assert "'moh' is already stored with different content" in rejection.reason
    assert list(events(store.app)) == before


def test_an_export_with_a_change_made_twice_appends_to_an_empty_store_whole(tmp_path):
    with open_store(store=str(tmp_path / "a.db")) as a, open_store(store=str(tmp_path / "b.db")) as b:
        a.append_objects([ATTACK, toll(144), toll(150), toll(144), toll(150, key="k"), toll(144, key="k2")])
        buffer = io.BytesIO()
        write_jsonl(a.app, Selection(), buffer)
        result = b.appender.append(read_lines(buffer.getvalue().splitlines()), batch_size=2)
        assert (result.appended, result.rejected) == (6, [])
        assert corrections(b) == corrections(a) == [144, 150, 144, 150, 144]
        assert [e.key for _, e in events(b.app) if isinstance(e, Corrected)] == [None, None, None, "k", "k2"]
        assert killed(b) == killed(a) == 144


@pytest.mark.parametrize("batch_size", [None, 2])
def test_the_same_input_twice_in_one_append_adds_its_corrections_once(store, batch_size):
    """`cat day1.jsonl day1.jsonl | geoevents append -`, or exports that overlap: the record's own line, met again,
    says its history follows again."""
    day1 = [ATTACK, toll(144), toll(150)]
    result = store.append_objects(day1 + day1, batch_size=batch_size)
    assert (result.appended, result.duplicates) == (3, 3)
    assert corrections(store) == [144, 150] and killed(store) == 150
    store.append_objects([ATTACK, toll(144), toll(150), toll(144)], batch_size=batch_size)  # a later day's file
    assert corrections(store) == [144, 150, 144] and killed(store) == 144


def test_a_correction_cannot_take_reported_away(store):
    store.append_objects([ATTACK])
    with pytest.raises(InputRejected) as caught:
        store.append_objects([{"type": "Corrected", "target": "att", "changes": {"reported": None}, "reason": "r"}])
    [rejection] = caught.value.rejections
    assert rejection.field == "changes.reported" and "cannot be taken away" in rejection.reason


def test_a_correction_an_earlier_version_stored_unnormalised_is_a_repeat_of_its_own_export(store, monkeypatch):
    """Stores written before corrections were stored validated hold `145.0` and `…10:00:00.000000+00:00`; their
    export gives them back as `145` and `…10:00:00+00:00`, and appending that export to the same store adds
    nothing, every time."""
    import domain.occurrences

    store.append_objects([ATTACK])
    with monkeypatch.context() as old_version:  # what that version stored: the changes as given
        old_version.setattr(domain.occurrences, "_as_validated", lambda validated, changes: changes)
        store.append_objects([toll(145.0, reported="2024-03-24", key="old",
                                   changes={"killed": 145.0, "reported": "2024-03-24T10:00:00.000000+00:00"})])
    held = [e for _, e in events(store.app) if isinstance(e, Corrected)]
    assert held[0].changes == {"killed": 145.0, "reported": "2024-03-24T10:00:00.000000+00:00"}
    exported = io.BytesIO()
    write_jsonl(store.app, Selection(), exported)
    for _ in range(2):
        again = store.appender.append(read_lines(exported.getvalue().splitlines()))
        assert (again.appended, again.duplicates) == (0, again.lines)
