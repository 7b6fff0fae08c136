"""The `predictledger` command: one module per subcommand, listed in `COMMANDS`.

Each command module has `NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`.
Exit statuses follow `bean-check`: 0 when all is well, 1 for problems in the ledger, 2 for bad
usage. No input, however broken, ends in a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from .._read.parallel import collector_paused
from . import add, check, due, export, listing, resolve, scorecard
from ._common import EXIT_USAGE, UsageError, fail

__all__ = ["COMMANDS", "main"]

COMMANDS: tuple[ModuleType, ...] = (check, scorecard, due, listing, add, resolve, export)


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    from .. import __name__ as package

    parser = _Parser(
        prog="predictledger",
        description="Keep forward-looking claims accountable: a plain-text ledger of "
        "predictions, their outcomes, and each author's scorecard.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version(package)}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for module in COMMANDS:
        sub = commands.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
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
