"""A seeded generator of occurrence lines about the seed article's actors, for ingest benchmarks."""

from __future__ import annotations

import random
from collections.abc import Iterator

import orjson

ACTORS = ["fra", "rus", "ukr", "usa", "tjk", "sebastien-lecornu", "sergei-shoigu", "emmanuel-macron",
          "sergei-lavrov", "antony-blinken", "lloyd-austin", "andrei-belousov", "rus-defence-ministry",
          "fra-armed-forces-ministry", "islamic-state"]
TOPICS = ["ukraine-war", "ukraine-dialogue", "counter-terrorism", "moscow-attack", "energy", "sanctions",
          "black-sea", "nuclear-safety", "prisoner-exchange", "grain-corridor"]
STANCES = ["supports", "opposes", "condemns", "denies", "rejects", "ready-to-negotiate", "neutral"]
MODES = ["phone", "video", "visit", "host", "third-party"]


def _clock(rng: random.Random) -> str:
    """A random occurred/reported value, sometimes partial (a month), mostly a day."""
    year, month, day = rng.randint(2014, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return f"{year}-{month:02d}" if rng.random() < 0.1 else f"{year}-{month:02d}-{day:02d}"


def occurrence(rng: random.Random, i: int) -> dict:
    """One random but valid occurrence object; every other one carries an idempotency key."""
    a, b = rng.sample(ACTORS, 2)
    topics = rng.sample(TOPICS, rng.randint(1, 3))
    base: dict = {"occurred": _clock(rng), "topics": topics,
                  "sources": [{"publisher": rng.choice(["AFP", "Reuters", "TASS", "AP"]),
                               "published": "2024-04-03"}]}
    if i % 2 == 0:
        base["key"] = f"bench-{i}"
    kind = rng.random()
    if kind < 0.4:
        return {"type": "ContactMade", **base, "participants": [a, b], "mode": rng.choice(MODES),
                "initiated_by": a, "summary": f"{a} and {b} speak about {topics[0]}"}
    if kind < 0.7:
        return {"type": "StatementMade", **base, "speaker": a, "medium": "communique",
                "claims": [{"subject": b, "topic": topics[0], "stance": rng.choice(STANCES),
                            "quote": f"quote number {i}"}]}
    if kind < 0.85:
        return {"type": "AccusationMade", **base, "accuser": a, "accused": b, "topic": topics[0],
                "quote": f"accusation {i}"}
    return {"type": "CooperationOffered", **base, "offerer": a, "recipients": [b],
            "domain": topics[0], "quote": f"offer {i}"}


def lines(count: int, seed: int = 20240403, start: int = 0) -> Iterator[bytes]:
    """Yield `count` JSON Lines (bytes, no newline), the same for the same seed and start.

    Each line is copied into a right-sized bytes object: orjson's own output keeps a ~4 KB
    allocation per object, which made a million held lines cost 4 GB.
    """
    rng = random.Random(seed + start)
    for i in range(start, start + count):
        yield bytes(bytearray(orjson.dumps(occurrence(rng, i))))
