"""POST /events over a real server: stored whole or refused whole, with the statuses of the contract."""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import orjson

from tests.conftest import SEED

NDJSON = {"content-type": "application/x-ndjson"}
CALL = {"type": "ContactMade", "key": "2024-04-03-lecornu-shoigu-call", "occurred": "2024-04-04",
        "participants": ["rus", "fra"], "mode": "phone"}


def seed(server) -> None:
    with server.client("writer") as http:
        assert http.post("/events", content=SEED.read_bytes(), headers=NDJSON).status_code in (200, 201)


def log_end(server) -> int:
    with server.client() as http:
        return http.get("/health").json()["last_position"]


def test_the_seed_is_stored_with_201_and_its_ids_then_a_repeat_answers_200(server):
    with server.client("writer") as http:
        first = http.post("/events", content=SEED.read_bytes(), headers=NDJSON)
        again = http.post("/events", content=SEED.read_bytes(), headers=NDJSON)
    assert first.status_code == 201 and first.json()["appended"] == 56 and len(first.json()["ids"]) == 29
    assert again.status_code == 200 and again.json() == {"lines": 56, "appended": 0, "duplicates": 56, "ids": []}


def test_one_json_event_is_stored_and_found_again_by_its_id(server):
    seed(server)
    event = {"type": "ContactMade", "occurred": "2024-06-01", "participants": ["fra", "Choïgu"], "mode": "video"}
    with server.client("both") as http:
        stored = http.post("/events", json=event)
        (new_id,) = stored.json()["ids"]
        shown = http.get(f"/events/{new_id}").json()
    assert stored.status_code == 201
    assert shown["participants"] == ["fra", "sergei-shoigu"] and "retracted" not in shown


def test_a_known_key_with_other_content_is_a_409_problem_naming_line_and_field(server):
    seed(server)
    with server.client("writer") as http:
        answer = http.post("/events", json=CALL)
    assert answer.status_code == 409
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"] == [{"line": 1, "field": "key", "reason": answer.json()["errors"][0]["reason"]}]


def test_a_bad_line_is_a_422_problem_and_nothing_of_the_body_is_stored(server):
    seed(server)
    before = log_end(server)
    body = b"\n".join(orjson.dumps(e) for e in [
        {"type": "ContactMade", "occurred": "2024-05-01", "participants": ["rus", "fra"], "mode": "phone"},
        {"type": "ContactMade", "occurred": "2024-05-02", "participants": ["rus", "Shoygu"], "mode": "phone"},
    ])
    with server.client("writer") as http:
        answer = http.post("/events", content=body, headers=NDJSON)
    (error,) = answer.json()["errors"]
    assert answer.status_code == 422 and (error["line"], error["field"]) == (2, "participants.1")
    assert "sergei-shoigu" in error["reason"] and log_end(server) == before


def test_a_line_that_is_not_json_is_located(server):
    with server.client("writer") as http:
        answer = http.post("/events", content=b'{"type": "ContactMade"}\n\n{oops\n', headers=NDJSON)
    assert answer.status_code == 422 and answer.json()["errors"][-1]["line"] == 3


def test_a_body_above_the_configured_size_is_refused_with_413(server):
    with server.client("writer") as http:
        answer = http.post("/events", content=SEED.read_bytes() * 13, headers=NDJSON)
    assert answer.status_code == 413 and answer.headers["content-type"] == "application/problem+json"


def test_a_body_of_more_lines_than_configured_is_refused_with_413_and_stores_nothing(server):
    before = log_end(server)
    with server.client("writer") as http:
        answer = http.post("/events", content=b"{}\n" * 1001, headers=NDJSON)
        assert http.get("/health").status_code == 200
    assert answer.status_code == 413 and "more than 1000 lines" in answer.json()["detail"]
    assert log_end(server) == before


def test_an_empty_body_and_an_unknown_media_type_are_refused(server):
    with server.client("writer") as http:
        empty = http.post("/events", content=b"", headers=NDJSON)
        xml = http.post("/events", content=b"<event/>", headers={"content-type": "application/xml"})
    assert (empty.status_code, xml.status_code) == (422, 415)


def test_the_same_keyed_event_posted_by_many_clients_at_once_is_stored_once(server):
    seed(server)
    event = {"type": "ContactMade", "key": "http-race", "occurred": "2024-07-01", "participants": ["rus", "fra"],
             "mode": "video"}

    def post(_: int) -> int:
        with server.client("writer") as http:
            return http.post("/events", json=event).status_code

    with ThreadPoolExecutor(6) as pool:
        statuses = sorted(pool.map(post, range(6)))
    with server.client("reader") as http:
        shown = http.get("/events/http-race").json()
    assert statuses == [200] * 5 + [201] and len(shown["history"]) == 1


def test_every_error_names_its_field_where_the_request_carried_it(server):
    """Fields inside a correction's `changes` lacked their prefix, an id-only clash named `key`, and query and
    path parameters were named without `query.`/`path.`, as the problem format promises."""
    seed(server)
    call = "2024-04-03-lecornu-shoigu-call"
    fix = {"type": "Corrected", "target": call, "reason": "x"}
    with server.client("both") as http:
        actor = http.post("/events", json={**fix, "changes": {"participants": ["rus", "Shoygu"]}})
        date = http.post("/events", json={**fix, "changes": {"occurred": "2024-02-30"}})
        unkeyed = {k: v for k, v in CALL.items() if k != "key"}
        (new_id,) = http.post("/events", json=unkeyed).json()["ids"]  # a random id: no key
        clash = http.post("/events", json={**unkeyed, "id": new_id, "mode": "video"})
        shown = http.get("/events/nope")
        positions = http.get("/positions", params={"actor": "Shoygu"})
        contacts = http.get("/contacts", params={"between": "fra", "and": "Shoygu"})
    assert actor.json()["errors"][0]["field"] == "changes.participants.1"
    assert date.json()["errors"][0]["field"] == "changes.occurred"
    assert date.json()["errors"][0]["reason"].startswith("impossible date")
    assert clash.status_code == 409 and clash.json()["errors"][0]["field"] == "id"
    assert (shown.status_code, shown.json()["errors"][0]["field"]) == (404, "path.ref")
    assert (positions.status_code, positions.json()["errors"][0]["field"]) == (404, "query.actor")
    assert (contacts.status_code, contacts.json()["errors"][0]["field"]) == (404, "query.and")


def test_a_client_that_goes_away_mid_body_stores_nothing_and_logs_no_traceback(server):
    before = log_end(server)
    log = server.store.parent / "server.log"
    logged = log.stat().st_size
    host = urlsplit(server.url)
    body = SEED.read_bytes()
    with socket.create_connection((host.hostname, host.port)) as raw:
        raw.sendall(b"POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                    + f"Authorization: Bearer {server.tokens['writer']}\r\n".encode()
                    + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:len(body) // 2])
        time.sleep(0.3)
    time.sleep(0.5)
    assert log_end(server) == before
    assert b"Traceback" not in log.read_bytes()[logged:]
