"""Name matching: how an actor reference typed by a person is folded before it is looked up."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_QID = re.compile(r"^[Qq][1-9]\d*$")


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """Fold a name for matching: ignore case, diacritics, punctuation and repeated spaces.

    "Sergueï Choïgou", "SERGUEI  CHOIGOU" and "serguei-choigou" all fold to "serguei choigou".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.casefold().replace("_", " ")).strip()


def is_wikidata_id(text: str) -> bool:
    """Tell whether a reference looks like a Wikidata item id (Q followed by digits)."""
    return bool(_QID.match(text.strip()))


def nearest_names(ref: str, known: list[str], limit: int = 3) -> list[str]:
    """Return up to `limit` known names closest to the reference, for "did you mean" hints."""
    folded = {fold_name(name): name for name in known}
    matches = difflib.get_close_matches(fold_name(ref), list(folded), n=limit, cutoff=0.5)
    return [folded[m] for m in matches]
