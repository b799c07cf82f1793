"""What a failed write means for the user: retry a busy store, or report a clear StoreUnavailable."""

from __future__ import annotations

import random
import time

from domain.errors import ConcurrentWriteConflict, GeoEventsError, StoreUnavailable

RETRIES = 5
"""Attempts at a write that finds the store locked by another writer."""

NOTHING_STORED = "nothing from this batch was stored; earlier batches are intact and the store stays readable"
MAYBE_STORED = ("this batch may or may not have been stored (the connection went while it was being written); "
                "appending the same input again adds nothing it stored for lines with a key or an id, while a "
                "line without either would be stored again; earlier batches are intact")


def is_transient(error: Exception) -> bool:
    """Tell whether a write failed only because another writer held the lock, or won a race (worth retrying;
    the failed transaction stored nothing)."""
    text = str(error).lower()
    return any(sign in text for sign in ("locked", "busy", "could not serialize", "lock timeout", "deadlock detected"))


def is_dropped(error: Exception) -> bool:
    """Tell whether a database call failed because its connection went away (a restarted server, a terminated
    backend): a read may be retried on another connection; a write may or may not have been committed."""
    text = str(error).lower()
    return "terminating connection" in text or "connection" in text and ("closed" in text or "lost" in text)


def is_cut_off(error: Exception) -> bool:
    """Tell whether a database call failed for want of a connection: the one it used went away, or none could
    be had (the library's pool gave up after retrying a write on new connections)."""
    return is_dropped(error) or "couldn't get a connection" in str(error).lower()


UNREACHABLE = ("connection refused", "timeout expired", "timed out", "could not connect", "no route to host",
               "network is unreachable", "starting up", "shutting down", "server closed the connection",
               "temporary failure in name resolution", "connection reset")
"""What a connection attempt says when no server answered yet (against a wrong password, user or database name)."""


def is_unreachable(error: Exception) -> bool:
    """Tell whether a connection attempt failed because no server answered at the address (down, restarting,
    not yet reachable): trying again later may succeed, unlike a refused login or a database that does not exist."""
    text = str(error).lower()
    return any(sign in text for sign in UNREACHABLE)


def is_read_only(error: Exception) -> bool:
    """Tell whether the store refused a write because it cannot be written at all (permissions, a read-only URI
    or server): no retry will help."""
    text = str(error).lower()
    return "readonly" in text or "read-only" in text or "read only" in text


def reason(error: Exception) -> str:
    """Say in the user's terms why the store refused a write (busy, read-only, disk full, I/O)."""
    text = str(error).lower()
    if is_transient(error):
        return "other writers kept the store locked through every retry"
    if is_read_only(error):
        return "the store is read-only (file permissions or a read-only URI)"
    if "full" in text or "no space" in text:
        return "the disk is full"
    if "i/o" in text or "disk" in text:
        return f"the disk refused the write (full, or a file size limit): {error}"
    if is_cut_off(error):
        return f"the connection to the store was lost: {str(error).strip()}"
    return f"the store refused the write: {error}"


def write_failure(error: Exception, stored_before: int = 0, *, writing: bool = True) -> GeoEventsError:
    """Explain a batch the store refused (a writer that kept the lock is a ConcurrentWriteConflict). A connection
    lost while `writing` the batch may have gone after the server committed it: the message says it may or may
    not be stored, never that nothing was."""
    earlier = f" ({stored_before} lines stored by earlier batches)" if stored_before else ""
    if is_transient(error):
        return ConcurrentWriteConflict(f"{reason(error)}, each time longer than the lock timeout "
                                       f"(GEOEVENTS_LOCK_TIMEOUT_SECONDS); {NOTHING_STORED}; try again{earlier}")
    return StoreUnavailable(f"{reason(error)}; {MAYBE_STORED if writing and is_cut_off(error) else NOTHING_STORED}"
                            f"{earlier}")


def views_behind(error: Exception, stored: int) -> StoreUnavailable:
    """Explain that the events were stored but the views could not follow them yet."""
    return StoreUnavailable(f"{reason(error)}; {stored} lines were stored, but the views could not be "
                            "updated: they catch up on the next write (or `geoevents projections rebuild`)")


def back_off(attempt: int) -> None:
    """Sleep before retrying a busy write: exponential with jitter, from 0.1 s."""
    time.sleep(0.1 * (2 ** attempt) * (0.5 + random.random()))  # noqa: S311
