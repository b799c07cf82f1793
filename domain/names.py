"""Name matching: how an actor reference typed by a person is folded before it is looked up."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_QID = re.compile(r"^[Qq][1-9]\d*$")
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i", "ŋ": "n", "ĸ": "k",
                          "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"})
"""Letters (casefolded) that Unicode does not decompose into a base letter and marks, and their Latin spelling."""


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """Fold a name for matching: ignore case, diacritics, punctuation and repeated spaces, and spell letters
    that have no decomposition (ł, ø, đ, æ...) as the Latin letters they are transliterated to.

    "Sergueï Choïgou", "SERGUEI  CHOIGOU" and "serguei-choigou" all fold to "serguei choigou"; "Lech Wałęsa"
    and "Lech Walesa" to "lech walesa".
    """
    return _fold(text).translate(_LETTERS)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.casefold().replace("_", " ")).strip()


@lru_cache(maxsize=65536)
def name_folds(text: str) -> tuple[str, ...]:
    """The folded forms a name may be claimed under in a store, the most specific first: when it differs, the
    one stores claimed names under before letters without a decomposition were transliterated (`Wałęsa` as
    "wałesa": a claim of this very spelling), then `fold_name`'s (`geoevents actors refold` claims older names
    under it too)."""
    folded, legacy = fold_name(text), _fold(text)
    return (folded,) if legacy == folded else (legacy, folded)


def is_wikidata_id(text: str) -> bool:
    """Tell whether a reference looks like a Wikidata item id (Q followed by digits)."""
    return bool(_QID.match(text.strip()))


def nearest_names(ref: str, known: list[str], limit: int = 3) -> list[str]:
    """Return up to `limit` known names closest to the reference, for "did you mean" hints."""
    folded = {fold_name(name): name for name in known}
    matches = difflib.get_close_matches(fold_name(ref), list(folded), n=limit, cutoff=0.5)
    return [folded[m] for m in matches]


def with_article(word: str) -> str:
    """The word with its indefinite article, as an error message says it: `an organisation`, `a state`,
    `an AttackOccurred`."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
