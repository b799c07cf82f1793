"""Reading occurrences back from the log: filters, clock bounds, order, corrections and retractions."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.occurrences import Corrected, Retracted
from store.listing import OccurrenceFilter, all_actors, log_lines, occurrence_type, select


def keys(store, **criteria) -> list[str]:
    return [o.created.key for o in select(store.app, OccurrenceFilter(**criteria))]


def append(store, *objects):
    return store.append_objects(list(objects))


def test_a_month_counts_from_its_first_day_for_ordering_and_filtering(seeded):
    march = keys(seeded, type="WarningGiven")
    assert march == ["2024-03-us-warns-russia"]
    assert keys(seeded, type="WarningGiven", until="2024-03-01") == march
    assert keys(seeded, type="WarningGiven", since="2024-03-02") == []


def test_an_upper_bound_includes_its_whole_day(seeded):
    assert "2024-04-03-lecornu-shoigu-call" in keys(seeded, type="ContactMade", until="2024-04-03")
    assert "2024-04-03-lecornu-shoigu-call" not in keys(seeded, type="ContactMade", until="2024-04-02")


def test_occurrences_come_in_occurred_then_reported_order(seeded):
    listed = select(seeded.app, OccurrenceFilter())
    starts = [o.current().occurred[:4] for o in listed]
    assert starts == sorted(starts) and listed[0].created.key == "2015-2024-attacks-in-france"


def test_a_correction_changes_what_the_filter_sees(seeded):
    append(seeded, {"type": "Corrected", "target": "2024-03-us-warns-russia", "changes": {"occurred": "2024-02"},
                    "reason": "earlier"})
    assert keys(seeded, type="WarningGiven", since="2024-03") == []
    assert keys(seeded, type="WarningGiven", until="2024-02") == ["2024-03-us-warns-russia"]


def test_the_log_lines_of_an_occurrence_come_in_the_order_they_were_recorded(seeded):
    append(seeded, {"type": "Corrected", "target": "2024-04-03-crocus-toll-144", "changes": {"killed": 145},
                    "reason": "r"},
           {"type": "Retracted", "target": "2024-04-03-crocus-toll-144", "reason": "gone"})
    lines = list(log_lines(seeded.app, OccurrenceFilter(type="CasualtiesReported", include_retracted=True)))
    assert [type(e).__name__ for e in lines] == ["CasualtiesReported", "CasualtiesReported", "Corrected", "Retracted"]
    assert isinstance(lines[-2], Corrected) and isinstance(lines[-1], Retracted)
    assert len(list(log_lines(seeded.app, OccurrenceFilter(type="CasualtiesReported")))) == 1


def test_a_type_is_named_in_any_case_and_an_unknown_one_lists_the_catalogue(seeded):
    assert occurrence_type("contactmade") == "ContactMade"
    with pytest.raises(InvalidInput, match="ContactMade, StatementMade"):
        occurrence_type("Meeting")


def test_a_bad_bound_is_refused_naming_the_option():
    with pytest.raises(InvalidInput) as caught:
        OccurrenceFilter(until="2024-02-30")
    assert caught.value.field == "to"


def test_every_actor_is_rebuilt_with_its_aliases_offices_and_memberships(seeded):
    actors = {a.key: a for a in all_actors(seeded.app)}
    assert len(actors) == 16
    assert "Sergueï Choïgu" in actors["sergei-shoigu"].aliases
    assert actors["sergei-shoigu"].offices[0].until == "2024-05-12"
    assert [t.what for t in actors["fra"].memberships] == ["western-allies"]
