"""The CAMEO / PLOVER / ACLED mapping table, used by imports (codes → type) and exports (type → codes).

Rules, in order (each documented in docs/interchange.md):
- CAMEO 040-044 → ContactMade with mode other/phone/visit/host/third-party (PLOVER CONSULT + mode).
- CAMEO 016 → ClaimDenied, 015 → ResponsibilityClaimed: they need a reference to another occurrence
  (the claim denied, the attack claimed) that coded rows never carry, so the row becomes a CodedEvent.
- CAMEO 112x → AccusationMade (PLOVER ACCUSE, unless its mode is `investigate` or its CAMEO code is not 112x);
  its topic is the row's own event text or context.
- CAMEO 173 → ArrestsMade (PLOVER COERCE/arrest); it needs a count, so without one (PLOVER `size`)
  the row becomes a CodedEvent.
- CAMEO 057 → AgreementSigned (PLOVER SUPPORT only with CAMEO 057 or mode `agreement`: SUPPORT alone
  also covers praise and endorsement); the title is the row's own text.
- CAMEO 18x/19x/20x → AttackOccurred (PLOVER ASSAULT, FIGHT), at the row's place; not 191 (blockade) or 192
  (occupation), which PLOVER codes COERCE.
- CAMEO 03x → CooperationOffered (PLOVER AGREE) in a domain (0311 economic … 0314 intelligence).
- Everything else → CodedEvent with its CAMEO and/or PLOVER codes kept.
When the mapped type's required fields cannot be filled from the row, the row becomes a CodedEvent
(codes kept) rather than an occurrence with invented data (see `required`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

CODED = "CodedEvent"


@dataclass(frozen=True)
class Mapping:
    """What one coded record becomes: a catalogue type, its mode or domain, and its codes."""

    type: str
    cameo: str | None = None
    plover: str | None = None
    plover_mode: str | None = None
    mode: str | None = None
    domain: str | None = None


CONTACT_MODES = {"040": "other", "041": "phone", "042": "visit", "043": "host", "044": "third-party"}
COOPERATION_DOMAINS = {
    "0311": "economic", "0312": "military", "0313": "legal", "0314": "intelligence",
    "0331": "economic", "0332": "military", "0333": "humanitarian", "0334": "peacekeeping",
    "0343": "rights-freedoms", "0353": "rights-freedoms", "0354": "economic", "0356": "military",
}
PLOVER_BY_CAMEO_ROOT = {
    "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID", "08": "CONCEDE",
    "09": "ACCUSE", "10": "DEMAND", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST",
    "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}
"""PLOVER 2021 event type of each two-digit CAMEO root (01 and 02 have none: PLOVER dropped them); the codes in
`PLOVER_BY_CAMEO_CODE` are the exceptions."""
PLOVER_BY_CAMEO_CODE: dict[str, tuple[str, str | None]] = {
    "084": ("RETREAT", None), "0841": ("RETREAT", "release"), "0842": ("RETREAT", "return"),
    "085": ("RETREAT", "ease"), "086": ("RETREAT", "access"), "087": ("RETREAT", "disarm"),
    "0871": ("RETREAT", "ceasefire"), "0872": ("RETREAT", "withdraw"), "0813": ("RETREAT", "ease"),
    "0814": ("RETREAT", "ease"), "163": ("COERCE", "restrict"), "1712": ("ASSAULT", "destroy"),
    "173": ("COERCE", "arrest"), "175": ("ASSAULT", None), "191": ("COERCE", "restrict"),
    "192": ("COERCE", "confiscate"),
}
"""CAMEO codes (and, by prefix, their sub-codes) whose PLOVER 2021 type is not their root's, or that carry a mode
(the PLOVER project's CAMEO2PLOVER-2021 table): 084-087 are RETREAT, not CONCEDE; 191 (blockade) and 192
(occupation) are COERCE, not ASSAULT."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "ContactMade": ("source", "target"),
    "ClaimDenied": ("source", "denies"),
    "AccusationMade": ("source", "target", "topic"),
    "ResponsibilityClaimed": ("source", "attack"),
    "ArrestsMade": ("source", "count"),
    "AgreementSigned": ("source", "target", "title"),
    "AttackOccurred": ("place",),
    "CooperationOffered": ("source", "target", "domain"),
    CODED: ("source",),
}
"""Facts a coded row must supply for each type; otherwise the row falls back to CodedEvent."""


def plover_for_cameo(code: str) -> tuple[str | None, str | None]:
    """Return the PLOVER (type, mode) equivalent of a CAMEO code, or (None, None) for 01x/02x."""
    exception = PLOVER_BY_CAMEO_CODE.get(code[:4]) or PLOVER_BY_CAMEO_CODE.get(code[:3])
    if exception:
        return exception
    mode = CONTACT_MODES.get(code[:3]) if code.startswith("04") else None
    return PLOVER_BY_CAMEO_ROOT.get(code[:2]), (None if mode == "other" else mode)


@lru_cache(maxsize=4096)
def from_cameo(code: str) -> Mapping:
    """Map a CAMEO event code onto the catalogue type it names (before the required-field check)."""
    code = code.strip()
    plover, plover_mode = plover_for_cameo(code)
    base = {"cameo": code, "plover": plover, "plover_mode": plover_mode}
    if code[:3] in CONTACT_MODES:
        return Mapping("ContactMade", mode=CONTACT_MODES[code[:3]], **base)
    if code.startswith("03"):
        return Mapping("CooperationOffered", domain=COOPERATION_DOMAINS.get(code, "diplomatic"), **base)
    rich = {"016": "ClaimDenied", "015": "ResponsibilityClaimed", "112": "AccusationMade",
            "173": "ArrestsMade", "057": "AgreementSigned"}.get(code[:3])
    if rich is None and code[:2] in ("18", "19", "20") and plover == "ASSAULT":
        rich = "AttackOccurred"  # not 191 (blockade) or 192 (occupation): PLOVER COERCE
    return Mapping(rich or CODED, **base)


