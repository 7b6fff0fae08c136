"""Every error predictledger raises on purpose, under one base class.

Catch `PredictLedgerError` to handle anything the library refuses; catch a subclass for one kind
of refusal. Each subclass also derives from the builtin a caller would naturally catch
(`ValueError` for a bad argument or bad data), so existing ``except ValueError`` code keeps
working.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._problems import Problem, sorted_problems

__all__ = [
    "HedgeDataError",
    "HorizonError",
    "LedgerError",
    "LedgerNotFoundError",
    "LedgerWriteError",
    "NotFoundError",
    "PredictLedgerError",
    "RequestError",
    "ScoringError",
]


class PredictLedgerError(Exception):
    """The base of every error that predictledger raises on purpose."""


class LedgerError(PredictLedgerError):
    """A ledger could not be read into records; `problems` lists everything that is wrong."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted_problems(problems))
        count = len(self.problems)
        head = str(self.problems[0]) if self.problems else "unknown problem"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(head + more)

    def __reduce__(self) -> tuple[type[PredictLedgerError], tuple[object, ...]]:
        # Rebuilt from its problems, so that it survives pickling (multiprocessing).
        return LedgerError, (self.problems,)


class LedgerWriteError(LedgerError):
    """A write that could not be made; the one-line message names the file and the cause.

    It is a `LedgerError` carrying a single problem, so commands that already report ledger
    problems report this one the same way.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__([Problem(path=path, line=0, message=message)])
        self.path = path

    def __reduce__(self) -> tuple[type[PredictLedgerError], tuple[object, ...]]:
        return type(self), (self.path, self.problems[0].message)


class RequestError(PredictLedgerError, ValueError):
    """A request that cannot be carried out; the message is one line saying what to change."""


class LedgerNotFoundError(RequestError):
    """No ledger where one was looked for: the path given, `PREDICTLEDGER_LEDGER`, or the
    folders from the current one upward. The message says where it looked and how to name it."""


class NotFoundError(PredictLedgerError, KeyError):
    """No record with the id asked for (`Ledger.prediction("nope")`): a `KeyError`, so
    existing ``except KeyError`` code keeps working, whose message names the closest ids.

    The closest ids are looked for only when the message is read: code that tries ids and
    catches the error pays nothing for them.
    """

    def __init__(self, kind: str, record_id: str, choices: Iterable[str] = ()) -> None:
        super().__init__(kind, record_id)
        self.kind = kind
        self.record_id = record_id
        self._choices = choices
        self._message: str | None = None

    def __str__(self) -> str:
        # KeyError's own __str__ is the repr of its argument, quotes and escapes included.
        if self._message is None:
            from ._text import suggest, terminal_safe

            close = suggest(self.record_id, self._choices)
            self._message = terminal_safe(f"no {self.kind} with id {self.record_id!r}{close}")
        return self._message

    def __reduce__(self) -> tuple[type[PredictLedgerError], tuple[object, ...]]:
        return type(self), (self.kind, self.record_id, tuple(self._choices))


class HedgeDataError(PredictLedgerError, ValueError):
    """A hedge file that cannot be used: bad TOML, an unknown field, a number out of its band.

    The message lists every problem found, each with the file and the entry it is in, so that a
    user's override file can be fixed in one pass.
    """


class HorizonError(PredictLedgerError, ValueError):
    """A horizon phrase that is not understood, or that gives no sensible window.

    The message names the phrase and lists the forms that are understood, so that the keeper
    can rephrase it or give the dates by hand.
    """

    def __init__(self, phrase: str, reason: str) -> None:
        super().__init__(f"cannot read the horizon {phrase!r}: {reason}")
        self.phrase = phrase
        self.reason = reason

    def __reduce__(self) -> tuple[type[PredictLedgerError], tuple[object, ...]]:
        # Rebuilt from its own arguments, so that it survives pickling (multiprocessing).
        return type(self), (self.phrase, self.reason)


class ScoringError(PredictLedgerError, ValueError):
    """A record the scoring cannot use (a partial outcome without credit, a probability outside
    [0, 1]) or a scoring request that makes no sense (an unknown grouping)."""
