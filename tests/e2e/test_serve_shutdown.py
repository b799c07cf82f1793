"""`geoevents serve` stopped by SIGTERM: open streams end at once, an append in flight finishes and says so."""

from __future__ import annotations

import signal
import threading
import time

import httpx
import orjson
import pytest

from tests.e2e.conftest import TOKENS
from tests.e2e.server import geoevents, start

LINES = 40_000
NDJSON = {"Content-Type": "application/x-ndjson"}


def large_body() -> bytes:
    """Two actors and LINES - 2 calls between them, one JSON line each."""
    actors = [{"type": "ActorRegistered", "key": k, "name": k.title(), "kind": "person"} for k in ("anna", "boris")]
    calls = [{"type": "ContactMade", "key": f"call-{i}", "occurred": "2024-04-03", "participants": ["anna", "boris"],
              "mode": "phone"} for i in range(LINES - 2)]
    return b"".join(orjson.dumps(line) + b"\n" for line in actors + calls)


def post_then_sigterm(served) -> tuple[dict[str, object], float]:
    """POST the large body, send SIGTERM while it is being stored, wait for the answer and the process."""
    answer: dict[str, object] = {}

    def post() -> None:
        try:
            with served.client("writer", timeout=300) as http:
                response = http.post("/events", content=large_body(), headers=NDJSON)
            answer.update(status=response.status_code, body=response.content, at=time.monotonic())
        except httpx.TransportError as error:
            answer.update(status=None, body=repr(error), at=time.monotonic())

    poster = threading.Thread(target=post)
    poster.start()
    time.sleep(1.5)  # the body is sent and being stored
    assert poster.is_alive(), "the append finished before the signal: this test needs a larger body"
    signalled = time.monotonic()
    served.process.send_signal(signal.SIGTERM)
    poster.join(300)
    assert served.process.wait(60) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal once it has stopped
    return answer, signalled


def stored_calls(store) -> int:
    """How many calls the store holds (after checking that its log is intact)."""
    geoevents("verify", store=store)
    return geoevents("events", "list", "--format", "json", store=store).stdout.count(b'"ContactMade"')


@pytest.mark.slow
def test_sigterm_during_a_large_append_lets_it_finish_and_ends_the_open_stream(tmp_path):
    served = start(tmp_path / "store.db", tokens=TOKENS, env={"GEOEVENTS_STREAM_POLL_SECONDS": "0.05"})
    try:
        stream_ended = threading.Event()

        def follow() -> None:
            with served.client("reader", timeout=None) as http, http.stream("GET", "/stream") as response:
                for _ in response.iter_raw():
                    pass
            stream_ended.set()

        threading.Thread(target=follow, daemon=True).start()
        time.sleep(0.5)
        answer, signalled = post_then_sigterm(served)
        assert stream_ended.wait(10), "the open stream did not end on SIGTERM"
    finally:
        served.stop()

    assert answer["at"] > signalled
    assert answer["status"] == 201, answer["body"]
    assert orjson.loads(answer["body"])["appended"] == LINES
    assert stored_calls(tmp_path / "store.db") == LINES - 2


@pytest.mark.slow
def test_an_append_cut_off_by_the_grace_time_is_stored_whole_or_not_at_all_and_nothing_crashes(tmp_path):
    served = start(tmp_path / "store.db", tokens=TOKENS, env={"GEOEVENTS_SHUTDOWN_GRACE_SECONDS": "0.2"})
    try:
        answer, _ = post_then_sigterm(served)
    finally:
        served.stop()

    assert answer["status"] != 201, "the append was not cut off: this test needs a larger body"
    assert stored_calls(tmp_path / "store.db") in (0, LINES - 2)
