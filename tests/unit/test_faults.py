"""What a failed write tells the user: retry, nothing stored, or perhaps stored."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import OperationalError

from domain.errors import ConcurrentWriteConflict, StoreUnavailable
from store.faults import MAYBE_STORED, NOTHING_STORED, is_transient, write_failure

LOST = ["consuming input failed: server closed the connection unexpectedly",
        "terminating connection due to administrator command",
        "couldn't get a connection after 5.00 sec"]


@pytest.mark.parametrize("message", LOST)
def test_a_connection_lost_while_writing_may_have_stored_the_batch_so_nothing_says_it_did_not(message):
    """The server may commit and the acknowledgement be lost on the way back."""
    failure = write_failure(OperationalError(message), 40)
    assert isinstance(failure, StoreUnavailable)
    assert MAYBE_STORED in str(failure) and NOTHING_STORED not in str(failure)
    assert "connection to the store was lost" in str(failure) and "40 lines stored by earlier batches" in str(failure)


@pytest.mark.parametrize("message", LOST)
def test_a_connection_lost_while_only_reading_stored_nothing(message):
    assert NOTHING_STORED in str(write_failure(OperationalError(message), writing=False))


@pytest.mark.parametrize("message", ["canceling statement due to lock timeout", "deadlock detected",
                                     "database is locked", "could not serialize access due to concurrent update"])
def test_a_lock_timeout_or_a_lost_race_is_a_conflict_worth_retrying(message):
    assert is_transient(OperationalError(message))
    failure = write_failure(OperationalError(message))
    assert isinstance(failure, ConcurrentWriteConflict) and NOTHING_STORED in str(failure)


def test_another_refusal_stored_nothing():
    failure = write_failure(OperationalError("attempt to write a readonly database"))
    assert "read-only" in str(failure) and NOTHING_STORED in str(failure)
