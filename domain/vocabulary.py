"""The controlled vocabulary of the field: actor kinds, ranks, stances, media and contact modes."""

from __future__ import annotations

from typing import Literal, get_args

ActorKind = Literal["person", "state", "organisation", "armed-group", "group"]
Rank = Literal[
    "head-of-state", "head-of-government", "minister", "deputy-minister", "ambassador",
    "spokesperson", "official",
]
Stance = Literal[
    "supports", "opposes", "condemns", "denies", "rejects", "accuses", "ready-to-negotiate",
    "refuses-to-negotiate", "offers-cooperation", "neutral", "other",
]
Medium = Literal["communique", "press-release", "readout", "interview", "speech", "post", "other"]
ContactMode = Literal["phone", "video", "visit", "host", "third-party", "multilateral", "other"]

ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
RANKS: tuple[str, ...] = get_args(Rank)
STANCES: tuple[str, ...] = get_args(Stance)
MEDIA: tuple[str, ...] = get_args(Medium)
CONTACT_MODES: tuple[str, ...] = get_args(ContactMode)

RANK_ORDER: dict[str, int] = {rank: i for i, rank in enumerate(RANKS)}
"""Seniority of ranks, most senior first; `--rank minister` means minister or above."""
