"""Small generated ledgers for the cache, parallel and progress tests: real files, a few broken.

Built with the benchmarks' generator (the same code that writes the 100,000-prediction ledger),
at a size of tens of files so that tests stay cheap.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import generate

from predictledger import Ledger, Location
from predictledger._read.result import ReadResult

BROKEN_SYNTAX = 'id = "zzz-broken"\n[[outcome]\n'
BROKEN_FIELD = """[source]
id = "zzz-bad-source"
title = "A source whose prediction has a misspelt field"
publisher = "Nobody"
published = 2024-01-01
language = "en"
text = "seeds/zzz-missing.txt"

[[prediction]]
id = "zzz-bad-prediction"
author = "nobody"
claim = "Something happens."
quote = "It will happen."
resolution = "True if it happens."
horizon = { phrase = "in 2024", start = 2024-01-01, end = 2024-12-31 }
sector = "nowhere"
probabilty = 0.5
"""


def make_ledger(root: Path, predictions: int = 300, broken: bool = True) -> Path:
    """A ledger of `predictions` predictions (50 per source file), plus two broken files."""
    generate(root, predictions, seed=7)
    if broken:
        sources = root / "predictions" / "sources"
        (sources / "zzz-broken.toml").write_text(BROKEN_SYNTAX, encoding="utf-8")
        (sources / "zzz-bad-field.toml").write_text(BROKEN_FIELD, encoding="utf-8")
    return root


def origins(ledger: Ledger) -> list[Location | None]:
    """Every record's origin: not part of record equality, so compared on its own."""
    return [
        record.origin
        for group in (
            ledger.sources,
            ledger.authors,
            ledger.sectors,
            ledger.predictions,
            ledger.outcomes,
        )
        for record in group
    ]


def same_reading(first: ReadResult, second: ReadResult) -> bool:
    """Both readings hold the same records, origins, problems (in order) and lost ids."""
    return (
        first.ledger == second.ledger
        and origins(first.ledger) == origins(second.ledger)
        and first.problems == second.problems
        and first.unreadable == second.unreadable
    )
