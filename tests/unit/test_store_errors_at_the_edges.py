"""A database error that escapes our own handling (a dropped connection during a read) reaches the user as a
clear 'store unavailable', never as a traceback (CLI) or a 500 (HTTP)."""

from __future__ import annotations

import pytest
import typer
from eventsourcing.persistence import OperationalError

from cli.context import opened


def test_the_cli_reports_a_dropped_connection_as_the_store_being_unavailable(tmp_path, capsys):
    with pytest.raises(typer.Exit) as stopped, opened(str(tmp_path / "s.db")):
        raise OperationalError("terminating connection due to administrator command")
    assert stopped.value.exit_code == 1
    assert "connection to the store was lost" in capsys.readouterr().err


def test_the_http_service_answers_503_with_retry_after():
    import asyncio

    import httpx
    from fastapi import FastAPI

    from api import problems

    app = FastAPI()
    problems.install(app)

    @app.get("/boom")
    async def boom() -> None:
        raise OperationalError("server closed the connection unexpectedly")

    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                     base_url="http://t") as http:
            return await http.get("/boom")

    answer = asyncio.run(get())
    assert answer.status_code == 503 and answer.headers["retry-after"] == "1"
    assert "connection to the store was lost" in answer.json()["detail"]
