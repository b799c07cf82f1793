"""Read routes over a real server: the event log page by page, one occurrence, actors, problems."""

from __future__ import annotations

import orjson

from tests.conftest import SEED
from tests.e2e.server import geoevents, start
from tests.e2e.test_http_append import NDJSON, seed


def all_pages(http, path: str, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = http.get(path, params={**params, **({"cursor": cursor} if cursor else {})}).json()
        items.extend(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def test_walking_the_log_by_cursor_returns_every_event_once_in_recorded_order(server):
    seed(server)
    with server.client("reader") as http:
        events = all_pages(http, "/events/log", limit=7)
    keys = [e["key"] for e in events if "id" in e]
    seeded = [line for line in SEED.read_text().splitlines() if line.strip()]
    assert len(events) >= len(seeded) and len(keys) == len(set(keys))
    assert events[0]["type"] == "ActorRegistered" and all("recorded" in e for e in events)


def test_the_log_filters_by_event_type(server):
    seed(server)
    with server.client("reader") as http:
        attacks = all_pages(http, "/events/log", type=["AttackOccurred", "CasualtiesReported"])
    assert {e["type"] for e in attacks} == {"AttackOccurred", "CasualtiesReported"} and len(attacks) == 4


def test_an_occurrence_is_shown_by_key_with_its_corrections(server):
    seed(server)
    correction = {"type": "Corrected", "target": "2024-03-23-crocus-toll-133", "changes": {"killed": 137},
                  "reason": "typo in the toll"}
    with server.client("both") as http:
        assert http.post("/events", json=correction).status_code in (200, 201)
        shown = http.get("/events/2024-03-23-crocus-toll-133").json()
    assert shown["killed"] == 137 and shown["corrections"] == ["typo in the toll"] and "retracted" not in shown
    assert [e["type"] for e in shown["history"]] == ["CasualtiesReported", "Corrected"]


def test_an_unknown_occurrence_is_a_404_problem(server):
    with server.client("reader") as http:
        answer = http.get("/events/no-such-key")
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/problem+json"


def test_an_actor_is_found_by_any_spelling_and_an_unknown_one_gets_suggestions(server):
    seed(server)
    with server.client("reader") as http:
        shoigu = http.get("/actors/Choïgou").json()
        unknown = http.get("/actors/Shoygu")
        actors = all_pages(http, "/actors", limit=5)
    assert shoigu["key"] == "sergei-shoigu" and shoigu["offices"][0]["until"] == "2024-05-12"
    assert shoigu["offices"][0]["from"] == "2012-11-06"
    assert unknown.status_code == 404 and "sergei-shoigu" in unknown.json()["detail"]
    assert {"fra", "rus", "sergei-shoigu"} <= {a["key"] for a in actors}


def test_bad_query_parameters_and_unknown_paths_are_problems(server):
    with server.client("reader") as http:
        answers = [http.get("/events", params={"limit": "many"}), http.get("/events", params={"cursor": "%%"}),
                   http.get("/events/log", params={"type": "Nonsense"}), http.get("/nowhere")]
    assert [a.status_code for a in answers] == [422, 422, 422, 404]
    assert {a.headers["content-type"] for a in answers} == {"application/problem+json"}
    assert answers[0].json()["errors"][0]["field"] == "query.limit"


def test_the_openapi_document_describes_every_route(server):
    with server.client() as http:
        document = http.get("/openapi.json").json()
    assert {"/events", "/events/{ref}", "/events/log", "/events/stream", "/actors", "/actors/{ref}", "/health",
            "/positions", "/contacts", "/disputes", "/incidents", "/timeline"} <= set(document["paths"])
    assert "ProblemPublic" in document["components"]["schemas"]
    assert "post" in document["paths"]["/events"] and "requestBody" in document["paths"]["/events"]["post"]
    assert NDJSON["content-type"] in document["paths"]["/events"]["post"]["requestBody"]["content"]
    with server.client() as http:  # /health declares what it answers: an unknown parameter, a store that is down
        assert http.get("/health", params={"foo": "1"}).status_code == 422
    assert {"200", "422", "503"} <= set(document["paths"]["/health"]["get"]["responses"])


def test_a_single_valued_parameter_given_twice_is_refused_rather_than_the_last_one_winning(server):
    seed(server)
    with server.client("reader") as http:
        twice = http.get("/positions", params=[("actor", "fra"), ("at", "2024-04-03"), ("at", "2023")])
        types = http.get("/events/log", params=[("type", "AttackOccurred"), ("type", "CasualtiesReported")])
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "query.at"
    assert types.status_code == 200  # a list parameter is given once per item


def test_a_method_not_allowed_names_every_method_of_the_path_in_allow(server):
    with server.client("reader") as http:
        answers = {path: http.request(method, path) for method, path in
                   (("DELETE", "/events"), ("POST", "/positions"), ("PUT", "/events/log"), ("POST", "/events/stream"))}
    assert {a.status_code for a in answers.values()} == {405}
    assert {path: a.headers["allow"] for path, a in answers.items()} == {
        "/events": "GET, HEAD, POST", "/positions": "GET, HEAD", "/events/log": "GET, HEAD", "/events/stream": "GET"}
    assert answers["/events"].headers["content-type"] == "application/problem+json"


def test_head_answers_as_get_without_a_body(server):
    with server.client("reader") as http:
        head, get = http.head("/health"), http.get("/health")
        view = http.head("/timeline")
    assert head.status_code == get.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"] and view.status_code == 200


def test_a_limit_above_the_largest_page_is_lowered_to_it_and_a_larger_setting_is_honoured(tmp_path):
    """The largest page was fixed at 1,000 whatever GEOEVENTS_MAX_PAGE_SIZE said."""
    served = start(tmp_path / "store.db", tokens={"reader": ["read"]}, env={"GEOEVENTS_MAX_PAGE_SIZE": "1500"})
    try:
        geoevents("append", "-", store=served.store, input=SEED.read_bytes() + b"".join(
            orjson.dumps({"type": "ContactMade", "key": f"c{i}", "occurred": "2024-05-01",
                          "participants": ["rus", "fra"], "mode": "phone"}) + b"\n" for i in range(1600)))
        with served.client("reader") as http:
            pages = [http.get("/events/log", params={"limit": n}) for n in (1200, 5000)]
    finally:
        served.stop()
    assert [p.status_code for p in pages] == [200, 200]
    assert [len(p.json()["items"]) for p in pages] == [1200, 1500] and pages[1].json()["next_cursor"]


def test_the_log_gives_each_event_as_export_writes_it_so_a_copy_kept_from_it_answers_alike(server):
    """A record without `reported` is public from when this store recorded it: the log says so, as the export
    does, or a copy appended elsewhere would take it as public from the copy's own append."""
    seed(server)
    geoevents("append", "-", store=server.store, input=orjson.dumps(
        {"type": "StatementMade", "key": "unreported", "occurred": "2024-06-05", "speaker": "fra", "medium": "post",
         "claims": [{"subject": "fra", "topic": "log-topic", "stance": "supports"}]}) + b"\n")
    with server.client("reader") as http:
        logged = {e["key"]: e for e in all_pages(http, "/events/log", limit=50) if e.get("key")}
    exported = {line["key"]: line for line in map(orjson.loads, geoevents(
        "export", "--format", "jsonl", store=server.store).stdout.splitlines()) if line.get("key")}
    assert logged["unreported"]["reported"] == logged["unreported"]["recorded"]
    assert {key: logged[key] for key in exported} == exported


def test_a_name_or_key_with_a_slash_is_found_percent_encoded(server):
    seed(server)
    geoevents("append", "-", store=server.store, input=b"".join(orjson.dumps(line) + b"\n" for line in (
        {"type": "ActorRegistered", "key": "acdc", "name": "AC/DC Group", "kind": "armed-group"},
        {"type": "AttackOccurred", "key": "2024/05/01-raid", "occurred": "2024-05-01", "place": "Goma"})))
    with server.client("reader") as http:
        actor = http.get("/actors/AC%2FDC%20Group")
        attack = http.get("/events/2024%2F05%2F01-raid")
        log = http.get("/events/log", params={"limit": 1})
    assert actor.status_code == 200 and actor.json()["key"] == "acdc"
    assert attack.status_code == 200 and attack.json()["key"] == "2024/05/01-raid"
    assert log.status_code == 200 and "items" in log.json()


def test_a_blank_topic_is_refused_by_every_route_rather_than_read_as_none_or_as_a_topic(server):
    """`/events?topic=` listed every occurrence while `/timeline?topic=` listed none."""
    seed(server)
    with server.client("reader") as http:
        answers = [http.get(path, params={"topic": blank}) for path in ("/events", "/timeline", "/positions",
                                                                        "/disputes") for blank in ("", " ")]
    assert {a.status_code for a in answers} == {422}
    assert {a.json()["errors"][0]["field"] for a in answers} == {"query.topic"}


def test_a_collection_path_with_a_trailing_slash_still_leads_to_the_collection(server):
    seed(server)
    with server.client("reader") as http:
        answers = {path: http.get(path, follow_redirects=True) for path in ("/events/", "/actors/", "/events/log/")}
    assert {path: a.status_code for path, a in answers.items()} == dict.fromkeys(answers, 200)
    assert all("items" in a.json() for a in answers.values())
