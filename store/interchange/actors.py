"""Resolving the actors that coded rows name, and planning registrations for unknown ones.

Order of resolution: Wikidata id, name (registry names and aliases), the country table (a country's
name or long form resolves to its state), the upstream actor code (PLOVER `code`, e.g. `USA`).
With `register`, an unknown actor is registered once, under a key derived from its name, with its
source name; a name or alias that already belongs to another actor is never claimed again, so
registration cannot break an import with a NameClaimed conflict.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from domain.countries import Country, country_named
from domain.identity import actor_id
from domain.names import fold_name, is_wikidata_id, name_folds
from store.directory import ActorDirectory
from store.interchange.records import Party, slug

ARMED = re.compile(r"\b(insurgents?|rebels?|separatists?|militants?|terrorists?|militias?|unidentified forces|"
                   r"armed groups?)\b", re.IGNORECASE)
"""Words (whole words: `Rebelo` is no rebel) in a name or a sector (ICEWS) that mark an armed group; a state's
`Armed Forces` are an organisation, and an ideological sector (`Radicals / Extremists`) says nothing of arms."""
ARMED_CODES = frozenset({"reb", "ins", "sep", "uaf"})
"""Actor type codes (CAMEO, GDELT) that mark an armed group."""
ORGANISATION_WORDS = frozenset(
    "party army force forces ministry council service police organization organisation association "
    "union bank court government assembly commission agency company corporation group committee "
    "front movement league office department parliament congress senate media news university "
    "church navy federation institute fund nations community".split())
_WORD = re.compile(r"^[^\W\d_][\w.'-]*$")
"""A word of a person's name (letters of any script, then letters, digits, dots, apostrophes, hyphens); it must
also begin with a capital (`_name_word`)."""
PARTICLES = frozenset("de da do dos das del della di du la le van von der den ter al el bin ibn bint y e".split())
"""Lower-case words inside a person's name (Marcelo Rebelo de Sousa, Ursula von der Leyen)."""


def guess_kind(p: Party) -> str:
    """Guess an unknown actor's kind from the row: armed group, organisation or person."""
    if p.kind:
        return p.kind
    if ARMED.search(" | ".join((*p.sectors, p.name))) or ARMED_CODES & {s.lower() for s in p.sectors}:
        return "armed-group"
    words = p.name.replace("(", " ( ").split()
    if "(" in words or any(w.lower() in ORGANISATION_WORDS for w in words):
        return "organisation"
    if 2 <= len(words) <= 5 and _name_word(words[0]) and _name_word(words[-1]) and \
            all(_name_word(w) or w in PARTICLES for w in words):
        return "person"  # an IGO sector says where a person works (Jens Stoltenberg), not that it is one
    return "organisation"


def _name_word(word: str) -> bool:
    """Tell whether a word can be part of a person's name: a capital of any script first (Édouard, Özgür,
    Владимир), then letters."""
    return word[0].isupper() and _WORD.match(word) is not None


PARTY_CACHE = 65536
"""Parties whose resolution is remembered at once (memory stays bounded on huge imports)."""


