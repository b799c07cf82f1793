"""Waiting in tests for something another thread or process does, without fixed sleeps."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], patience: float = 60.0) -> bool:
    """Poll a condition every 50 ms until it holds (True) or patience runs out (False)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
