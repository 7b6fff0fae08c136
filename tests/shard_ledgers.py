"""Ledgers for the sharded checks and tallies: generated ones, sound or with the problems that
span files (an id used in two shards, an outcome whose prediction another shard holds, an
unknown author, a correction filed apart), and the one-process answers they are held to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from predictledger._checks import check
from predictledger._loader import read_ledger
from predictledger._problems import Problem
from predictledger._score.groups import tally_groups
from predictledger._score.tally import Tally
from tests.generated_ledgers import make_ledger

TODAY = dt.date(2026, 6, 30)
"""The day the checks run on, and the scorecards' date: fixed, so both sides agree."""

CROSS_FILE = ("duplicate-ids", "foreign-outcome", "unknown-author", "foreign-correction")
"""The broken variants of `cross_file_ledger`, each a problem or a link that spans shards."""


def one_process(
    root: Path, by: tuple[str, ...] = ("author",)
) -> tuple[list[Problem], Mapping[tuple[str, ...], Tally]]:
    """`check` of the whole reading, and the tallies of what the read commands score."""
    reading = read_ledger(root, cache=False, jobs=1)
    ledger = reading.sound().ledger if reading.problems else reading.ledger
    return check(reading, today=TODAY), tally_groups(ledger, by, TODAY)


def _blocks(path: Path, header: str) -> tuple[str, list[str]]:
    head, *rest = path.read_text(encoding="utf-8").split(header)
    return head, [header + block for block in rest]


def _files(root: Path, folder: str) -> list[Path]:
    return sorted((root / "predictions" / folder).glob("*.toml"))


def cross_file_ledger(root: Path, variant: str | None = None, predictions: int = 600) -> Path:
    """A generated ledger (twelve source files of fifty predictions, their outcome files),
    sound, or broken as `variant` (one of `CROSS_FILE`, or "all") says."""
    make_ledger(root, predictions, broken=False)
    wanted = set(CROSS_FILE) if variant == "all" else {variant}
    sources, outcomes = _files(root, "sources"), _files(root, "outcomes")
    if "duplicate-ids" in wanted:
        # A prediction and an outcome of the second file written again in the tenth.
        _, predictions_of = _blocks(sources[1], "[[prediction]]")
        with sources[9].open("a", encoding="utf-8") as file:
            file.write("\n" + predictions_of[3])
        _, outcomes_of = _blocks(outcomes[1], "[[outcome]]")
        with outcomes[9].open("a", encoding="utf-8") as file:
            file.write("\n" + outcomes_of[0])
    if "foreign-outcome" in wanted:
        # An outcome moved to the outcome file of another source: sound, and still counted.
        head, outcomes_of = _blocks(outcomes[2], "[[outcome]]")
        moved = outcomes_of.pop(1)
        outcomes[2].write_text(head + "".join(outcomes_of), encoding="utf-8")
        with outcomes[10].open("a", encoding="utf-8") as file:
            file.write("\n" + moved)
    if "unknown-author" in wanted:
        text = sources[4].read_text(encoding="utf-8")
        author = text.split('\nauthor = "', 2)[2].split('"', 1)[0]
        sources[4].write_text(
            text.replace(f'author = "{author}"', 'author = "nobody-known-here"', 1),
            encoding="utf-8",
        )
    if "foreign-correction" in wanted:
        # A correction of an outcome of the fourth file, filed with the twelfth's outcomes.
        _, outcomes_of = _blocks(outcomes[3], "[[outcome]]")
        first = outcomes_of[0]
        earlier = first.split('id = "', 1)[1].split('"', 1)[0]
        verdict = first.split('verdict = "', 1)[1].split('"', 1)[0]
        other = "false" if verdict == "true" else "true"
        correction = (
            first.replace(f'id = "{earlier}"', f'id = "{earlier}-fix"\nsupersedes = "{earlier}"')
            .replace(f'verdict = "{verdict}"', f'verdict = "{other}"')
            .replace("credit = ", "# credit = ")
        )
        with outcomes[11].open("a", encoding="utf-8") as file:
            file.write("\n" + correction)
    return root
