"""Where the HTTP service runs a read: on the event loop only when its size is bounded by what it names.

A read whose size one actor decides (its timeline, every topic of its positions, the contacts between two
sides, a group and its members) once ran on the event loop and held every other request, `/health`
included, for as long as it took (seconds on a large store)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from api.main import create_app
from api.settings import ApiSettings
from api.tokens import TokenRegistry
from store.jsonl import read_lines
from store.root import open_store
from tests.conftest import SEED


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


READS = [
    ("/timeline?actor=rus", "api.routes.timeline.timeline", False),
    ("/positions?actor=rus", "api.routes.positions.positions", False),
    ("/positions?actor=rus&topic=ukraine-dialogue", "api.routes.positions.positions", True),
    ("/contacts?between=fra&and=rus", "api.routes.contacts.contacts", False),
    ("/actors/western-allies", "api.routes.actors.members_ever", False),
]


@pytest.mark.parametrize(("path", "target", "inline"), READS)
def test_a_read_sized_by_an_actor_runs_in_the_threadpool(tmp_path, monkeypatch, path, target, inline):
    settings = ApiSettings(store=str(tmp_path / "s.db"), anonymous_reads=True)
    app = create_app(settings)
    where: list[bool] = []
    module, _, name = target.rpartition(".")
    real = getattr(__import__(module, fromlist=[name]), name)

    def watched(*args, **kwargs):
        where.append(_on_event_loop())
        return real(*args, **kwargs)

    monkeypatch.setattr(target, watched)
    with open_store(settings) as store, SEED.open("rb") as f:
        store.appender.append(read_lines(f))
        app.state.store, app.state.tokens = store, TokenRegistry(store)  # creating its table is a commit
        store.views.catch_up()
        store.views.refresh()  # a catch-up that finds nothing marks the views current

        async def get() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
                return await http.get(path)

        answer = asyncio.run(get())
    assert answer.status_code == 200, answer.text
    assert where == [inline]
