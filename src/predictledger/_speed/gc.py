"""The cyclic garbage collector, paused while a ledger's records are built.

Loading allocates hundreds of thousands of records that all stay alive: each pass of the
cyclic collector over them would find nothing to free. Reference counting still frees
everything that is dropped.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector until the block ends; it resumes if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
