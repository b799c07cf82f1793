"""NUL-safe text for PostgreSQL: its text type cannot hold U+0000, which JSON input may contain.

Every str sent on our connections is escaped reversibly (U+0000 becomes U+E000 "0", U+E000 becomes
U+E000 U+E000) and every text value read back is unescaped, so view rows keep the exact strings
the event log holds (events themselves are stored as bytes and never need this).
"""

from __future__ import annotations

import re

import psycopg
from psycopg.adapt import AdaptersMap
from psycopg.types.string import StrBinaryDumper, StrDumperUnknown, TextBinaryLoader, TextLoader

MARK = "\ue000"
_UNESCAPE = re.compile(MARK + "(.)", re.S)


def escape(text: str) -> str:
    """Make a string storable in a PostgreSQL text value (reversibly)."""
    if "\x00" not in text and MARK not in text:
        return text
    return text.replace(MARK, MARK + MARK).replace("\x00", MARK + "0")


def unescape(text: str) -> str:
    """Undo `escape`."""
    if MARK not in text:
        return text
    return _UNESCAPE.sub(lambda m: MARK if m.group(1) == MARK else "\x00", text)


class _Dumper(StrDumperUnknown):
    def dump(self, obj: str) -> bytes:  # type: ignore[override]
        return super().dump(escape(obj))


class _BinaryDumper(StrBinaryDumper):
    def dump(self, obj: str) -> bytes:  # type: ignore[override]
        return super().dump(escape(obj))


class _Loader(TextLoader):
    def load(self, data: bytes) -> str:  # type: ignore[override]
        return unescape(super().load(data))


class _BinaryLoader(TextBinaryLoader):
    def load(self, data: bytes) -> str:  # type: ignore[override]
        return unescape(super().load(data))


def nul_safe_adapters() -> AdaptersMap:
    """Return psycopg adapters (for `connect(context=...)`) that escape and unescape text."""
    adapters = AdaptersMap(psycopg.adapters)
    adapters.register_dumper(str, _Dumper)
    adapters.register_dumper(str, _BinaryDumper)
    for name in ("text", "varchar"):
        adapters.register_loader(name, _Loader)
        adapters.register_loader(name, _BinaryLoader)
    return adapters
