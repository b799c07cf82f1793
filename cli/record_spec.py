"""The flags of every `geoevents record` command, as data: one row per flag, one entry per type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cli import flags as parse
from domain.vocabulary import CONTACT_MODES, MEDIA, STANCES


@dataclass(frozen=True)
class Flag:
    """One option: its name, the JSON field it fills, help, and how a value is read."""

    name: str
    field: str
    help: str
    read: Callable[[str], Any] | None = None
    many: bool = False
    required: bool = False
    number: bool = False
    metavar: str = "TEXT"

    @property
    def param(self) -> str:
        """The Python parameter name (prefixed so it never clashes with --store or --format)."""
        return "f_" + self.name.replace("-", "_")


@dataclass(frozen=True)
class Kind:
    """One `record` sub-command: the catalogue type it writes, its own flags and an example."""

    type: str
    flags: tuple[Flag, ...]
    example: str


def actor(name: str, field: str, what: str, required: bool = True) -> Flag:
    """A flag taking one actor reference (key, Wikidata id, name or alias)."""
    return Flag(name, field, f"{what} (actor key, Wikidata id, name or alias).", required=required, metavar="ACTOR")


def actors(name: str, field: str, what: str) -> Flag:
    """A repeatable flag taking actor references."""
    return Flag(name, field, f"{what} (actor reference; repeat the flag).", many=True, required=True,
                metavar="ACTOR")


def about(help_text: str = "The occurrence it is about (id or key).") -> Flag:
    """A flag naming another occurrence by id or key."""
    return Flag("about", "about", help_text, metavar="ID-OR-KEY")


QUOTE = Flag("quote", "quote", "The words used, quoted.")
KILLED = Flag("killed", "killed", "Number of people killed.", number=True, metavar="N")
INJURED = Flag("injured", "injured", "Number of people injured.", number=True, metavar="N")
ATTACK = Flag("attack", "attack", "The AttackOccurred it refers to (id or key).", required=True, metavar="ID-OR-KEY")

COMMON: tuple[Flag, ...] = (
    Flag("occurred", "occurred", "When it happened: 2024, 2024-04, 2024-04-03 or an ISO datetime with offset.",
         required=True, metavar="DATE"),
    Flag("reported", "reported", "When it became public (default: when the store records it).", metavar="DATE"),
    Flag("source", "sources", "A source; repeat for several.", parse.source, many=True, metavar="PUBLISHER[,URL]"),
    Flag("topic", "topics", "A topic label; repeat for several.", many=True),
    Flag("summary", "summary", "One-sentence summary."),
    Flag("key", "key", "Client idempotency key: recording the same key again adds nothing."),
)

KINDS: dict[str, Kind] = {
    "contact": Kind("ContactMade", (
        actors("participant", "participants", "A participant, at least two; for --mode visit the first is the "
               "visitor, for host the host"),
        Flag("mode", "mode", f"How: {', '.join(CONTACT_MODES)}.", required=True),
        actor("initiated-by", "initiated_by", "Who asked for the contact", required=False),
        Flag("duration-minutes", "duration_minutes", "How long it lasted, in minutes.", number=True, metavar="N"),
        Flag("location", "location", "Where it took place."),
    ), "geoevents record contact --occurred 2024-04-03 --participant Lecornu --participant Shoigu "
       "--mode phone --initiated-by Paris --source AFP"),
    "statement": Kind("StatementMade", (
        actor("speaker", "speaker", "Who made the statement"),
        Flag("medium", "medium", f"Through what: {', '.join(MEDIA)}.", required=True),
        Flag("claim", "claims", f"A claim; stances: {', '.join(STANCES)}. Repeat.", parse.claim, many=True,
             required=True, metavar="SUBJECT:TOPIC:STANCE[:QUOTE]"),
    ), "geoevents record statement --occurred 2024-04-03 --speaker 'Russian Defense Ministry' "
       "--medium communique --claim 'France:ukraine-dialogue:ready-to-negotiate:ready to dialogue'"),
    "denial": Kind("ClaimDenied", (
        actor("denier", "denier", "Who denies"),
        Flag("denies", "denies", "The occurrence denied (id or key).", required=True, metavar="ID-OR-KEY"),
        Flag("claim", "claim", "Index (from 0) of the denied claim within a statement.", number=True, metavar="N"),
        QUOTE,
    ), "geoevents record denial --occurred 2024-04-03 --denier France --denies 2024-04-03-russian-mod-communique "
       "--claim 0 --quote 'France has neither accepted nor proposed anything'"),
    "accusation": Kind("AccusationMade", (
        actor("accuser", "accuser", "Who accuses"),
        actor("accused", "accused", "Who is accused"),
        Flag("on", "topic", "What the accusation is about, as a topic label (the `topic` field).",
             required=True),
        about(), QUOTE,
    ), "geoevents record accusation --occurred 2024-03-23 --accuser Kremlin --accused Ukraine "
       "--on moscow-attack --about 2024-03-22-crocus-city-hall-attack"),
    "attack": Kind("AttackOccurred", (
        Flag("place", "place", "Where the attack happened.", required=True),
        Flag("perpetrator", "perpetrators", "Who is said to be behind it: alleged (default), claimed or "
             "confirmed; repeat.", parse.perpetrator, many=True, metavar="ACTOR[:STATUS]"),
        Flag("method", "method", "How it was carried out."),
        KILLED, INJURED,
    ), "geoevents record attack --occurred 2024-03-22 --place 'Crocus City Hall' "
       "--perpetrator 'Islamic State:claimed' --killed 40"),
    "casualties": Kind("CasualtiesReported", (
        ATTACK, KILLED, INJURED, actor("reporter", "reporter", "Who reported the figures", required=False),
    ), "geoevents record casualties --occurred 2024-04-03 --attack 2024-03-22-crocus-city-hall-attack "
       "--killed 144 --injured 360"),
    "claim": Kind("ResponsibilityClaimed", (
        actor("claimant", "claimant", "Who claims the attack"), ATTACK,
    ), "geoevents record claim --occurred 2024-03-22 --claimant IS --attack 2024-03-22-crocus-city-hall-attack"),
    "arrests": Kind("ArrestsMade", (
        actor("authority", "authority", "Who made the arrests"),
        Flag("count", "count", "How many people were arrested.", number=True, required=True, metavar="N"),
        Flag("suspect", "suspects", "A suspect; repeat.", parse.suspect, many=True, metavar="NAME[:NATIONALITY]"),
        Flag("in-connection-with", "in_connection_with", "The occurrence they relate to (id or key).",
             metavar="ID-OR-KEY"),
    ), "geoevents record arrests --occurred 2024-03-23 --authority Russia --count 12 "
       "--suspect 'Dalerdzhon Mirzoyev:Tajikistan' --in-connection-with 2024-03-22-crocus-city-hall-attack"),
    "offer": Kind("CooperationOffered", (
        actor("offerer", "offerer", "Who offers"),
        actors("recipient", "recipients", "To whom"),
        Flag("domain", "domain", "In what domain, e.g. counter-terrorism.", required=True),
        QUOTE,
    ), "geoevents record offer --occurred 2024-03-25 --offerer Macron --recipient Russia "
       "--domain counter-terrorism"),
    "warning": Kind("WarningGiven", (
        actor("warner", "warner", "Who warned"), actor("recipient", "recipient", "Who was warned"), about(),
    ), "geoevents record warning --occurred 2024-03 --warner 'United States' --recipient Russia "
       "--about 2024-03-22-crocus-city-hall-attack"),
    "agreement": Kind("AgreementSigned", (
        actors("party", "parties", "A signatory, at least two"),
        Flag("title", "title", "The agreement's title.", required=True),
        Flag("kind", "kind", "What kind of agreement, e.g. bilateral-security."),
    ), "geoevents record agreement --occurred 2024-02-16 --party France --party Ukraine "
       "--title 'Agreement on security cooperation'"),
    "alert": Kind("AlertLevelChanged", (
        actor("authority", "authority", "Who changed the level"),
        Flag("level", "level", "The new level.", required=True),
    ), "geoevents record alert --occurred 2024-03-24 --authority France --level 'urgence attentat'"),
}
"""Every `record` sub-command by name."""


def field_flags(kind: Kind) -> dict[str, str]:
    """Map each JSON field to the flag that sets it, for error messages."""
    return {flag.field: f"--{flag.name}" for flag in (*COMMON, *kind.flags)}
