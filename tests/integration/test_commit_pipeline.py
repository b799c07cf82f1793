"""Batches committed on a helper thread while the next is built: same answers, same failures, same order."""

from __future__ import annotations

import threading
import time

import orjson
import pytest
from eventsourcing.persistence import OperationalError

from domain.errors import StoreUnavailable
from projections.contacts import contacts
from store.commit_pipeline import CommitPipeline
from store.jsonl import read_lines
from store.reading import events
from tests.conftest import SEED


def line(**fields) -> bytes:
    return orjson.dumps(fields)


def contact(key: str, day: int = 1) -> bytes:
    return line(type="ContactMade", key=key, occurred=f"2024-05-{day:02d}", participants=["rus", "fra"], mode="phone")


@pytest.fixture
def slow_commits(monkeypatch):
    """Every commit on the helper thread starts 50 ms late, so the next batch is built before it lands."""
    submit = CommitPipeline.submit

    def late(self, commit):
        def after_a_while():
            time.sleep(0.05)
            commit()
        submit(self, after_a_while)

    monkeypatch.setattr(CommitPipeline, "submit", late)


@pytest.fixture
def sqlite_seeded(tmp_path):
    from store.root import open_store
    from store.settings import Settings

    with open_store(Settings(store=str(tmp_path / "store.db"))) as store:
        with SEED.open("rb") as f:
            store.appender.append(read_lines(f))
        yield store


def test_a_batch_may_refer_to_and_repeat_what_the_batch_still_committing_stored(sqlite_seeded, slow_commits):
    lines = [
        line(type="StatementMade", key="s1", occurred="2024-05-01", speaker="rus", medium="communique",
             claims=[{"subject": "fra", "topic": "ukraine-dialogue", "stance": "supports"}]),
        line(type="ClaimDenied", key="d1", occurred="2024-05-02", denier="fra", denies="s1", claim=0),
        contact("c1"),
        contact("c1"),
        line(type="Corrected", target="c1", changes={"occurred": "2024-05-03"}, reason="date"),
    ]
    result = sqlite_seeded.appender.append(read_lines(lines), batch_size=1)
    assert (result.lines, result.appended, result.duplicates, result.rejected) == (5, 4, 1, [])
    found = contacts(sqlite_seeded, between="rus", and_="fra", since="2024-05-01")
    assert [c["occurred"] for c in found["contacts"]] == ["2024-05-03"]


def test_a_commit_that_fails_on_the_helper_thread_is_reported_and_not_counted(sqlite_seeded, monkeypatch):
    before = sum(1 for _ in events(sqlite_seeded.app))
    submit, submitted = CommitPipeline.submit, []

    def failing_second(self, commit):
        submitted.append(commit)
        if len(submitted) == 2:
            stack = commit.__self__  # the open transaction: exit it with an error, which rolls it back
            error = OperationalError("disk I/O error")

            def fail():
                stack.__exit__(OperationalError, error, None)
                raise error
            return submit(self, fail)
        return submit(self, commit)

    monkeypatch.setattr(CommitPipeline, "submit", failing_second)
    with pytest.raises(StoreUnavailable) as caught:
        sqlite_seeded.appender.append(read_lines([contact(f"k{i}") for i in range(6)]), batch_size=2)
    assert "nothing from this batch was stored" in str(caught.value)
    assert "(2 lines stored by earlier batches)" in str(caught.value)
    assert sum(1 for _ in events(sqlite_seeded.app)) == before + 2
    again = sqlite_seeded.appender.append(read_lines([contact(f"k{i}") for i in range(6)]), batch_size=2)
    assert (again.appended, again.duplicates) == (4, 2)


def test_threads_appending_at_once_each_with_its_own_pipeline_lose_nothing(sqlite_seeded):
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            sqlite_seeded.appender.append(read_lines([contact(f"{name}-{i}") for i in range(200)]), batch_size=10)
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(f"thread{n}",)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and not any(t.is_alive() for t in threads)
    keys = {e.key for _, e in events(sqlite_seeded.app) if (getattr(e, "key", None) or "").startswith("thread")}
    assert len(keys) == 600


def test_a_single_batch_commits_inline_and_batches_of_a_size_on_the_helper_thread(sqlite_seeded, monkeypatch):
    """Without reading ahead (input may be a live pipe), batches of a size never know which is the last."""
    submit, seen = CommitPipeline.submit, []

    def record(self, commit):
        seen.append(self.inline)
        return submit(self, commit)

    monkeypatch.setattr(CommitPipeline, "submit", record)
    sqlite_seeded.appender.append(read_lines([contact("one")]))
    assert seen == [True]
    seen.clear()
    sqlite_seeded.appender.append(read_lines([contact(f"many-{i}") for i in range(5)]), batch_size=2)
    assert seen == [False, False, False]


def test_lines_unreadable_from_the_start_do_not_make_a_batch_be_checked_twice(sqlite_seeded, slow_commits,
                                                                              monkeypatch):
    from store.append import AppendService

    build, builds = AppendService._build, []

    def counted(self, chunk, **options):
        builds.append(len(chunk))
        return build(self, chunk, **options)

    monkeypatch.setattr(AppendService, "_build", counted)
    lines = [contact("u1"), b"{not json", contact("u2"), b"[]"]
    result = sqlite_seeded.appender.append(read_lines(lines), batch_size=2, skip_invalid=True)
    assert (result.appended, len(result.rejected)) == (2, 2)
    assert builds == [2, 2]
