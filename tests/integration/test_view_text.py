"""Text in view rows comes back exactly as stored, whatever characters it holds, on both backends
(PostgreSQL writes view rows as COPY text, which escapes tabs, newlines, backslashes and `\\N`)."""

from __future__ import annotations

import orjson
import pytest

from projections.positions import positions
from store.jsonl import read_lines

AWKWARD = [
    "tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\", "nul\x00byte", "\ue000mark",
    "\ue0000", "ends with backslash\\", "ünïcødé — “quotes”", "",
]


@pytest.mark.parametrize("quote", AWKWARD, ids=repr)
def test_a_quote_with_awkward_characters_is_answered_verbatim(seeded, quote):
    line = {"type": "StatementMade", "key": f"awkward-{AWKWARD.index(quote)}", "occurred": "2024-04-05",
            "speaker": "fra", "medium": "communique",
            "claims": [{"subject": "fra", "topic": "awkward-text", "stance": "supports", "quote": quote}]}
    seeded.appender.append(read_lines([orjson.dumps(line)]))
    (found,) = positions(seeded, actor="fra", topic="awkward-text")["positions"]
    assert found["quote"] == quote
