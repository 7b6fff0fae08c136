"""The cyclic garbage collector, paused for a command (`_cli.main`) and in helper processes.

Loading allocates hundreds of thousands of records that all stay alive: each pass of the
cyclic collector over them would find nothing to free. Reference counting still frees
everything that is dropped. The library itself leaves the collector to its caller.
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
