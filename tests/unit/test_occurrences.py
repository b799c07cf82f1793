"""An occurrence is corrected and retracted by new events, never edited."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from domain.catalogue import AttackOccurred
from domain.errors import InvalidInput
from domain.occurrences import Corrected, Occurrence, Retracted
from tests.unit.helpers import NOW, make


def attack() -> Occurrence:
    occurrence = Occurrence(make(AttackOccurred, occurred="2024-03-22", place="Crocus City Hall", killed=40))
    occurrence.collect_events()
    return occurrence


def test_a_correction_replaces_fields_and_keeps_the_original():
    occurrence = attack()
    correction = occurrence.correct({"killed": 41}, "typo", NOW)
    assert occurrence.current().killed == 41 and occurrence.created.killed == 40
    assert isinstance(correction, Corrected) and correction.originator_version == 2
    assert correction.target == str(occurrence.id)


def test_later_corrections_win_over_earlier_ones():
    occurrence = attack()
    occurrence.correct({"killed": 41}, "typo", NOW)
    occurrence.correct({"killed": 42, "method": "gunfire"}, "second look", NOW)
    current = occurrence.current()
    assert (current.killed, current.method) == (42, "gunfire")


def test_the_pending_events_are_handed_over_once():
    occurrence = attack()
    occurrence.correct({"killed": 41}, "typo", NOW)
    assert [type(e) for e in occurrence.collect_events()] == [Corrected]
    assert occurrence.collect_events() == []


@pytest.mark.parametrize("field", ["key", "type", "id", "recorded", "originator_id", "timestamp"])
def test_identity_and_the_stores_clock_cannot_be_corrected(field):
    with pytest.raises(InvalidInput) as caught:
        attack().correct({field: "x"}, "no", NOW)
    assert caught.value.field == f"changes.{field}"


def test_a_field_the_type_does_not_have_cannot_be_corrected():
    with pytest.raises(InvalidInput, match="no field 'participants'"):
        attack().correct({"participants": ["a", "b"]}, "wrong type", NOW)


def test_a_correction_that_makes_the_record_invalid_is_refused_by_field():
    with pytest.raises(InvalidInput) as caught:
        attack().correct({"killed": -5}, "oops", NOW)
    assert caught.value.field == "changes.killed"


def test_an_empty_correction_is_refused():
    with pytest.raises(InvalidInput, match="at least one field"):
        attack().correct({}, "nothing", NOW)


def test_a_retracted_occurrence_can_be_neither_corrected_nor_retracted_again():
    occurrence = attack()
    assert isinstance(occurrence.retract("duplicate", NOW), Retracted)
    with pytest.raises(InvalidInput, match="retracted"):
        occurrence.correct({"killed": 1}, "late", NOW)
    with pytest.raises(InvalidInput, match="already retracted"):
        occurrence.retract("again", NOW)


def test_replaying_the_stream_rebuilds_corrections_and_retraction():
    occurrence = attack()
    events = [occurrence.created, occurrence.correct({"killed": 41}, "typo", NOW), occurrence.retract("dup", NOW)]
    again = Occurrence.replay(events)
    assert again.current().killed == 41 and again.retraction is not None and again.version == 3
    assert again.collect_events() == []


def test_a_correction_stores_its_changes_as_the_validated_record_holds_them():
    from datetime import datetime, timezone
    from uuid import uuid4

    from domain.catalogue import CasualtiesReported
    from domain.occurrences import Occurrence

    now = datetime(2024, 4, 5, tzinfo=timezone.utc)
    created = CasualtiesReported(originator_id=uuid4(), originator_version=1, timestamp=now, occurred="2024-03-23",
                                 attack="a", reporter="rus", killed=40)
    correction = Occurrence(created).correct({"occurred": " 2024-03-24 ", "killed": 41.0}, "recount", now)
    assert correction.changes == {"occurred": "2024-03-24", "killed": 41}
    assert type(correction.changes["killed"]) is int


def test_expanding_a_whole_field_and_a_path_below_it_leaves_the_callers_value_as_it_was():
    occurrence = attack()
    given = [{"actor": "isis", "status": "alleged"}]
    expanded = occurrence.expanded({"perpetrators": given, "perpetrators.0.status": "claimed"})
    assert expanded["perpetrators"] == [{"actor": "isis", "status": "claimed"}]
    assert given == [{"actor": "isis", "status": "alleged"}]


def test_the_record_as_public_at_an_instant_has_only_the_corrections_public_by_then():
    occurrence = attack()
    occurrence.correct({"killed": 41}, "typo", NOW, reported="2024-03-23")
    occurrence.correct({"injured": 5}, "later", NOW, reported="2024-04-01")
    at_march_end = occurrence.public_fields(datetime(2024, 3, 31, tzinfo=timezone.utc))
    assert (at_march_end["killed"], at_march_end.get("injured")) == (41, None)
    assert occurrence.public_fields(NOW)["injured"] == 5
