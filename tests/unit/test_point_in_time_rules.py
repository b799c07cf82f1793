"""The clock rules of the read side: partial dates, and corrections that apply from their own clocks."""

from __future__ import annotations

from projections.timeclock import Clocks, micros
from projections.variants import Later, Stream, cells

CREATED = {"occurred": "2022-10", "timestamp": "2026-01-01T00:00:00Z"}


def stream(*later: Later) -> Stream:
    return Stream("id", "ContactMade", CREATED, micros("2026-01-01"), list(later))


def test_a_partial_date_is_ordered_by_the_start_of_its_interval_and_bounds_by_the_end_of_theirs():
    assert micros("2022-10") == micros("2022-10-01")
    assert micros("2022-10") <= Clocks.parse(at="2022-10-01").at
    assert micros("2022-10") > Clocks.parse(at="2022-09").at
    assert Clocks.parse(at="2024-04-03").at > micros("2024-04-03T23:59:00+00:00")


def test_a_backdated_correction_applies_without_the_earlier_recorded_one():
    plain = Later(micros("2026-02-01"), micros("2026-02-01"), {"occurred": "2022-11"})
    backdated = Later(micros("2026-03-01"), micros("2023-01-01"), {"summary": "fixed"})
    s = stream(plain, backdated)
    state = s.state_at(known_at=micros("2024-01-01"), recorded_at=micros("2026-06-01"))
    assert state == {**CREATED, "summary": "fixed"}
    assert s.state_at(micros("2026-06-01"), micros("2026-06-01")) == {**CREATED, "occurred": "2022-11",
                                                                         "summary": "fixed"}


def test_a_retraction_hides_the_record_only_where_it_applies():
    s = stream(Later(micros("2026-02-01"), micros("2024-01-01"), None))
    assert s.state_at(micros("2023-12-31"), micros("2026-06-01")) == CREATED
    assert s.state_at(micros("2024-01-01"), micros("2026-06-01")) is None
    assert s.state_at(micros("2025-01-01"), micros("2026-01-15")) == CREATED


def test_cells_cover_the_plane_and_each_has_one_applicable_set():
    s = stream(Later(micros("2026-02-01"), micros("2026-02-01"), {"a": 1}),
               Later(micros("2026-03-01"), micros("2023-01-01"), {"b": 2}))
    found = cells([s])
    probes = [(k, r) for k in (micros("2020"), micros("2023-06"), micros("2026-02-15"), micros("2027"))
              for r in (micros("2025"), micros("2026-02-15"), micros("2026-04"))]
    for k, r in probes:
        (cell,) = [c for c in found if c.k_lo <= k < c.k_hi and c.r_lo <= r < c.r_hi]
        assert s.state_at(cell.k_lo, cell.r_lo) == s.state_at(k, r)
