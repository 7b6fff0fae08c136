"""The `predictledger` command: one module per subcommand, listed in `COMMANDS`.

Each command module has `add_arguments(parser)` and `run(args) -> int`; only the module of the
command asked for is imported, so that `predictledger due` does not load the scorecard's HTML
renderer. Exit statuses follow `bean-check`: 0 when all is well, 1 for problems in the ledger,
2 for bad usage. No input, however broken, ends in a Python traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NamedTuple

from .._collector import collector_paused
from ._common import EXIT_USAGE, UsageError, fail

__all__ = ["COMMANDS", "Command", "main"]


class Command(NamedTuple):
    name: str
    help: str
    module: str
    """The module that holds `add_arguments` and `run`, relative to this package."""


COMMANDS: tuple[Command, ...] = (
    Command("check", "check a ledger and list every problem as path:line: message", ".check"),
    Command(
        "scorecard",
        "score each author (or sector, source, horizon, year...) as of a date",
        ".scorecard",
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
        "add",
        "add a prediction: derive its id, horizon and probability, check it, append it",
        ".add",
    ),
    Command(
        "resolve",
        "record what happened to a prediction: append one outcome with its evidence",
        ".resolve",
    ),
    Command(
        "export",
        "export one row per prediction with its latest outcome, as CSV or JSON Lines",
        ".export",
    ),
    Command("site", "build a static website of the ledger: leaderboard, authors, claims", ".site"),
)


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser(words: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of the command line `words`: every command is listed, and the arguments of
    the one `words` names are added (of every command, without `words`)."""
    from .. import __name__ as package

    parser = _Parser(
        prog="predictledger",
        description="Keep forward-looking claims accountable: a plain-text ledger of "
        "predictions, their outcomes, and each author's scorecard.",
    )
    parser.add_argument("--version", action=_Version, package=package)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    # The first word that is not an option names the command (the only options before it,
    # --help and --version, take no value).
    chosen = next((word for word in words or () if not word.startswith("-")), None)
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        if words is None or command.name == chosen:
            module = importlib.import_module(command.module, __name__)
            module.add_arguments(sub)
            sub.set_defaults(run=module.run)
    return parser


class _Version(argparse.Action):
    """--version, looking the version up only when asked (reading the installed package's
    metadata costs more than the rest of a small command's start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, package: str) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version"
        )
        self.package = package

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version(self.package)
        except PackageNotFoundError:
            found = "unknown"
        print(f"{parser.prog} {found}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        words = sys.argv[1:] if argv is None else argv
        args = build_parser(words).parse_args(words)
        # A command is a short process whose records live until it exits: passes of the
        # cyclic garbage collector over hundreds of thousands of them would free nothing.
        with collector_paused():
            status: int = args.run(args)
    except UsageError as error:
        return fail(str(error), EXIT_USAGE)
    except KeyboardInterrupt:
        return fail("interrupted; nothing was written", 130)
    except BrokenPipeError:
        # The reader went away (`predictledger list | head`): not an error worth a message.
        sys.stderr.close()
        return 0
    return status
