"""The `{ref:ref}` path convertor of the routes that look one thing up by id, key or name."""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor


class RefConvertor(Convertor[str]):
    """A reference in a path: any text, slashes inside included (a key `2024/05/01-raid`, percent-encoded), but not
    empty and not ending in `/`, so `/events/` and `/events/log/` still redirect to the collection routes."""

    regex = r"[^/](?:.*[^/])?"

    def convert(self, value: str) -> str:
        """Return the reference as given."""
        return value

    def to_string(self, value: str) -> str:
        """Return the reference for a URL."""
        return value


register_url_convertor("ref", RefConvertor())