def from_plover(event: str, mode: str | None = None, context: str | None = None,
                cameo: str | None = None) -> Mapping:
    """Map a PLOVER event type and mode (and CAMEO code when a record carries one) onto the catalogue."""
    event, mode = event.strip().upper(), (mode or "").strip().lower() or None
    base = {"cameo": cameo or None, "plover": event, "plover_mode": mode}
    if event == "CONSULT":
        contact = mode if mode in ("phone", "video", "visit", "host", "third-party", "multilateral") else "other"
        return Mapping("ContactMade", mode=contact, **base)
    if event == "SUPPORT" and (mode == "agreement" or (cameo or "").startswith("057")):
        return Mapping("AgreementSigned", **base)
    if event == "COERCE" and mode == "arrest":
        return Mapping("ArrestsMade", **base)
    if event == "AGREE":
        return Mapping("CooperationOffered", domain=context or None, **base)
    if event == "ACCUSE" and (mode == "investigate" or (cameo or "112").strip()[:3] != "112"):
        return Mapping(CODED, **base)  # an investigation, or a criticism that CAMEO says is not an accusation
    rich = {"REJECT": "ClaimDenied", "ACCUSE": "AccusationMade", "ASSAULT": "AttackOccurred",
            "FIGHT": "AttackOccurred"}.get(event, CODED)
    return Mapping(rich, **base)


ACLED_PLOVER: dict[str, tuple[str, str | None]] = {
    "battles": ("ASSAULT", None), "explosions/remote violence": ("ASSAULT", "explosives"),
    "violence against civilians": ("ASSAULT", None), "protests": ("PROTEST", "demo"),
    "riots": ("PROTEST", "riot"), "strategic developments": ("", None),
}
ACLED_SUB_EVENTS: dict[str, tuple[str, str | None]] = {
    "arrests": ("COERCE", "arrest"), "agreement": ("SUPPORT", "agreement"),
    "looting/property destruction": ("COERCE", "confiscate"), "headquarters or base established": ("MOBILIZE", None),
    "sexual violence": ("ASSAULT", "sexual"), "abduction/forced disappearance": ("ASSAULT", "abduct"),
}
"""ACLED event and sub-event types as PLOVER (type, mode); the sub-event wins when listed."""


def from_acled(event_type: str, sub_event_type: str = "") -> Mapping:
    """Map an ACLED event type and sub-event type onto the catalogue, through their PLOVER equivalent."""
    plover, mode = ACLED_SUB_EVENTS.get(sub_event_type.strip().lower()) or \
        ACLED_PLOVER.get(event_type.strip().lower(), ("", None))
    if not plover:
        return Mapping(CODED)
    return from_plover(plover, mode)


def missing(mapping: Mapping, facts: dict[str, object]) -> list[str]:
    """Name the facts a row lacks for its mapped type (empty when the type can be filled)."""
    return [name for name in REQUIRED.get(mapping.type, ()) if facts.get(name) in (None, "", [])]


EXPORT_CODES: dict[str, tuple[str | None, str | None, str | None]] = {
    "ClaimDenied": ("016", "REJECT", None), "AccusationMade": ("112", "ACCUSE", None),
    "ResponsibilityClaimed": ("015", None, None), "ArrestsMade": ("173", "COERCE", "arrest"),
    "AgreementSigned": ("057", "SUPPORT", "agreement"), "AttackOccurred": ("180", "ASSAULT", None),
    "StatementMade": ("010", None, None),
}
"""(CAMEO, PLOVER type, PLOVER mode) each catalogue type exports as, when not derived from its fields."""


def still_describes(cameo: str, type_name: str, fields: dict[str, object]) -> bool:
    """Tell whether a CAMEO code (the one an occurrence was imported with) still names what the occurrence says:
    the same type, and for a contact the same mode, for an offer the same domain (a correction may have changed
    them)."""
    mapped = from_cameo(cameo)
    return mapped.type == type_name and (type_name != "ContactMade" or mapped.mode == fields.get("mode")) and \
        (type_name != "CooperationOffered" or mapped.domain == fields.get("domain"))


def export_codes(type_name: str, fields: dict[str, object],
                 upstream: str | None = None) -> tuple[str | None, str | None, str | None]:
    """Return the (CAMEO, PLOVER type, PLOVER mode) an occurrence exports as (the reverse direction): the code it
    was imported with (`upstream`) while that still describes it, so that no sub-code is lost, else one derived
    from its type and fields."""
    if upstream and type_name != CODED and still_describes(upstream, type_name, fields):
        plover, mode = plover_for_cameo(upstream)
        _, typed, typed_mode = EXPORT_CODES.get(type_name, (None, None, None))
        return upstream, plover, mode or (typed_mode if typed == plover else None)  # 057: SUPPORT/agreement
    if type_name == "ContactMade":
        mode = fields.get("mode")
        cameo = next((c for c, m in CONTACT_MODES.items() if m == mode), "040")
        return cameo, "CONSULT", None if mode == "other" else str(mode)
    if type_name == "CooperationOffered":
        domain = fields.get("domain")
        cameo = next((c for c, d in COOPERATION_DOMAINS.items() if d == domain), "030")
        return cameo, "AGREE", None
    if type_name == CODED:
        cameo, plover = fields.get("cameo"), fields.get("plover")
        derived, mode = plover_for_cameo(str(cameo)) if cameo else (None, None)
        return (str(cameo) if cameo else None), (str(plover) if plover else derived), mode
    return EXPORT_CODES.get(type_name, (None, None, None))
