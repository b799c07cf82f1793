"""The HTTP answers are the CLI's `--format json` answers: same parameters, same JSON shapes."""

from __future__ import annotations

import orjson
import pytest

from tests.e2e.server import geoevents
from tests.e2e.test_http_append import seed

CASES = [
    (["events", "list", "--actor", "Shoigu", "--from", "2024-01"], "/events",
     {"actor": "Shoigu", "from": "2024-01"}, "items"),
    (["events", "list", "--type", "StatementMade", "--topic", "ukraine-dialogue"], "/events",
     {"type": "StatementMade", "topic": "ukraine-dialogue"}, "items"),
    (["events", "list", "--type", "contact"], "/events", {"type": "contact"}, "items"),
    (["events", "show", "2024-04-03-lecornu-shoigu-call"], "/events/2024-04-03-lecornu-shoigu-call", {}, None),
    (["actors", "show", "Choïgou", "--at", "2024-04-03"], "/actors/Choïgou", {"at": "2024-04-03"}, None),
    (["actors", "show", "western-allies"], "/actors/western-allies", {}, None),
    (["positions", "--actor", "France", "--topic", "ukraine-dialogue"], "/positions",
     {"actor": "France", "topic": "ukraine-dialogue"}, "positions"),
    (["contacts", "--between", "France", "--and", "Russia", "--since", "2022-02-24", "--rank", "minister"], "/contacts",
     {"between": "France", "and": "Russia", "since": "2022-02-24", "rank": "minister"}, "contacts"),
    (["incidents", "--known-at", "2024-03-23"], "/incidents", {"known_at": "2024-03-23"}, "incidents"),
    (["disputes", "--at", "2024-04-03"], "/disputes", {"at": "2024-04-03"}, "disputes"),
    (["timeline", "--actor", "Lecornu", "--recorded-at", "2099"], "/timeline", {"actor": "Lecornu", "recorded_at": "2099"}, "timeline"),
]


@pytest.mark.parametrize(("command", "path", "params", "rows"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_the_http_answer_equals_the_cli_answer(server, command, path, params, rows):
    seed(server)
    cli = orjson.loads(geoevents(*command, "--format", "json", store=server.store).stdout)
    with server.client("reader") as http:
        answer = http.get(path, params={**params, **({"limit": 1000} if rows else {})})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    if rows is None:
        assert body == cli
    elif rows == "items":
        assert body["items"] == cli and body["next_cursor"] is None
    else:
        assert body[rows] == cli[rows] and body["next_cursor"] is None
