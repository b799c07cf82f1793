"""GET /events/stream: events appended by another process arrive live, and a reconnect resumes exactly."""

from __future__ import annotations

import time

import httpx
import orjson
import pytest

from tests.e2e.server import geoevents, start
from tests.e2e.test_http_append import seed


def contacts(first: int, count: int) -> bytes:
    """JSON Lines of `count` keyed contacts numbered from `first`."""
    return b"".join(orjson.dumps({"type": "ContactMade", "key": f"stream-{i}", "occurred": "2024-05-01",
                                  "participants": ["rus", "fra"], "mode": "phone"}) + b"\n"
                    for i in range(first, first + count))


def read_messages(server, count: int, headers: dict[str, str] | None = None, params: dict | None = None,
                  while_open=None) -> list[tuple[int, dict]]:
    """Open the stream, run `while_open`, and collect `count` SSE messages as (id, data)."""
    messages: list[tuple[int, dict]] = []
    with server.client("reader", timeout=20) as http, \
            http.stream("GET", "/events/stream", headers=headers or {}, params=params or {}) as stream:
        assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
        if while_open:
            while_open()
        fields: dict[str, str] = {}
        deadline = time.monotonic() + 20
        for line in stream.iter_lines():
            if line == "" and "data" in fields:
                messages.append((int(fields["id"]), orjson.loads(fields["data"])))
                fields = {}
                if len(messages) == count or time.monotonic() > deadline:
                    break
            elif ":" in line and not line.startswith(":"):
                name, _, value = line.partition(":")
                fields[name] = value.strip()
    return messages


def test_events_appended_by_another_process_arrive_and_a_reconnect_resumes_without_gap_or_duplicate(server):
    seed(server)
    first = read_messages(server, 5, while_open=lambda: geoevents("append", "-", store=server.store,
                                                                  input=contacts(0, 8)))
    last_seen = first[-1][0]
    geoevents("append", "-", store=server.store, input=contacts(8, 4))
    rest = read_messages(server, 7, headers={"Last-Event-ID": str(last_seen)})
    ids = [i for i, _ in first + rest]
    keys = [data["key"] for _, data in first + rest]
    assert keys == [f"stream-{i}" for i in range(12)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_a_new_stream_starts_at_the_end_of_the_log_unless_asked_to_start_earlier(server):
    seed(server)
    with server.client("reader") as http:
        total = http.get("/health").json()["last_position"]
    replayed = read_messages(server, 3, params={"after": 0})
    assert [m[1]["type"] for m in replayed] == ["ActorRegistered"] * 3 and replayed[0][0] <= total
    live = read_messages(server, 1, while_open=lambda: geoevents("append", "-", store=server.store,
                                                                 input=contacts(100, 1)))
    assert live[0][0] > total and live[0][1]["key"] == "stream-100"


def test_the_stream_needs_a_read_token(server):
    with httpx.Client(base_url=server.url) as http:
        assert http.get("/events/stream").status_code == 401


@pytest.fixture(scope="module")
def one_stream(tmp_path_factory):
    served = start(tmp_path_factory.mktemp("one-stream") / "store.db", tokens={"reader": ["read"]},
                   env={"GEOEVENTS_MAX_STREAMS": "1"})
    yield served
    served.stop()


def test_streams_are_bounded_and_a_closed_one_frees_its_place(one_stream):
    with one_stream.client("reader") as first, first.stream("GET", "/events/stream") as opened:
        lines = opened.iter_lines()
        next(lines)
        with one_stream.client("reader") as second:
            refused = second.get("/events/stream")
    assert opened.status_code == 200 and refused.status_code == 503 and refused.headers["retry-after"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with one_stream.client("reader") as third, third.stream("GET", "/events/stream") as again:
            if again.status_code == 200:
                break
        time.sleep(0.1)
    assert again.status_code == 200


def test_a_last_event_id_that_is_not_a_plain_number_or_a_huge_after_is_refused_naming_it(server):
    """'²' passes str.isdigit but not int(); it started a 500, then was ignored, which started the stream at the
    log's end and skipped what the client had missed. Both are now a 422 naming what was wrong."""
    seed(server)
    with server.client("reader") as http:
        answers = [http.get("/events/stream", headers={"Last-Event-ID": value})  # type: ignore[dict-item]
                   for value in (b"\xb2", "abc", "9" * 20)]
        refused = http.get("/events/stream", params={"after": 10**20})
    assert [a.status_code for a in answers] == [422, 422, 422]
    assert {a.json()["errors"][0]["field"] for a in answers} == {"header.last-event-id"}
    assert refused.status_code == 422 and "after" in refused.text
    live = read_messages(server, 1, headers={"Last-Event-ID": ""},  # empty: as if none were sent
                         while_open=lambda: geoevents("append", "-", store=server.store, input=contacts(200, 1)))
    assert live[0][1]["key"] == "stream-200"


def test_a_position_past_the_end_of_the_log_is_refused_not_waited_for(server):
    """An id from another store, or from before a restore, would skip every event up to it without a word."""
    seed(server)
    with server.client("reader") as http:
        last = http.get("/health").json()["last_position"]
        resumed = http.get("/events/stream", headers={"Last-Event-ID": str(last + 1000)})
        after = http.get("/events/stream", params={"after": last + 1})
        paged = http.get("/events/log", params={"cursor": str(last + 1)})
        at_end = http.get("/events/log", params={"cursor": str(last)})
    assert [resumed.status_code, after.status_code, paged.status_code] == [422, 422, 422]
    assert [a.json()["errors"][0]["field"] for a in (resumed, after, paged)] == \
        ["header.last-event-id", "query.after", "query.cursor"]
    assert "past the end of this store's log" in resumed.text
    assert at_end.status_code == 200 and at_end.json()["items"] == []