class ActorResolver:
    """Turns named parties into actor keys, planning registrations for unknown ones when allowed."""

    def __init__(self, directory: ActorDirectory, register: bool):
        self.directory = directory
        self.register = register
        self.known: dict[str, str | None] = {}
        self.planned: list[dict[str, Any]] = []
        self.failed: dict[str, str] = {}
        self.registered = 0
        self._parties: dict[Party, str | None] = {}
        """What each party resolved to this run (rows repeat parties; cleared when a registration is refused)."""

    def lookup(self, ref: str | None) -> str | None:
        """Resolve one reference against planned registrations and the registry (cached per run), trying its
        folded forms in the order the directory does, so an older exact spelling's claim comes first."""
        if not ref:
            return None
        for folded in name_folds(ref):
            if folded not in self.known:
                self.known[folded] = self.directory.claimant(folded)
            if self.known[folded] is not None:
                return self.known[folded]
        return None

    def resolve(self, p: Party | None) -> str | None:
        """Return the key of the actor a party names, or None when unknown (and not registered)."""
        if p is None:
            return None
        if p not in self._parties:
            if len(self._parties) >= PARTY_CACHE:
                self._parties.clear()
            self._parties[p] = self._resolve(p)
        return self._parties[p]

    def _resolve(self, p: Party) -> str | None:
        found = self.lookup(p.wikidata) or self._person_named(p.plain) or self.lookup(p.name)
        if found:
            return found
        country = country_named(p.name)
        if country is not None:
            return self.state(country, p.name, p.wikidata)
        found = self.lookup(p.code)
        if found or not self.register:
            return found
        return self._plan(p)

    def _person_named(self, name: str | None) -> str | None:
        """The key of a registered person under a row's own name, which the row qualified by country as it does a
        role (`Vladimir Putin`, coded as Russia's government); None for anything else (a `Police` registered
        somewhere is not Ukraine's police)."""
        key = self.lookup(name) if name else None
        actor = self.directory.app.load_actor(actor_id(key)) if key else None
        return key if actor is not None and actor.kind == "person" else None

    def state(self, country: Country, source_name: str | None = None, wikidata: str | None = None) -> str | None:
        """Resolve a country's state by key, name or long form; register it when allowed."""
        for ref in (country.key, country.name, *country.aliases):
            found = self.lookup(ref)
            if found:
                return found
        if not self.register:
            return None
        names = [source_name or country.name, country.name, *country.aliases]
        return self._add(self._with_wikidata({"key": country.key, "name": country.name, "kind": "state"},
                                             wikidata), names)

    def _with_wikidata(self, registration: dict[str, Any], wikidata: str | None) -> dict[str, Any]:
        """Add the Wikidata id a row gives, when it is well-formed and claimed by no one else."""
        if wikidata and is_wikidata_id(wikidata) and self.lookup(wikidata) is None:
            registration["wikidata"] = wikidata
        return registration

    def _plan(self, p: Party) -> str:
        """Plan the registration of an unknown non-state actor; return the key it will have."""
        kind = guess_kind(p)
        registration: dict[str, Any] = {"key": self._free_key(p.name), "name": p.name, "kind": kind}
        country = country_named(p.country) if p.country and kind == "organisation" else None
        if country is not None:
            part_of = self.state(country)
            if part_of:
                registration["part_of"] = part_of
        return self._add(self._with_wikidata(registration, p.wikidata), [p.name])

    def _add(self, registration: dict[str, Any], names: list[str]) -> str:
        """Record a planned registration and make its key, name and free aliases resolve to it."""
        key = registration["key"]
        if key in self.failed:
            return key
        aliases = []
        for name in dict.fromkeys(names):
            if fold_name(name) and self.lookup(name) is None:
                if name != registration["name"]:
                    aliases.append(name)
                self.known[fold_name(name)] = key
        if aliases:
            registration["aliases"] = aliases
        for extra in (key, registration.get("wikidata")):
            if extra:
                self.known[fold_name(extra)] = key
        self.planned.append({"type": "ActorRegistered", **registration})
        return key

    def _free_key(self, name: str) -> str:
        """Derive an unclaimed key from a name. A short hash is added when the plain one is taken, or when it
        says less than the name (letters outside ASCII dropped: "Полиция (Russia)" must not become `russia`,
        a key that is claimed as a name and would then resolve "Russia" to the police)."""
        base = slug(name, 120) or "actor"
        if base != "actor" and fold_name(base) == fold_name(name) and self.lookup(base) is None:
            return base
        return f"{base}-{hashlib.sha1(name.encode()).hexdigest()[:8]}"

    def take_planned(self) -> list[dict[str, Any]]:
        """Hand over the registrations planned since the last call (to be stored before the rows)."""
        planned, self.planned = self.planned, []
        return planned

    def forget(self, registration: dict[str, Any]) -> None:
        """Forget a planned registration the store refused because another writer stored that key or one of its
        names meanwhile, so that its names are looked up in the store again."""
        key = registration["key"]
        self._parties.clear()
        for folded, owner in list(self.known.items()):
            if owner == key:
                del self.known[folded]

    def refused(self, registration: dict[str, Any], reason: str) -> None:
        """Forget a registration the store refused, so rows naming it are rejected with the reason."""
        key = registration["key"]
        self.failed[key] = reason
        self._parties.clear()
        for folded, owner in list(self.known.items()):
            if owner == key:
                self.known[folded] = None
