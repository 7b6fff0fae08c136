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

CROSS_FILE = (
    "duplicate-ids",
    "foreign-outcome",
    "unknown-author",
    "foreign-correction",
    "question-moved",
    "reference-late",
)
"""The broken variants of `cross_file_ledger`, each a problem or a link that spans shards:
the last two, on the shared question, whose claims, outcome and references lie in three
files: its claim edited after its outcome (a consequence listed last), and a reference on a
claim priced after the claim was made."""

WITH_PROBLEMS = ("duplicate-ids", "unknown-author", "question-moved", "reference-late", "all")
"""The variants `check` finds problems in (a record filed with another source is sound)."""


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


def _sound_shared_question(root: Path) -> None:
    """Make the generated ledger's shared question sound and spread it over three files: the
    question and its outcome (with its digest) in one, the two claims on it in another, the
    references in a third named after neither (so a shard of its own); the claims by a registered author, in a registered sector, quoted
    from a text that exists."""
    from predictledger import question_digest

    folder = root / "predictions"
    first, second = _ids(folder / "authors.toml")[:2]
    sector = _ids(folder / "sectors.toml")[0]
    claims = folder / "sources" / "zzz-shared.toml"
    # Two authors forecast the question, one on each side: each has a peer score.
    claims.write_text(
        claims.read_text(encoding="utf-8")
        .replace('author = "nobody"', f'author = "{first}"', 1)
        .replace('author = "nobody"', f'author = "{second}"', 1)
        .replace('sector = "nowhere"', f'sector = "{sector}"')
        .replace(
            'question = "zzz-q-bitcoin"\n',
            'question = "zzz-q-bitcoin"\nprobability = { value = 0.8, basis = "stated" }\n',
            1,
        ),
        encoding="utf-8",
    )
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "negates = true\n", 'negates = true\nprobability = { value = 0.6, basis = "stated" }\n'
        ),
        encoding="utf-8",
    )
    (root / "seeds" / "zzz-missing.txt").write_text(
        "It will happen. It will not happen.\n", encoding="utf-8"
    )
    questions = folder / "zzz-questions.toml"
    shared, references = questions.read_text(encoding="utf-8").split("\n[[reference]]", 1)
    shared = shared.replace('sector = "nowhere"', f'sector = "{sector}"')
    questions.write_text(shared, encoding="utf-8")
    (folder / "references").mkdir(exist_ok=True)
    (folder / "references" / "zzz-prices.toml").write_text(
        # A consensus on the second claim, then the bookmaker's odds on the first corrected.
        ("[[reference]]" + references)
        .replace("2024-01-10T12:30:00Z", "2024-01-05T12:30:00Z")
        .replace('supersedes = "zzz-ref-bookmaker"\n', "")
        .replace("odds = [1.9, 1.9]", 'odds = [1.9, 1.9]\nnote = "Even odds."')
        + '\n[[reference]]\nid = "zzz-ref-bookmaker-fix"\nprediction = "zzz-shared-1"\n'
        'kind = "bookmaker"\nprobability = 0.6\npriced_at = 2024-01-09\nmatch = "proxy"\n'
        'evidence = ["The same page, read again."]\nodds = [1.5, 2.25]\n'
        'supersedes = "zzz-ref-bookmaker"\n',
        encoding="utf-8",
    )
    reading = read_ledger(root, cache=False, jobs=1)
    digest = question_digest(reading.ledger.question("zzz-q-bitcoin"))
    questions.write_text(
        questions.read_text(encoding="utf-8").replace("sha256:" + "0" * 64, digest),
        encoding="utf-8",
    )


def _ids(registry: Path) -> list[str]:
    return [
        part.split('"', 1)[0] for part in registry.read_text(encoding="utf-8").split('id = "')[1:]
    ]


def cross_file_ledger(root: Path, variant: str | None = None, predictions: int = 600) -> Path:
    """A generated ledger (twelve source files of fifty predictions, their outcome files),
    sound, or broken as `variant` (one of `CROSS_FILE`, or "all") says."""
    make_ledger(root, predictions, broken=False)
    _sound_shared_question(root)
    wanted = set(CROSS_FILE) if variant == "all" else {variant}
    if "question-moved" in wanted:
        questions = root / "predictions" / "zzz-questions.toml"
        text = questions.read_text(encoding="utf-8")
        questions.write_text(text.replace("at some point in 2024", "before June 2024"), "utf-8")
    if "reference-late" in wanted:
        references = root / "predictions" / "references" / "zzz-prices.toml"
        text = references.read_text(encoding="utf-8")
        references.write_text(text.replace("2024-01-09T08:00:00", "2024-02-02"), "utf-8")
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
