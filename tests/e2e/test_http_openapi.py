"""Schemathesis against the served OpenAPI document: no server error, no response breaking its schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from api.main import create_app
from tests.e2e.test_http_append import seed

ENDLESS = "/events/stream"
DOCUMENT = create_app().openapi()
RUNS = [(f"{method.upper()} {path}", mode) for path, methods in DOCUMENT["paths"].items() if path != ENDLESS
        for method, operation in methods.items()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if mode is GenerationMode.POSITIVE or operation.get("parameters") or operation.get("requestBody")]
STATEFUL = {"POST /events", "GET /events/log"}
"""Operations whose valid input depends on the store (actors referred to must exist; a log cursor must lie
within this store's log), so a schema-valid request may rightly be refused: the positive-data-acceptance
check does not apply."""


def survives_encoding(value: object) -> bool:
    """Tell whether a generated query reaches the server whole (empty lists and maps vanish on the wire)."""
    if isinstance(value, (dict, list)):
        items = list(value.values()) if isinstance(value, dict) else value
        return bool(items) and all(survives_encoding(v) for v in items)
    return True


@pytest.fixture(scope="module")
def api_schema(server):
    """The OpenAPI document as the running server serves it, over a store holding the seed."""
    seed(server)
    return schemathesis.openapi.from_url(server.url + "/openapi.json")


@pytest.mark.parametrize(("label", "mode"), RUNS, ids=[f"{label} {mode.value}" for label, mode in RUNS])
def test_every_operation_answers_generated_requests_within_its_own_schema(api_schema, server, label, mode):
    operation = api_schema.find_operation_by_label(label)
    headers = {"Authorization": f"Bearer {server.tokens['both']}"}
    excluded = [positive_data_acceptance] if label in STATEFUL else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              derandomize=True)
    def check(case) -> None:
        assume(not case.query or survives_encoding(case.query))
        case.call_and_validate(base_url=server.url, headers=headers, excluded_checks=excluded)

    check()
