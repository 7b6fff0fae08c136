"""Building small, valid ledgers for the write-path tests, and judging what a write left behind."""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attrs import evolve

from predictledger._checks import check
from predictledger._digest import prediction_digest
from predictledger._loader import read_ledger
from predictledger._problems import Problem
from predictledger._records import (
    Horizon,
    Outcome,
    PartialDate,
    Prediction,
    Source,
    Verdict,
)
from predictledger._write.append import render_records
from predictledger._write.atomic import REAL_OPS, FileOps

OUTCOMES = "predictions/outcomes/all.toml"

_AUTHORS = """\
# The people whose claims this test ledger tracks.
[[author]]
id = "ada"
name = "Ada"

[[author]]
id = "bob"
name = "Bob"
"""

_SECTORS = """\
[[sector]]
id = "weather"
name = "Weather"
"""


def make_ledger(root: Path, *, sources: int = 1, per_source: int = 3) -> list[Prediction]:
    """A ledger that passes `check`, with `sources * per_source` unresolved predictions."""
    (root / "predictions" / "sources").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "predictions" / "authors.toml").write_text(_AUTHORS, encoding="utf-8")
    (root / "predictions" / "sectors.toml").write_text(_SECTORS, encoding="utf-8")
    everything: list[Prediction] = []
    for s in range(sources):
        source = Source(
            id=f"src-{s}",
            title=f"Outlook {s}",
            publisher="Le Temps",
            published=PartialDate(year=2024, month=1),
            language="fr",
            text=f"seeds/src-{s}.txt",
        )
        predictions = [_prediction(source.id, s * per_source + i) for i in range(per_source)]
        seed = "\n".join(p.quote for p in predictions) + "\n"
        (root / source.text).write_text(seed, encoding="utf-8")
        text = render_records(predictions, source=source)
        (root / "predictions" / "sources" / f"{source.id}.toml").write_text(text, "utf-8")
        everything.extend(predictions)
    return everything


def _prediction(source_id: str, number: int) -> Prediction:
    return Prediction(
        id=f"p-{number}",
        source=source_id,
        author="ada" if number % 2 else "bob",
        made_on=dt.date(2024, 1, 31),
        claim=f"It will rain on day {number} of 2024.",
        quote=f"Il pleuvra le jour {number}.",
        resolution=f"True if it rains on day {number}.",
        horizon=Horizon(phrase="en 2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
        sector="weather",
    )


def outcome_for(prediction: Prediction, /, **changes: Any) -> Outcome:
    """A valid outcome of `prediction`, with any field overridden."""
    outcome = Outcome(
        id=f"{prediction.id}-r1",
        prediction=prediction.id,
        verdict=Verdict.TRUE,
        resolved_on=dt.date(2025, 1, 15),
        evidence=(f"Météo-France records rain on day {prediction.id}.",),
        digest=prediction_digest(prediction),
    )
    return evolve(outcome, **changes)


def ledger_problems(root: Path) -> list[Problem]:
    """Everything `predictledger check` would report: read problems, then checks."""
    result = read_ledger(root)
    return check(result)


def outcome_ids(root: Path) -> list[str]:
    return [o.id for o in read_ledger(root).ledger.outcomes]


def stray_files(root: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in root.rglob("*.tmp"))


OPERATIONS = ("mkstemp", "fchmod", "write", "fsync", "close", "replace", "fsync_dir", "unlink")


class FaultyOps:
    """Real file operations, counted, with an OSError at the Nth (1-based) one.

    With `persistent`, every operation from the Nth on fails, as on a disk that went away.
    `only` limits the fault to one kind of operation ("write", "fsync", ...), counting only
    those. `calls` records the operations made, in order.
    """

    def __init__(
        self,
        fail_at: int | None = None,
        *,
        error: int = errno.EIO,
        only: str | None = None,
        persistent: bool = False,
    ) -> None:
        self.fail_at = fail_at
        self.error = error
        self.only = only
        self.persistent = persistent
        self.calls: list[str] = []
        self.count = 0
        self.fired = False

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def operation(*args: Any) -> Any:
            self.calls.append(name)
            if self.only is None or self.only == name:
                self.count += 1
                hit = self.fail_at is not None and (
                    self.count == self.fail_at or (self.persistent and self.count > self.fail_at)
                )
                if hit:
                    self.fired = True
                    raise OSError(self.error, os.strerror(self.error))
            return real(*args)

        return operation

    def ops(self) -> FileOps:
        return FileOps(**{name: self._wrap(name, getattr(REAL_OPS, name)) for name in OPERATIONS})
