"""End-to-end fixtures: a real server process per test module, with read and append tokens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.server import Served, start

TOKENS = {"reader": ["read"], "writer": ["append"], "both": ["read", "append"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A `geoevents serve` process on an empty store, with tokens reader, writer and both."""
    served = start(tmp_path_factory.mktemp("served") / "store.db", tokens=TOKENS,
                   env={"GEOEVENTS_MAX_BODY_BYTES": "200000", "GEOEVENTS_MAX_BODY_LINES": "1000",
                        "GEOEVENTS_STREAM_POLL_SECONDS": "0.05"})
    yield served
    served.stop()
