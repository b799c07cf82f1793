"""Bearer tokens: 401 without one, 403 without the scope, revocation at once, anonymous reads by setting."""

from __future__ import annotations

import pytest

from tests.e2e.server import geoevents, start

EVENT = {"type": "ActorRegistered", "key": "ukr", "name": "Ukraine", "kind": "state"}


def test_requests_without_a_token_or_with_an_unknown_one_get_401(server):
    with server.client() as anonymous, server.client() as forged:
        forged.headers["Authorization"] = "Bearer ge_not-a-real-token"
        answers = [anonymous.get("/events"), anonymous.post("/events", json=EVENT), forged.get("/actors")]
    assert [a.status_code for a in answers] == [401, 401, 401]
    assert answers[0].headers["www-authenticate"].startswith("Bearer")


def test_a_read_token_cannot_append_and_an_append_token_cannot_read(server):
    with server.client("reader") as reader, server.client("writer") as writer:
        assert reader.post("/events", json=EVENT).status_code == 403
        assert writer.get("/events").status_code == 403
        assert reader.get("/events").status_code == 200


def test_health_and_the_openapi_document_need_no_token(server):
    with server.client() as http:
        assert http.get("/health").status_code == 200 and http.get("/openapi.json").status_code == 200


def test_a_token_is_printed_once_listed_without_its_secret_and_revoked_at_once(server):
    token = geoevents("tokens", "create", "temporary", "--scope", "read", store=server.store).stdout.decode().strip()
    listed = geoevents("tokens", "list", "--format", "json", store=server.store).stdout.decode()
    with server.client() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        before = http.get("/events").status_code
        geoevents("tokens", "revoke", "temporary", store=server.store)
        after = http.get("/events").status_code
    assert '"temporary"' in listed and token not in listed
    assert (before, after) == (200, 401)


def test_a_second_active_token_of_the_same_name_is_refused(server):
    again = geoevents("tokens", "create", "reader", "--scope", "read", store=server.store, check=False)
    assert again.returncode == 1 and b"already active" in again.stderr


@pytest.fixture(scope="module")
def open_reads(tmp_path_factory):
    store = tmp_path_factory.mktemp("anonymous") / "store.db"
    geoevents("append", "-", store=store, input=b"")  # serve refuses a path with no store
    served = start(store, env={"GEOEVENTS_ANONYMOUS_READS": "1"})
    yield served
    served.stop()


def test_anonymous_reads_are_opened_only_by_the_setting_and_never_appends(server, open_reads):
    with open_reads.client() as http:
        assert http.get("/events").status_code == 200
        assert http.post("/events", json=EVENT).status_code == 401
    with server.client() as http:
        assert http.get("/events").status_code == 401


def test_who_may_ask_is_answered_before_what_was_asked(server):
    """An unknown parameter without a token was a 422, telling a stranger what the route takes."""
    with server.client() as anonymous, server.client("writer") as writer, server.client("reader") as reader:
        answers = [anonymous.get("/positions", params={"atx": "1"}), writer.get("/positions", params={"atx": "1"}),
                   reader.get("/positions", params={"atx": "1"})]
    assert [a.status_code for a in answers] == [401, 403, 422]
