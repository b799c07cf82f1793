"""Hypothesis strategies for JSON Lines input over the seed store: valid lines and every kind of bad line."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import orjson
from hypothesis import strategies as st

from domain.vocabulary import ACTOR_KINDS, CONTACT_MODES, MEDIA, STANCES

PREFIX = "PFX"
"""Placeholder in generated keys and names, replaced per example so examples never collide."""

OFFSETS = [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]

ACTOR_OF_REF = {"fra": "fra", "Q142": "fra", "Russia": "rus", "Kremlin": "rus", "Choïgu": "sergei-shoigu",
                "Serguei Choigou": "sergei-shoigu", "Lecornu": "sebastien-lecornu", "US": "usa", "Ukraine": "ukr",
                "IS": "islamic-state", "Ministère des Armées": "fra-armed-forces-ministry",
                "western camp": "western-allies"}
"""The seed actor each reference names (several spell one actor)."""
REFS = list(ACTOR_OF_REF)

refs = st.sampled_from(REFS)
participants = st.lists(refs, min_size=2, max_size=3).filter(lambda r: len({ACTOR_OF_REF[x] for x in r}) == len(r))
"""References naming different actors, each once (a contact's participants)."""
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20).filter(lambda t: not t.isspace())
words = texts.filter(str.strip)
labels = words.filter(lambda t: t == t.strip())
"""Topic labels: text without spaces around it (input with them is refused)."""
counts = st.integers(min_value=0, max_value=2**63 - 1)


@st.composite
def clocks(draw: st.DrawFn) -> str:
    """A valid clock value: a year, a month, a day, or an instant with an offset."""
    day = draw(st.dates(min_value=date(1, 1, 2), max_value=date(9999, 12, 30)))
    form = draw(st.sampled_from(["year", "month", "day", "instant"]))
    if form == "instant":
        moment = datetime.combine(day, datetime.min.time()) + timedelta(seconds=draw(st.integers(0, 86399)))
        return moment.replace(tzinfo=draw(st.sampled_from(OFFSETS))).isoformat()
    return {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}", "day": day.isoformat()}[form]


def contact(draw: st.DrawFn, i: int, keyed: bool) -> dict[str, Any]:
    """A contact between two of the seed's actors."""
    line = {"type": "ContactMade", "occurred": draw(clocks()), "participants": draw(participants),
            "mode": draw(st.sampled_from(CONTACT_MODES))}
    if keyed or draw(st.booleans()):
        line["key"] = f"{PREFIX}-{i}"
    if draw(st.booleans()):
        line["duration_minutes"] = draw(st.integers(0, 600))
    return line


def statement(draw: st.DrawFn, i: int) -> dict[str, Any]:
    """A statement with one to three claims."""
    claims = draw(st.lists(st.fixed_dictionaries(
        {"subject": refs, "topic": texts, "stance": st.sampled_from(STANCES)}, optional={"quote": texts}),
        min_size=1, max_size=3))
    return {"type": "StatementMade", "key": f"{PREFIX}-{i}", "occurred": draw(clocks()), "speaker": draw(refs),
            "medium": draw(st.sampled_from(MEDIA)), "claims": claims, "topics": draw(st.lists(labels, max_size=2))}


def bad_line(draw: st.DrawFn) -> bytes:
    """One line that breaks the contract in one of the ways the issue names."""
    good = {"type": "ContactMade", "occurred": "2024-05-01", "participants": ["fra", "rus"], "mode": "phone"}
    kind = draw(st.sampled_from(["type", "field", "missing", "naive", "impossible", "actor", "reference",
                                 "negative", "utf8", "json", "repeat"]))
    if kind == "utf8":
        return b'{"type":"ContactMade","summary":"' + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + b'"}'
    if kind == "json":
        return draw(st.sampled_from([b"{", b"{'type': 'ContactMade'}", b'{"type":"ContactMade",}', b"nope"]))
    if kind == "repeat":
        return orjson.dumps(good)[:-1] + b',"mode":"video"}'
    changes: dict[str, Any] = {
        "type": {"type": draw(st.sampled_from(["Meeting", "contact", "", "NameClaimed"]))},
        "field": {"colour": draw(texts)},
        "naive": {"occurred": datetime(2024, 5, 1, draw(st.integers(0, 23))).isoformat()},
        "impossible": {"occurred": draw(st.sampled_from(["2024-02-30", "2023-13", "2024-04-31", "2024-00"]))},
        "actor": {"participants": ["fra", "Nobody " + draw(texts)]},
    }.get(kind, {})
    if kind == "missing":
        del good["mode"]
    if kind == "reference":
        good = {"type": "CasualtiesReported", "occurred": "2024", "attack": "missing-" + draw(texts)}
    if kind == "negative":
        good = {"type": "ArrestsMade", "occurred": "2024", "authority": "rus", "count": draw(st.integers(-(2**63), -1))}
    return orjson.dumps({**good, **changes})


@st.composite
def inputs(draw: st.DrawFn, bad: bool = True, keyed: bool = False) -> tuple[list[Any], bool]:
    """A list of lines (objects, or raw bytes when bad) and whether any of them is bad."""
    lines: list[Any] = []
    attacks: list[str] = []
    retracted: set[str] = set()
    any_bad = False
    for i in range(draw(st.integers(1, 8))):
        kinds = ["contact", "statement", "attack", "actor"] + (["bad"] if bad else [])
        live = [a for a in attacks if a not in retracted]
        kinds += ["casualties", "correct"] * bool(live) + ["retract"] * bool(live)
        kind = draw(st.sampled_from(kinds))
        if kind == "bad":
            lines.append(bad_line(draw))
            any_bad = True
        elif kind == "contact":
            lines.append(contact(draw, i, keyed))
        elif kind == "statement":
            lines.append(statement(draw, i))
        elif kind == "attack":
            attacks.append(f"{PREFIX}-{i}")
            lines.append({"type": "AttackOccurred", "key": attacks[-1], "occurred": draw(clocks()), "place": draw(texts),
                          "killed": draw(counts), "perpetrators": draw(st.lists(refs, max_size=2, unique_by=ACTOR_OF_REF.get))})
        elif kind == "actor":
            lines.append({"type": "ActorRegistered", "key": f"{PREFIX.lower()}-{i}", "name": f"Actor {PREFIX} {i}",
                          "kind": draw(st.sampled_from(ACTOR_KINDS))})
        elif kind == "casualties":
            lines.append({"type": "CasualtiesReported", "key": f"{PREFIX}-{i}", "occurred": draw(clocks()),
                          "attack": draw(st.sampled_from(live)), "killed": draw(counts)})
        elif kind == "correct":
            lines.append({"type": "Corrected", "target": draw(st.sampled_from(live)),
                          "changes": {"killed": draw(counts)}, "reason": draw(texts)})
        else:
            target = draw(st.sampled_from(live))
            retracted.add(target)
            lines.append({"type": "Retracted", "target": target, "reason": draw(texts)})
    return lines, any_bad


def render(lines: list[Any], prefix: str) -> list[bytes]:
    """Turn generated lines into JSON Lines bytes, with this example's prefix in keys and names."""
    out = []
    for line in lines:
        raw = line if isinstance(line, bytes) else orjson.dumps(line)
        out.append(raw.replace(PREFIX.encode(), prefix.encode()).replace(PREFIX.lower().encode(), prefix.lower().encode()))
    return out
