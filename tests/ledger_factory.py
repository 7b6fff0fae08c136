"""A small, valid ledger for tests: two authors, two sectors, two sources, five predictions.

`make_ledger(tmp_path)` (from `tests.ledger_factory`) writes it and returns the root. Every quote
stands verbatim in its seed text, so `predictledger check` passes on it; tests change one thing
and look at the effect.
`snapshot(root)` records every file's bytes, to show that a refused command wrote nothing.

Ids used below, for tests to refer to:

* source `techflow-zixi-2024-outlook` (published "2023-12", so claims are made on 2023-12-31),
  by author `zixi-eth`: `zixi-2024-l2-competition` (horizon 2024, hedge "probablement"),
  `zixi-2025-btc-100k` (horizon to the end of 2025), `zixi-rollups-long-term` (open-ended) and
  `zixi-eth-price-abstention` (an abstention);
* source `ana-blog-2024-rates` (published 2024-03-05), by author `ana-lopez`:
  `ana-2024-two-cuts` (horizon 2024, sector `macro`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from predictledger import load, prediction_digest
from predictledger._write.lock import LOCK_NAME

__all__ = [
    "ANA_SOURCE",
    "ZIXI_SOURCE",
    "make_ledger",
    "outcome_table",
    "snapshot",
]

ZIXI_SOURCE = "techflow-zixi-2024-outlook"
ANA_SOURCE = "ana-blog-2024-rates"

AUTHORS = """\
[[author]]
id = "zixi-eth"
name = "Zixi.eth"
aliases = ["Zixi"]

[[author]]
id = "ana-lopez"
name = "Ana López"
affiliation = "Independent macro analyst"
"""

SECTORS = """\
[[sector]]
id = "layer-2"
name = "Layer 2"

[[sector]]
id = "macro"
name = "Macroeconomics"
"""

ZIXI_TEXT = """\
Perspectives 2024
Rédaction : Zixi.eth
La concurrence entre les L2 sera probablement féroce en 2024, chacun voulant sa part.
Le bitcoin dépassera les 100 000 dollars d'ici fin 2025.
À long terme, les rollups remplaceront les chaînes monolithiques.
Quant au prix de l'ETH, je ne me risquerai pas à le prédire.
Il est possible que les frais baissent de moitié l'an prochain.
"""

ANA_TEXT = """\
Rates outlook
I expect the Fed to cut rates at least twice by the end of 2024.
"""

ZIXI_FILE = f"""\
[source]
id = "{ZIXI_SOURCE}"
title = "Perspectives 2024"
publisher = "TechFlow"
published = "2023-12"
language = "fr"
text = "seeds/zixi.txt"
people = [{{ role = "author", name = "Zixi.eth", author = "zixi-eth" }}]

[[prediction]]
id = "zixi-2024-l2-competition"
author = "zixi-eth"
claim = "Competition between Ethereum layer-2 networks will be intense in 2024."
quote = "La concurrence entre les L2 sera probablement féroce en 2024"
resolution = "True if at least five L2 networks each hold over 1 billion dollars in 2024."
horizon = {{ phrase = "en 2024", start = 2024-01-01, end = 2024-12-31 }}
sector = "layer-2"
tags = ["ethereum"]
probability = {{ value = 0.7, basis = "hedge", hedge = "probablement", \
scale = "mauboussin-2018", term = "probably" }}

[[prediction]]
id = "zixi-2025-btc-100k"
author = "zixi-eth"
claim = "Bitcoin will trade above 100,000 US dollars before the end of 2025."
quote = "Le bitcoin dépassera les 100 000 dollars d'ici fin 2025."
resolution = "True if BTC/USD closes above 100,000 on any day before 2026."
horizon = {{ phrase = "d'ici fin 2025", start = 2024-01-01, end = 2025-12-31 }}
sector = "layer-2"

[[prediction]]
id = "zixi-rollups-long-term"
author = "zixi-eth"
claim = "Rollups will replace monolithic chains."
quote = "À long terme, les rollups remplaceront les chaînes monolithiques."
resolution = "True if most transactions settle on rollups."
horizon = {{ phrase = "à long terme", start = 2024-01-01 }}
sector = "layer-2"

[[prediction]]
id = "zixi-eth-price-abstention"
author = "zixi-eth"
kind = "abstention"
claim = "Zixi declines to forecast the price of ETH."
quote = "je ne me risquerai pas à le prédire"
horizon = {{ phrase = "2024", start = 2024-01-01, end = 2024-12-31 }}
sector = "layer-2"
"""

ANA_FILE = f"""\
[source]
id = "{ANA_SOURCE}"
title = "Rates outlook"
publisher = "Ana's blog"
published = 2024-03-05
language = "en"
text = "seeds/ana.txt"

[[prediction]]
id = "ana-2024-two-cuts"
author = "ana-lopez"
claim = "The Federal Reserve will cut its policy rate at least twice in 2024."
quote = "I expect the Fed to cut rates at least twice by the end of 2024."
resolution = "True if the FOMC announces two or more cuts between 2024-03-05 and 2024-12-31."
horizon = {{ phrase = "by the end of 2024", start = 2024-03-05, end = 2024-12-31 }}
sector = "macro"
"""


def make_ledger(root: Path, *, resolved: bool = False) -> Path:
    """Write the ledger under `root` and return `root`.

    With `resolved`, `zixi-2024-l2-competition` has an outcome (`...-r1`, true, 2025-01-15) in
    `predictions/outcomes/techflow-zixi-2024-outlook.toml`, with the right digest.
    """
    files = {
        "predictions/authors.toml": AUTHORS,
        "predictions/sectors.toml": SECTORS,
        f"predictions/sources/{ZIXI_SOURCE}.toml": ZIXI_FILE,
        f"predictions/sources/{ANA_SOURCE}.toml": ANA_FILE,
        "seeds/zixi.txt": ZIXI_TEXT,
        "seeds/ana.txt": ANA_TEXT,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    if resolved:
        outcome = outcome_table(root, "zixi-2024-l2-competition", on=dt.date(2025, 1, 15))
        path = root / "predictions" / "outcomes" / f"{ZIXI_SOURCE}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(outcome.encode("utf-8"))
    return root


def outcome_table(
    root: Path,
    prediction_id: str,
    *,
    on: dt.date,
    verdict: str = "true",
    number: int = 1,
    credit: float | None = None,
    supersedes: str | None = None,
) -> str:
    """An `[[outcome]]` table for a prediction of the ledger at `root`, with its current digest."""
    digest = prediction_digest(load(root).prediction(prediction_id))
    lines = [
        "[[outcome]]",
        f'id = "{prediction_id}-r{number}"',
        f'prediction = "{prediction_id}"',
        f'verdict = "{verdict}"',
        f"resolved_on = {on.isoformat()}",
        'evidence = ["A public record."]',
        f'digest = "{digest}"',
    ]
    if credit is not None:
        lines.append(f"credit = {credit}")
    if supersedes is not None:
        lines.append(f'supersedes = "{supersedes}"')
    return "\n".join(lines) + "\n"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` and its bytes: equal snapshots mean nothing was written.

    The writers' lock file is left out: it holds no data, and taking the lock creates it.
    """
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != LOCK_NAME
    }


def tree(root: Path, *, with_lock: bool = False) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (`None`) under `root`: equal trees mean nothing was
    written, not even an empty folder. The lock file is left out unless `with_lock`."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(root.rglob("*"))
        if with_lock or path.name != LOCK_NAME
    }
