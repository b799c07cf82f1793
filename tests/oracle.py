"""Checks that a store's materialised views say what the replay oracle says (clocks at "now")."""

from __future__ import annotations

from typing import Any

from projections.disputes import disputes, disputes_from
from projections.incidents import incidents, incidents_from
from projections.positions import positions, positions_from
from projections.replay import Fold
from projections.timeclock import Clocks
from projections.timeline import timeline, timeline_from


def assert_views_equal_oracle(store: Any) -> None:
    """Assert that positions, timeline, disputes and incidents from the tables equal the replay."""
    fold = Fold(store.app, Clocks.parse(None, None, None))
    assert positions(store) == positions_from(fold, None, None)
    assert timeline(store) == timeline_from(fold, None, None)
    assert disputes(store) == disputes_from(fold, None)
    assert incidents(store) == incidents_from(fold, None)
