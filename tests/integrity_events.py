"""A seeded generator of valid JSON Lines input (a few states, then keyed contacts) for integrity tests and bench."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import orjson

STATES = ["fra", "rus", "ukr", "usa", "deu", "gbr", "pol", "tur"]
MODES = ["phone", "video", "visit", "host"]


def actor_lines() -> Iterator[bytes]:
    """Register the states the contacts refer to (each also claims its key and its name: three events each)."""
    for key in STATES:
        yield orjson.dumps({"type": "ActorRegistered", "key": key, "name": f"State {key.upper()}", "kind": "state"})


def contact_lines(count: int, seed: int = 1, prefix: str = "gen",
                  states: list[str] = STATES) -> Iterator[bytes]:
    """Yield `count` keyed ContactMade lines (one event each) between `states`, reproducible from the seed."""
    rng = random.Random(seed)
    for i in range(count):
        a, b = rng.sample(states, 2)
        yield orjson.dumps({
            "type": "ContactMade", "key": f"{prefix}-{i}", "occurred": f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}",
            "participants": [a, b], "mode": rng.choice(MODES), "topics": [f"topic-{rng.randint(1, 40)}"],
            "summary": f"generated contact {i} between {a} and {b}",
        })


SEED_STATES = ["fra", "rus", "ukr", "usa"]
"""States registered by the seed article, for contacts appended after it."""


def write_events(path: Path, count: int, seed: int = 1, prefix: str = "gen", actors: bool = True) -> Path:
    """Write our states and `count` contacts to a JSON Lines file (without actors: the seed's states)."""
    with path.open("wb") as f:
        if actors:
            f.writelines(line + b"\n" for line in actor_lines())
        f.writelines(line + b"\n" for line in contact_lines(count, seed, prefix, STATES if actors else SEED_STATES))
    return path


def events_for(count: int, actors: bool = True) -> int:
    """Return how many stored events the generated file of `count` contacts produces."""
    return count + (len(STATES) * 3 if actors else 0)  # registration, key claim, name claim
