"""Hypothesis strategies: random histories of actors, offices, memberships and occurrences, with
corrections, retractions, out-of-order and partial dates, as batches of JSON Lines objects."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

STATES = ["sa", "sb", "sc"]
PEOPLE = ["pa", "pb", "pc", "pd"]
GROUP = "grp"
MINISTRY = "ma"
ACTORS = STATES + PEOPLE + [GROUP, MINISTRY]
TOPICS = ["t1", "t2", "t3"]
RANKS = ["head-of-state", "minister", "deputy-minister", "official"]
PORTFOLIOS = ["defence", "foreign-affairs", None]
STANCES = ["supports", "opposes", "ready-to-negotiate", "denies", "condemns"]
MODES = ["phone", "visit", "video"]


def registrations() -> list[dict[str, Any]]:
    """The fixed cast: three states, a group, four people and a ministry of the first state."""
    lines = [{"type": "ActorRegistered", "key": k, "name": f"State {k}", "kind": "state"} for k in STATES]
    lines.append({"type": "ActorRegistered", "key": GROUP, "name": "The Group", "kind": "group"})
    lines += [{"type": "ActorRegistered", "key": k, "name": f"Person {k}", "kind": "person"} for k in PEOPLE]
    lines.append({"type": "ActorRegistered", "key": MINISTRY, "name": "Ministry A", "kind": "organisation",
                  "part_of": "sa"})
    return lines


dates = st.one_of(
    st.integers(2020, 2024).map(str),
    st.tuples(st.integers(2020, 2024), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.tuples(st.integers(2020, 2024), st.integers(1, 12), st.integers(1, 28)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
    st.tuples(st.integers(2020, 2024), st.integers(1, 12), st.integers(1, 28), st.integers(0, 23)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}T{t[3]:02d}:30:00+02:00"),
)
actor = st.sampled_from(ACTORS)
topic = st.sampled_from(TOPICS)
maybe_date = st.none() | dates


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@st.composite
def actor_event(draw: st.DrawFn) -> dict[str, Any]:
    """An office taken or left, or a membership started or ended (some will be refused, that is fine)."""
    kind = draw(st.sampled_from(["OfficeTaken", "OfficeTaken", "OfficeLeft", "MembershipStarted", "MembershipEnded"]))
    person, state = draw(st.sampled_from(PEOPLE)), draw(st.sampled_from(STATES + [MINISTRY]))
    if kind == "OfficeTaken":
        return _clean({"type": kind, "actor": person, "office": f"office-{state}", "of": state,
                       "rank": draw(st.sampled_from(RANKS)), "portfolio": draw(st.sampled_from(PORTFOLIOS)),
                       "from": draw(dates), "until": draw(st.none() | st.just("2025"))})
    if kind == "OfficeLeft":  # the title as taken, or written otherwise (one office: any case, spacing or accents)
        title = draw(st.sampled_from([f"office-{state}", f"Office-{state.upper()}", f"offíce-{state}"]))
        return {"type": kind, "actor": person, "office": title, "of": state, "on": draw(dates)}
    member = draw(st.sampled_from(STATES))
    if kind == "MembershipStarted":
        return {"type": kind, "actor": member, "group": GROUP, "from": draw(dates)}
    return {"type": kind, "actor": member, "group": GROUP, "on": draw(dates)}


@st.composite
def occurrence(draw: st.DrawFn, key: str, earlier: dict[str, str]) -> dict[str, Any]:
    """One occurrence of a random type; references pick earlier keys of the right type."""
    kinds = ["ContactMade", "StatementMade", "AccusationMade", "CooperationOffered", "AttackOccurred"]
    statements = [k for k, t in earlier.items() if t in ("StatementMade", "AccusationMade", "ContactMade")]
    attacks = [k for k, t in earlier.items() if t == "AttackOccurred"]
    if statements:
        kinds += ["ClaimDenied", "ClaimDenied"]
    if attacks:
        kinds += ["CasualtiesReported", "ResponsibilityClaimed", "ArrestsMade"]
    kind = draw(st.sampled_from(kinds))
    base = {"type": kind, "key": key, "occurred": draw(dates), "reported": draw(maybe_date),
            "topics": draw(st.lists(topic, max_size=2, unique=True)), "summary": key}
    if kind == "ContactMade":
        fields = {"participants": draw(st.lists(actor, min_size=2, max_size=3, unique=True)),
                  "mode": draw(st.sampled_from(MODES)), "initiated_by": draw(st.none() | actor)}
        if draw(st.booleans()):  # an imported row: the one-a-day rule of `contacts` applies to it
            fields["provenance"] = {"dataset": "icews", "record_id": key}
    elif kind == "StatementMade":
        claims = draw(st.lists(st.fixed_dictionaries({"subject": actor, "topic": topic,
                                                       "stance": st.sampled_from(STANCES),
                                                       "quote": st.sampled_from(["q1", "q2"])}),
                               min_size=1, max_size=3))
        fields = {"speaker": draw(actor), "medium": "communique", "claims": claims}
    elif kind == "ClaimDenied":
        target = draw(st.sampled_from(statements))
        claim = draw(st.none() | st.integers(0, 2)) if earlier[target] == "StatementMade" else None
        fields = {"denier": draw(actor), "denies": target, "claim": claim, "quote": "no"}
    elif kind == "AccusationMade":
        fields = {"accuser": draw(actor), "accused": draw(actor), "topic": draw(topic), "quote": "you did"}
    elif kind == "CooperationOffered":
        fields = {"offerer": draw(actor), "recipients": [draw(actor)], "domain": draw(topic)}
    elif kind == "AttackOccurred":
        fields = {"place": "somewhere", "killed": draw(st.none() | st.integers(0, 50)),
                  "injured": draw(st.none() | st.integers(0, 50)),
                  "perpetrators": [{"actor": draw(actor), "status": draw(st.sampled_from(["alleged", "claimed"]))}]}
    elif kind == "CasualtiesReported":
        fields = {"attack": draw(st.sampled_from(attacks)), "killed": draw(st.none() | st.integers(0, 200)),
                  "injured": draw(st.none() | st.integers(0, 200))}
    elif kind == "ResponsibilityClaimed":
        fields = {"claimant": draw(actor), "attack": draw(st.sampled_from(attacks))}
    else:
        fields = {"authority": draw(actor), "count": draw(st.integers(1, 9)),
                  "in_connection_with": draw(st.sampled_from(attacks))}
    return _clean({**base, **fields})


@st.composite
def correction(draw: st.DrawFn, earlier: dict[str, str], places: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """A correction (of dates, topics or a type's own fields) or a retraction of an earlier occurrence; `places`
    holds each statement's claims as recorded (subject, topic), which a correction must keep at their places."""
    key = draw(st.sampled_from(sorted(earlier)))
    reported = draw(maybe_date)
    if draw(st.integers(0, 4)) == 0:
        return _clean({"type": "Retracted", "target": key, "reason": "false", "reported": reported})
    kind = earlier[key]
    options: list[dict[str, Any]] = [{"occurred": draw(dates)}, {"reported": draw(dates)},
                                     {"topics": draw(st.lists(topic, max_size=2, unique=True))}]
    if kind == "ContactMade":
        options.append({"participants": draw(st.lists(actor, min_size=2, max_size=3, unique=True))})
        options.append({f"participants.{draw(st.integers(0, 2))}": draw(actor)})  # a path: one item of the list
    if kind == "StatementMade":
        options.append({"speaker": draw(actor)})
        claim = st.fixed_dictionaries({"subject": actor, "topic": topic, "stance": st.sampled_from(STANCES)})
        options.append({"claims": draw(st.lists(claim, min_size=1, max_size=3))})  # mostly refused: moves claims
        kept = [{"subject": subject, "topic": about, "stance": draw(st.sampled_from(STANCES))}
                for subject, about in places[key]]
        options.append({"claims": kept + draw(st.lists(claim, max_size=1))})  # every claim at its place
        options.append({f"claims.{draw(st.integers(0, 2))}.stance": draw(st.sampled_from(STANCES))})
    if kind == "ClaimDenied":
        denied = [k for k, t in earlier.items() if t in ("StatementMade", "AccusationMade") and k != key]
        if denied:
            options.append({"denies": draw(st.sampled_from(denied)), "claim": None})
    if kind in ("AttackOccurred", "CasualtiesReported"):
        options.append({"killed": draw(st.integers(0, 300))})
    changes = draw(st.sampled_from(options))
    named = draw(st.none() | st.sampled_from(["fix-1", "fix-2"]))  # a key given again with other content: refused
    return _clean({"type": "Corrected", "target": key, "changes": changes, "reason": "typo", "reported": reported,
                   "key": named})


@st.composite
def histories(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    """Batches of lines: the cast first, then mixed actor events, occurrences and corrections."""
    batches: list[list[dict[str, Any]]] = [registrations()]
    earlier: dict[str, str] = {}
    places: dict[str, list[tuple[str, str]]] = {}
    corrections: list[dict[str, Any]] = []
    for b in range(draw(st.integers(1, 5))):
        batch = []
        for i in range(draw(st.integers(1, 8))):
            choice = draw(st.integers(0, 9))
            if choice < 2:
                batch.append(draw(actor_event()))
            elif choice == 2 and corrections:  # a change made again: after others, a correction of its own
                batch.append(draw(st.sampled_from(corrections)))
            elif choice < 4 and earlier:
                corrections.append(draw(correction(earlier, places)))
                batch.append(corrections[-1])
            else:
                key = f"k{b}-{i}"
                line = draw(occurrence(key, earlier))
                earlier[key] = line["type"]
                places[key] = [(c["subject"], c["topic"]) for c in line.get("claims", [])]
                batch.append(line)
        batches.append(batch)
    return batches
