"""Corrections and retractions under the clocks: an occurrence's state at (known_at, recorded_at).

A Corrected or Retracted event applies at (K, R) iff its recorded <= R and its effective reported
(its `reported`, else its recorded) <= K. The applicable set is not necessarily a prefix of the
stream, so the materialised views split the (K, R) plane into rectangles ("cells") inside which
the applicable set of every stream involved is constant, and store one row per cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.paths import with_changes
from projections.timeclock import ALWAYS, NEVER, micros, recorded_micros


@dataclass(frozen=True, slots=True)
class Later:
    """A correction (changes) or retraction (changes None) with the clocks from which it applies."""

    rec: int
    rep: int
    changes: dict[str, Any] | None


@dataclass(slots=True)
class Stream:
    """One occurrence stream: its type, creation state and recorded time, then its later events."""

    id: str
    type: str
    created: dict[str, Any]
    rec: int
    later: list[Later] = field(default_factory=list)

    def add(self, name: str, state: dict[str, Any]) -> None:
        """Fold a Corrected or Retracted event (decoded state) into the stream."""
        rec = recorded_micros(state["timestamp"])
        rep = micros(state["reported"]) if state.get("reported") else rec
        self.later.append(Later(rec, rep, state["changes"] if name == "Corrected" else None))

    def state_at(self, known_at: int, recorded_at: int) -> dict[str, Any] | None:
        """Return the record as it stood at (known_at, recorded_at), or None when retracted there."""
        state = self.created
        for later in self.later:
            if later.rec <= recorded_at and later.rep <= known_at:
                if later.changes is None:
                    return None
                state = with_changes(state, later.changes)
        return state

    def signature(self, known_at: int, recorded_at: int) -> tuple[bool, ...]:
        """Tell which later events apply at (known_at, recorded_at)."""
        return tuple(x.rec <= recorded_at and x.rep <= known_at for x in self.later)


def new_stream(stream_id: str, name: str, state: dict[str, Any]) -> Stream:
    """Start a stream from its creation event's decoded state."""
    return Stream(stream_id, name, state, recorded_micros(state["timestamp"]))


@dataclass(frozen=True, slots=True)
class Cell:
    """A rectangle of the (known_at, recorded_at) plane: k_lo <= K < k_hi and r_lo <= R < r_hi."""

    k_lo: int
    k_hi: int
    r_lo: int
    r_hi: int


def cells(streams: list[Stream]) -> list[Cell]:
    """Split the plane so that every stream's applicable later events are constant in each cell."""
    points = [x for s in streams for x in s.later]
    if not points:
        return [Cell(ALWAYS, NEVER, ALWAYS, NEVER)]
    r_edges = [ALWAYS, *sorted({p.rec for p in points}), NEVER]
    k_edges = [ALWAYS, *sorted({p.rep for p in points}), NEVER]
    found: list[Cell] = []
    for r_lo, r_hi in zip(r_edges, r_edges[1:]):
        start, signature = k_edges[0], None
        for k_lo, k_hi in zip(k_edges, k_edges[1:]):
            here = tuple(s.signature(k_lo, r_lo) for s in streams)
            if signature is not None and here != signature:
                found.append(Cell(start, k_lo, r_lo, r_hi))
                start = k_lo
            signature = here
        found.append(Cell(start, NEVER, r_lo, r_hi))
    return found
