"""The point-in-time views over HTTP: append over HTTP, then query at several clock settings."""

from __future__ import annotations

from datetime import datetime, timezone

from api.clocks import CLOCK_PATTERN
from tests.e2e.test_http_append import seed


ATTACK = "2024-03-22-crocus-city-hall-attack"


def instant() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_casualty_figures_are_those_known_at_the_chosen_date(server):
    seed(server)
    with server.client("reader") as http:
        early = http.get("/incidents", params={"known_at": "2024-03-25", "key": ATTACK}).json()["incidents"]
        late = http.get("/incidents", params={"key": ATTACK}).json()["incidents"]
    assert [(i["killed"], i["injured"]) for i in early] == [(133, 147)]
    assert [(i["killed"], i["injured"]) for i in late] == [(144, 360)]


def test_an_incident_key_that_names_no_occurrence_is_a_404_naming_the_parameter(server):
    seed(server)
    with server.client("reader") as http:
        unknown = http.get("/incidents", params={"key": "no-such-attack"})
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["field"] == "query.key"
    assert unknown.json()["detail"].startswith("field 'query.key': ")  # the same name in both


def test_the_call_is_the_first_france_russia_contact_since_october_2022_and_absent_the_day_before(server):
    seed(server)
    with server.client("reader") as http:
        before = http.get("/contacts", params={"between": "France", "and": "Russia", "at": "2024-04-02"}).json()
        after = http.get("/contacts", params={"between": "fra", "and": "rus", "since": "2024-04", "rank": "minister"}).json()
    assert [c["occurred"] for c in before["contacts"]] == ["2022-10-23"]
    assert after["count"] == 1 and after["contacts"][0]["previous"] == "2022-10-23"
    assert after["contacts"][0]["key"] == "2024-04-03-lecornu-shoigu-call"


def test_a_dispute_exists_only_from_the_day_of_the_denial(server):
    seed(server)
    with server.client("reader") as http:
        before = http.get("/disputes", params={"at": "2024-04-02"}).json()["disputes"]
        after = http.get("/disputes", params={"topic": "ukraine-dialogue"}).json()["disputes"]
    assert before == [] and after[0]["subject"] == "fra" and after[0]["denials"][0]["denier"] == "fra-armed-forces-ministry"


def test_a_statement_appended_over_http_shows_only_from_when_the_store_recorded_it(server):
    seed(server)
    statement = {"type": "StatementMade", "key": "http-views-statement", "occurred": "2024-06-01",
                 "speaker": "Lavrov", "medium": "interview",
                 "claims": [{"subject": "rus", "topic": "http-views", "stance": "supports", "quote": "yes"}]}
    with server.client("both") as http:
        before = instant()
        assert http.post("/events", json=statement).status_code in (200, 201)
        after = instant()
        then = http.get("/positions", params={"topic": "http-views", "recorded_at": before}).json()["positions"]
        now = http.get("/positions", params={"topic": "http-views", "recorded_at": after}).json()["positions"]
        world_before = http.get("/positions", params={"topic": "http-views", "at": "2024-05-31"}).json()["positions"]
    assert then == [] and world_before == []
    assert [(p["actor"], p["stance"], p["attributed"]) for p in now] == [("rus", "supports", False)]


def test_positions_and_timelines_come_in_pages_that_add_up_to_the_whole(server):
    seed(server)
    with server.client("reader") as http:
        whole = http.get("/timeline", params={"actor": "Choïgu", "limit": 1000}).json()["timeline"]
        paged = all_pages_of(http, "/timeline", "timeline", actor="Shoigu", limit=2)
        positions = all_pages_of(http, "/positions", "positions", limit=3)
    assert paged == whole and len(whole) >= 3
    assert len(positions) == len(http_positions(server))


def all_pages_of(http, path: str, field: str, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = http.get(path, params={**params, **({"cursor": cursor} if cursor else {})}).json()
        items.extend(page[field])
        cursor = page["next_cursor"]
        if not cursor:
            return items


def http_positions(server) -> list[dict]:
    with server.client("reader") as http:
        return http.get("/positions", params={"limit": 1000}).json()["positions"]


def test_an_unknown_actor_is_a_404_with_suggestions_and_a_bad_date_a_422(server):
    seed(server)
    with server.client("reader") as http:
        unknown = http.get("/timeline", params={"actor": "Shoygu"})
        bad = http.get("/positions", params={"at": "2023-02-29"})
    assert unknown.status_code == 404 and "sergei-shoigu" in unknown.json()["detail"]
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.at"
    assert "impossible date '2023-02-29': day is out of range for month" in bad.json()["errors"][0]["reason"]


def test_a_clock_the_pattern_refuses_is_explained_in_words_on_every_route(server):
    """The OpenAPI document gives the pattern; a 422 says what is wrong as the command line does, not the pattern."""
    with server.client("reader") as http:
        answers = {(path, name, value): http.get(path, params={name: value, **extra}) for path, name, extra in (
            ("/positions", "known_at", {}), ("/contacts", "since", {"between": "fra", "and": "rus"}),
            ("/events", "to", {}), ("/actors/fra", "at", {}))
            for value in ("2024-13", "2024-04-03T10:00", "2024-W14T00:00+00:00", "2024-04-03\n")}
        schema = http.get("/openapi.json").json()["paths"]["/positions"]["get"]["parameters"]
    for (path, name, value), answer in answers.items():
        assert answer.status_code == 422, (path, value)
        [error] = answer.json()["errors"]
        assert error["field"] == f"query.{name}" and len(error["reason"]) < 300 and "(?:" not in error["reason"]
        assert value.strip() in error["reason"] and not error["reason"].startswith("Value error")
    [at] = [p for p in schema if p["name"] == "at"]
    assert at["schema"]["pattern"] == CLOCK_PATTERN
