"""Appending JSON Lines: whole batches, duplicates skipped, bad lines located, nothing half-written."""

from __future__ import annotations

import pytest

from domain.errors import InputRejected
from store.jsonl import read_lines
from store.reading import events
from tests.conftest import SEED


def log_size(store) -> int:
    return sum(1 for _ in events(store.app))


def test_the_seed_article_is_stored_and_reappending_it_adds_nothing(store):
    with SEED.open("rb") as f:
        first = store.appender.append(read_lines(f))
    with SEED.open("rb") as f:
        second = store.appender.append(read_lines(f))
    assert first.appended == first.lines == 51 and not first.rejected
    assert second.appended == 0 and second.duplicates == 51


def test_three_spellings_of_shoigu_resolve_to_one_actor(seeded):
    keys = {seeded.directory.lookup(n) for n in ["Choïgu", "Serguei Choigou", "Shoigu", "CHOÏGOU"]}
    assert keys == {"sergei-shoigu"}


def test_a_bad_line_rejects_the_whole_file_and_names_line_and_field(seeded):
    before = log_size(seeded)
    lines = [
        b'{"type":"ContactMade","occurred":"2024-05-01","participants":["rus","fra"],"mode":"phone"}',
        b'{"type":"ContactMade","occurred":"2024-05-01","participants":["rus","Shoygu"],"mode":"phone"}',
    ]
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines(lines))
    (rejection,) = caught.value.rejections
    assert (rejection.line, rejection.field) == (2, "participants.1")
    assert "sergei-shoigu" in rejection.reason
    assert log_size(seeded) == before


def test_the_same_key_with_different_content_is_a_conflict(seeded):
    line = b'{"type":"ContactMade","key":"2024-04-03-lecornu-shoigu-call","occurred":"2024-04-04","participants":["rus","fra"],"mode":"phone"}'
    with pytest.raises(InputRejected) as caught:
        seeded.appender.append(read_lines([line]))
    assert caught.value.rejections[0].field == "key"
