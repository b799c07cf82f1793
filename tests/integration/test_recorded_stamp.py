"""The store's `recorded` clock is stamped when a batch holds the write lock, not when its check began."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import orjson
import pytest

from domain.actors import ActorRegistered
from domain.catalogue import ContactMade
from projections.contacts import contacts, contacts_from
from projections.replay import Fold, replay
from projections.timeclock import ALWAYS, NEVER, Clocks
from store import stamping
from store.batch import Batch
from store.jsonl import read_lines
from store.reading import events
from store.root import open_store


def lines(*records: dict) -> list:
    """JSON Lines input for an append."""
    return list(read_lines(iter([orjson.dumps(r) + b"\n" for r in records])))


def person(key: str) -> dict:
    """A person's registration line."""
    return {"type": "ActorRegistered", "key": key, "name": key.title(), "kind": "person"}


def call(key: str, *participants: str) -> dict:
    """A phone call between actors."""
    return {"type": "ContactMade", "key": key, "occurred": "2024-04-03", "participants": list(participants),
            "mode": "phone"}


@pytest.mark.parametrize("merkle_log", [True, False])
def test_a_batch_is_stamped_after_what_another_writer_committed_while_it_was_checked(settings, monkeypatch,
                                                                                      merkle_log):
    settings = settings.model_copy(update={"merkle_log": merkle_log})
    with open_store(settings) as first, open_store(settings) as second:
        first.appender.append(lines(person("anna"), person("boris")))
        checking: list[datetime] = []
        add = Batch.add

        def other_writer_commits_mid_check(self, data, size=0):
            if not checking:
                checking.append(datetime.now(timezone.utc))
                second.appender.append(lines(person("carla")))
            return add(self, data, size)

        monkeypatch.setattr(Batch, "add", other_writer_commits_mid_check)
        first.appender.append(lines(call("c1", "anna", "boris"), call("c2", "anna", "carla")))
        monkeypatch.undo()

        log = [event for _, event in events(first.app)]
        stamps = [event.timestamp for event in log]
        assert stamps == sorted(stamps), "recorded never goes back along the log"
        carla = next(e for e in log if isinstance(e, ActorRegistered) and e.key == "carla")
        calls = [e for e in log if isinstance(e, ContactMade)]
        assert [e.key for e in calls] == ["c1", "c2"]
        assert checking[0] < carla.timestamp < calls[0].timestamp == calls[1].timestamp
        for recorded in sorted(set(stamps)):  # every moment the store was in: the views answer as the replay does
            at = recorded.isoformat()
            fold = Fold(first.app, Clocks.parse(None, None, at))
            assert contacts(first, between="anna", and_="carla", recorded_at=at) == \
                contacts_from(fold, "anna", "carla", ALWAYS, NEVER, None, None, None)


def test_a_query_at_now_sees_what_was_stamped_by_a_clock_ahead_of_this_one(settings, monkeypatch):
    class AnHourAhead(datetime):
        """The clock of another writer, an hour ahead of this host's."""

        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(hours=1)

    with open_store(settings) as store:
        monkeypatch.setattr(stamping, "datetime", AnHourAhead)
        store.appender.append(lines(person("anna"), person("boris")))
        monkeypatch.undo()
        store.appender.append(lines(call("c1", "anna", "boris")))  # stamped after the last, an hour ahead
        [stored] = [e for _, e in events(store.app) if isinstance(e, ContactMade)]
        assert stored.timestamp > datetime.now(timezone.utc) + timedelta(minutes=59)

        assert contacts(store, between="anna", and_="boris")["count"] == 1
        assert replay(store, between="anna", and_="boris")["count"] == 1
