"""The commands of `predictledger`, each with its one-line help and the module that runs it."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["COMMANDS", "HIDDEN", "Command"]


class Command(NamedTuple):
    name: str
    help: str
    module: str
    """The module that holds `add_arguments` and `run`, relative to this package."""


COMMANDS: tuple[Command, ...] = (
    Command("init", "start a new, empty ledger in a new or empty folder", ".init"),
    Command("check", "check a ledger and list every problem as path:line: message", ".check"),
    Command(
        "scorecard",
        "score each author (or sector, source, horizon, year...) as of a date",
        ".scorecard",
    ),
    Command(
        "compare",
        "compare two authors head to head on the questions they both forecast",
        ".compare",
    ),
    Command(
        "due",
        "list unresolved predictions whose horizon has ended, the longest overdue first",
        ".due",
    ),
    Command(
        "list",
        "list predictions with their status, by author, sector, source or status",
        ".listing",
    ),
    Command(
        "show",
        "show everything about one prediction: its words, window, probability and outcomes",
        ".show",
    ),
    Command(
        "source",
        "source add ARTICLE: store an article's text and append its [source] table",
        ".source",
    ),
    Command("author", "author add ID --name NAME: register an author", ".author"),
    Command("sector", "sector add ID --name NAME: register a sector", ".sector"),
    Command(
        "add",
        "add a prediction: derive its id, horizon and probability, check it, append it",
        ".add",
    ),
    Command(
        "resolve",
        "record what happened to a prediction (or a question): append one outcome with its "
        "evidence",
        ".resolve",
    ),
    Command(
        "question",
        "question add ID: an event several claims point at, resolved once for all",
        ".question",
    ),
    Command(
        "reference",
        "reference add ID: a market price, odds, consensus or base rate from before the claim",
        ".reference",
    ),
    Command(
        "draft",
        "propose an article's forward-looking claims as candidates (with --source, into "
        "drafts/ for review)",
        ".draft",
    ),
    Command(
        "accept",
        "move reviewed drafts from drafts/ into the ledger, checked like add",
        ".accept",
    ),
    Command(
        "export",
        "export one row per prediction with its latest outcome (CSV, JSON Lines, Parquet), "
        "or every record (records)",
        ".export",
    ),
    Command("query", "run one SQL query over the ledger's tables (SQLite, read-only)", ".query"),
    Command(
        "import", "import your forecasts from a platform's export, or a records export", ".import_"
    ),
    Command("site", "build a static website of the ledger: leaderboard, authors, claims", ".site"),
    Command(
        "completion",
        'print a shell completion script: eval "$(predictledger completion bash)"',
        ".completion",
    ),
)

HIDDEN: tuple[Command, ...] = (
    Command("__complete", "the words a completion script offers: __complete ids", "._complete"),
)
"""Commands for scripts, not people: never listed, never suggested."""
