"""A seeded generator of realistic histories as JSON Lines: a few hundred actors with offices and
memberships, then occurrences in realistic proportions with keys, references and corrections."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import orjson

TOPICS = [f"topic-{i}" for i in range(40)]
PORTFOLIOS = ["defence", "foreign-affairs", "interior", "economy", None]
RANKS = ["head-of-state", "head-of-government", "minister", "deputy-minister", "ambassador", "spokesperson"]
STANCES = ["supports", "opposes", "condemns", "rejects", "ready-to-negotiate", "refuses-to-negotiate", "neutral"]
MODES = ["phone", "video", "visit", "host", "third-party", "multilateral"]
WEIGHTS = {  # share of occurrence lines, roughly as in event datasets (consultations and statements dominate)
    "ContactMade": 30, "StatementMade": 24, "ClaimDenied": 5, "AccusationMade": 8, "CooperationOffered": 4,
    "AttackOccurred": 5, "CasualtiesReported": 4, "ResponsibilityClaimed": 2, "ArrestsMade": 3, "WarningGiven": 2,
    "AgreementSigned": 2, "AlertLevelChanged": 1, "CodedEvent": 7, "Corrected": 2, "Retracted": 1,
}
STATES = [f"state-{i:02d}" for i in range(50)]
GROUPS = [f"group-{i}" for i in range(5)]


class Generator:
    """Yields JSON objects; the same seed always yields the same history."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.people: dict[str, list[str]] = {s: [] for s in STATES}
        self.recent: dict[str, list[str]] = {"StatementMade": [], "AccusationMade": [], "AttackOccurred": []}
        self.keys: list[str] = []
        self.retracted: set[str] = set()

    def date(self) -> str:
        """A clock value between 2015 and 2025, mostly days, some months, years and instants."""
        r = self.rng
        y, m, d = r.randint(2015, 2025), r.randint(1, 12), r.randint(1, 28)
        p = r.random()
        if p < 0.8:
            return f"{y}-{m:02d}-{d:02d}"
        if p < 0.9:
            return f"{y}-{m:02d}"
        if p < 0.95:
            return str(y)
        return f"{y}-{m:02d}-{d:02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00+00:00"

    def actors(self) -> Iterator[dict[str, Any]]:
        """States, groups, ministries and people with their offices and memberships."""
        r = self.rng
        for s in STATES:
            yield {"type": "ActorRegistered", "key": s, "name": f"State {s}", "kind": "state"}
        for g in GROUPS:
            yield {"type": "ActorRegistered", "key": g, "name": f"Group {g}", "kind": "group"}
            for s in r.sample(STATES, 12):
                yield {"type": "MembershipStarted", "actor": s, "group": g, "from": f"{r.randint(2010, 2020)}"}
        for s in STATES:
            for portfolio in ("defence", "foreign-affairs"):
                yield {"type": "ActorRegistered", "key": f"{s}-{portfolio}", "name": f"{s} {portfolio} ministry",
                       "kind": "organisation", "part_of": s}
                self.people[s].append(f"{s}-{portfolio}")
            for i in range(6):
                person = f"{s}-person-{i}"
                yield {"type": "ActorRegistered", "key": person, "name": f"Person {s} {i}", "kind": "person"}
                start = r.randint(2010, 2022)
                office = {"type": "OfficeTaken", "actor": person, "office": f"office-{i}", "of": s,
                          "rank": RANKS[i % len(RANKS)], "from": f"{start}-{r.randint(1, 12):02d}-01"}
                portfolio = PORTFOLIOS[i % len(PORTFOLIOS)]
                if portfolio:
                    office["portfolio"] = portfolio
                yield office
                if r.random() < 0.4:
                    yield {"type": "OfficeLeft", "actor": person, "office": f"office-{i}", "of": s,
                           "on": f"{r.randint(start + 1, 2026)}-06-01"}
                self.people[s].append(person)

    def actor(self) -> str:
        """A random speaker or participant: mostly people and ministries, sometimes the state itself."""
        state = self.rng.choice(STATES)
        return state if self.rng.random() < 0.15 else self.rng.choice(self.people[state])

    def two_actors(self) -> list[str]:
        """Two different actors (a contact's participants)."""
        first = self.actor()
        while (second := self.actor()) == first:
            pass
        return [first, second]

    def occurrence(self, i: int) -> dict[str, Any]:
        """One occurrence (or correction) line."""
        r = self.rng
        kind = r.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        if kind in ("Corrected", "Retracted") and len(self.keys) > 100:
            target = r.choice(self.keys[-5000:])
            if target in self.retracted:
                kind, target = "Corrected", self.keys[-1]
            if kind == "Retracted":
                self.retracted.add(target)
                for recent in self.recent.values():  # nothing refers to a retracted record from then on
                    if target in recent:
                        recent.remove(target)
                return {"type": kind, "target": target, "reason": "duplicate record", "reported": self.date()}
            change = r.choice([{"occurred": self.date()}, {"reported": self.date()}, {"topics": [r.choice(TOPICS)]}])
            line = {"type": kind, "target": target, "changes": change, "reason": "fix"}
            if r.random() < 0.5:
                line["reported"] = self.date()
            return line
        if kind in ("ClaimDenied",) and not (self.recent["StatementMade"] or self.recent["AccusationMade"]):
            kind = "StatementMade"
        if kind in ("CasualtiesReported", "ResponsibilityClaimed", "ArrestsMade") and not self.recent["AttackOccurred"]:
            kind = "AttackOccurred"
        if kind in ("Corrected", "Retracted"):
            kind = "ContactMade"
        key = f"g{i}"
        occurred = self.date()
        line: dict[str, Any] = {"type": kind, "key": key, "occurred": occurred,
                                "topics": r.sample(TOPICS, r.randint(1, 2)),
                                "sources": [{"publisher": r.choice(["AFP", "Reuters", "AP"]), "published": occurred}]}
        if r.random() < 0.7:
            line["reported"] = occurred
        line.update(self.fields(kind))
        if kind in self.recent:
            self.recent[kind].append(key)
            del self.recent[kind][:-2000]
        if kind not in ("ClaimDenied",):
            self.keys.append(key)
        return line

    def fields(self, kind: str) -> dict[str, Any]:
        """The type's own fields."""
        r, a = self.rng, self.actor
        if kind == "ContactMade":
            return {"participants": self.two_actors(), "mode": r.choice(MODES), "initiated_by": a()}
        if kind == "StatementMade":
            return {"speaker": a(), "medium": "communique", "claims": [
                {"subject": a(), "topic": r.choice(TOPICS), "stance": r.choice(STANCES), "quote": "a quote"}
                for _ in range(r.randint(1, 3))]}
        if kind == "ClaimDenied":
            pool = self.recent["StatementMade"] if r.random() < 0.8 else self.recent["AccusationMade"]
            return {"denier": a(), "denies": r.choice(pool or self.recent["StatementMade"] or self.recent["AccusationMade"]),
                    "quote": "we deny it"}
        if kind == "AccusationMade":
            return {"accuser": a(), "accused": a(), "topic": r.choice(TOPICS), "quote": "they did it"}
        if kind == "CooperationOffered":
            return {"offerer": a(), "recipients": [a()], "domain": r.choice(TOPICS)}
        if kind == "AttackOccurred":
            return {"place": f"city-{r.randint(1, 500)}", "killed": r.randint(0, 100), "injured": r.randint(0, 300),
                    "perpetrators": [{"actor": a(), "status": r.choice(["alleged", "claimed"])}]}
        attack = r.choice(self.recent["AttackOccurred"] or [""])
        if kind == "CasualtiesReported":
            return {"attack": attack, "killed": r.randint(0, 200), "injured": r.randint(0, 500)}
        if kind == "ResponsibilityClaimed":
            return {"claimant": a(), "attack": attack}
        if kind == "ArrestsMade":
            return {"authority": r.choice(STATES), "count": r.randint(1, 20), "in_connection_with": attack}
        if kind == "WarningGiven":
            return {"warner": a(), "recipient": a()}
        if kind == "AgreementSigned":
            return {"parties": r.sample(STATES, 2), "title": "an agreement"}
        if kind == "AlertLevelChanged":
            return {"authority": r.choice(STATES), "level": r.choice(["low", "high", "maximum"])}
        return {"source": a(), "target": a(), "cameo": "040", "text": "coded"}

    def lines(self, n: int) -> Iterator[bytes]:
        """Yield n JSON Lines lines: the actors first, then occurrences."""
        produced = 0
        for obj in self.actors():
            if produced == n:
                return
            produced += 1
            yield orjson.dumps(obj)
        for i in range(n - produced):
            yield orjson.dumps(self.occurrence(i))


def generate(n: int, seed: int = 7) -> Iterator[bytes]:
    """Yield n JSON Lines lines of a seeded realistic history."""
    return Generator(seed).lines(n)
