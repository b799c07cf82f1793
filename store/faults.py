"""What a failed write means for the user: retry a busy store, or report a clear StoreUnavailable."""

from __future__ import annotations

import random
import time

from domain.errors import StoreUnavailable

NOTHING_STORED = "nothing from this batch was stored; earlier batches are intact and the store stays readable"


def is_transient(error: Exception) -> bool:
    """Tell whether a write failed only because another writer held the lock (worth retrying)."""
    text = str(error).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text


def write_failure(error: Exception, stored_before: int = 0) -> StoreUnavailable:
    """Explain a write the store refused (busy, read-only, disk full, I/O) in the user's terms."""
    text = str(error).lower()
    if is_transient(error):
        reason = "other writers kept the store locked through every retry"
    elif "readonly" in text or "read-only" in text or "read only" in text:
        reason = "the store is read-only (file permissions or a read-only URI)"
    elif "full" in text or "no space" in text:
        reason = "the disk is full"
    elif "i/o" in text or "disk" in text:
        reason = f"the disk refused the write (full, or a file size limit): {error}"
    else:
        reason = f"the store refused the write: {error}"
    earlier = f" ({stored_before} lines stored by earlier batches)" if stored_before else ""
    return StoreUnavailable(f"{reason}; {NOTHING_STORED}{earlier}")


def back_off(attempt: int) -> None:
    """Sleep before retrying a busy write: exponential with jitter, from 0.1 s."""
    time.sleep(0.1 * (2 ** attempt) * (0.5 + random.random()))  # noqa: S311
