"""Small generated ledgers for the cache, parallel and progress tests: real files, a few broken.

Built with the benchmarks' generator (the same code that writes the 100,000-prediction ledger),
at a size of tens of files so that tests stay cheap.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import generate

from predictledger import Ledger, Location
from predictledger._read.result import ReadResult
from predictledger._records import KINDS

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


SHARED_QUESTION = """[[question]]
id = "zzz-q-bitcoin"
claim = "Bitcoin trades above $100,000 on Coinbase at some point in 2024."
resolution = "True if the Coinbase BTC-USD price exceeds $100,000 before 2025."
horizon = { start = 2024-01-01, end = 2024-12-31 }
sector = "nowhere"

[[question]]
id = "zzz-q-open"
claim = "Something happens one day."
resolution = "True if it happens."
horizon = { start = 2024-01-01 }
note = "open-ended"

[[outcome]]
id = "zzz-q-bitcoin-r1"
question = "zzz-q-bitcoin"
verdict = "true"
resolved_on = 2024-12-06
evidence = ["Coinbase BTC-USD daily high above $100,000 on 2024-12-05."]
digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000"

[[reference]]
id = "zzz-ref-market"
question = "zzz-q-bitcoin"
kind = "market"
probability = 0.23
priced_at = 2024-01-10T12:30:00Z
match = "exact"
evidence = ["A market page, as archived."]
platform = "polymarket"
market = "some-market"
url = "https://example.org/market"

[[reference]]
id = "zzz-ref-bookmaker"
prediction = "zzz-shared-1"
kind = "bookmaker"
probability = 0.5
priced_at = 2024-01-09
match = "proxy"
evidence = ["A bookmaker's page."]
odds = [1.9, 1.9]

[[reference]]
id = "zzz-ref-local"
prediction = "zzz-shared-2"
kind = "consensus"
probability = 0.4
priced_at = 2024-01-09T08:00:00
match = "exact"
evidence = ["A survey."]
supersedes = "zzz-ref-bookmaker"
"""
SHARED_CLAIMS = """[source]
id = "zzz-shared"
title = "Two claims on one question"
publisher = "Nobody"
published = 2024-02-01
language = "en"
text = "seeds/zzz-missing.txt"

[[prediction]]
id = "zzz-shared-1"
author = "nobody"
claim = "Bitcoin will pass $100,000 in 2024."
quote = "It will happen."
resolution = "As the question says."
horizon = { phrase = "in 2024", start = 2024-01-01, end = 2024-12-31 }
sector = "nowhere"
question = "zzz-q-bitcoin"

[[prediction]]
id = "zzz-shared-2"
author = "nobody"
claim = "Bitcoin will not pass $100,000 in 2024."
quote = "It will not happen."
resolution = "As the question says."
horizon = { phrase = "in 2024", start = 2024-01-01, end = 2024-12-31 }
sector = "nowhere"
question = "zzz-q-bitcoin"
negates = true
"""


def make_ledger(root: Path, predictions: int = 300, broken: bool = True) -> Path:
    """A ledger of `predictions` predictions (50 per source file), plus two broken files, and
    a file of questions, their outcome and references, with a source of two claims on one."""
    generate(root, predictions, seed=7)
    folder = root / "predictions"
    (folder / "zzz-questions.toml").write_text(SHARED_QUESTION, encoding="utf-8")
    (folder / "sources" / "zzz-shared.toml").write_text(SHARED_CLAIMS, encoding="utf-8")
    if broken:
        sources = root / "predictions" / "sources"
        (sources / "zzz-broken.toml").write_text(BROKEN_SYNTAX, encoding="utf-8")
        (sources / "zzz-bad-field.toml").write_text(BROKEN_FIELD, encoding="utf-8")
    return root


def origins(ledger: Ledger) -> list[Location | None]:
    """Every record's origin: not part of record equality, so compared on its own."""
    return [record.origin for kind in KINDS for record in getattr(ledger, kind.plural)]


def same_reading(first: ReadResult, second: ReadResult) -> bool:
    """Both readings hold the same records, origins, problems (in order) and lost ids."""
    return (
        first.ledger == second.ledger
        and origins(first.ledger) == origins(second.ledger)
        and first.problems == second.problems
        and first.unreadable == second.unreadable
    )
