"""What every command shares: exit statuses, error output, paths, dates and numbers."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import PredictLedgerError

if TYPE_CHECKING:
    from .._problems import Problem

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(PredictLedgerError):
    """Bad usage: a one-line message and exit status 2."""


def fail(message: str, status: int) -> int:
    print(
        f"predictledger: error: {message}"
        if status == EXIT_USAGE and not message.startswith("predictledger")
        else message,
        file=sys.stderr,
    )
    return status


def add_path_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        metavar="PATH",
        help="the ledger root, the folder holding predictions/ and seeds/ (default: .)",
    )


def parse_date(text: str) -> dt.date:
    """argparse type for `--as-of 2025-06-30`."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"
        ) from None


def parse_unit(text: str) -> float:
    """argparse type for a probability or a credit: a finite number in [0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number; write e.g. 0.7") from None
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1; write 0.7, not 70")
    return value


def print_problems(problems: Iterable[Problem]) -> int:
    count = 0
    for problem in problems:
        print(problem, file=sys.stderr)
        count += 1
    return count
