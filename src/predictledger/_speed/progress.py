"""A progress bar on standard error for loads that take more than about a second.

It is drawn only on a terminal (never into a pipe, a file or a CI log), only once the work has
taken `DELAY` seconds (a quick load shows nothing), at most `RATE` times a second, and it erases
itself when done, so that what follows on the terminal is exactly what would have been printed
without it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

__all__ = ["DELAY", "Progress"]

DELAY = 1.0
"""Seconds of work before the bar appears."""

RATE = 10.0
"""Most redraws a second."""

_WIDTH = 30


class Progress:
    """Counts units of work (bytes read, say) out of a known total, and draws a bar."""

    def __init__(
        self,
        total: int,
        label: str,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self._stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self._enabled = enabled and total > 0
        self._total = total
        self._label = label
        self._clock = clock
        self._start = clock()
        self._last = -1.0
        self._done = 0
        self.drawn = False

    def advance(self, amount: int) -> None:
        """Record `amount` more units done; redraw if it is time to."""
        self._done += amount
        if not self._enabled:
            return
        now = self._clock()
        if now - self._start < DELAY or now - self._last < 1 / RATE:
            return
        self._last = now
        share = min(self._done / self._total, 1.0)
        filled = int(share * _WIDTH)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self._stream.write(f"\r{self._label} [{bar}] {share:4.0%}")
        self._stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar, if one was drawn."""
        if self.drawn:
            width = len(self._label) + _WIDTH + 9
            self._stream.write("\r" + " " * width + "\r")
            self._stream.flush()
            self.drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
