"""What every command shares: exit statuses, error output and refusals, the arguments several
commands take (the ledger path, `--as-of`, `--format`), dates and numbers, and writing the
result to `--output`."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import LedgerError, PredictLedgerError, RequestError

if TYPE_CHECKING:
    from .._ledger import Ledger
    from .._problems import Problem
    from .._views.entries import Entry

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


def add_view_arguments(parser: argparse.ArgumentParser, *, as_of_help: str = "") -> None:
    """`--as-of DATE` and `--format table|json`, as the read-only views (`list`, `due`) take
    them; `as_of_help` is appended to the help of `--as-of`."""
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="the day to look from, YYYY-MM-DD (default: today)" + as_of_help,
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (default): aligned text; json: an array of objects",
    )


def add_filter_arguments(parser: argparse.ArgumentParser, *, what: str) -> None:
    """`--author`, `--sector` and `--source`, each repeatable or comma-separated
    (`--author a,b` is `--author a --author b`); `what` completes their help."""
    for name, meaning in (
        ("author", "by this author"),
        ("sector", "filed under this sector"),
        ("source", "from this source"),
    ):
        parser.add_argument(
            f"--{name}",
            action="append",
            type=_id_list,
            metavar="ID[,ID...]",
            help=f"only {what} {meaning}; repeat or separate with commas for several",
        )


def _id_list(text: str) -> list[str]:
    ids = [part.strip() for part in text.split(",")]
    if not all(ids):
        raise argparse.ArgumentTypeError(f"'{text}' holds an empty id; write e.g. a,b")
    return ids


def choice_list(what: str, choices: Sequence[str]) -> Callable[[str], list[str]]:
    """An argparse type for `true,partial`: names from `choices`, an unknown one refused with
    the closest."""
    from .._text import suggest

    def parse(text: str) -> list[str]:
        names = _id_list(text)
        for name in names:
            if name not in choices:
                raise argparse.ArgumentTypeError(
                    f"unknown {what} '{name}'{suggest(name, choices)}; choose from "
                    + ", ".join(choices)
                )
        return names

    return parse


def wanted(values: list[list[str]] | None) -> tuple[str, ...] | None:
    """The ids given to a filter of `add_filter_arguments`, or `None` when it was not given."""
    if values is None:
        return None
    return tuple(dict.fromkeys(value for group in values for value in group))


def terminal_width() -> int | None:
    """The width tables fit: `COLUMNS` when it is set to a number, else the terminal's when
    standard output is one, else `None`: piped output keeps whole lines."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not sys.stdout.isatty():
        return None
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or None
    except (OSError, ValueError):
        return None


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


Run = Callable[[argparse.Namespace], int]


def refusals(*, writes: bool = False) -> Callable[[Run], Run]:
    """Wrap a command's `run` so that a refused request is reported as one line (status 2)
    and ledger problems as `path:line: message` lines (status 1), never as a traceback.

    For a command that `writes`, the report says that nothing was written: a refusal always
    comes before the write.
    """
    tail = " (nothing was written)" if writes else ""

    def wrap(run: Run) -> Run:
        def guarded(args: argparse.Namespace) -> int:
            try:
                return run(args)
            except RequestError as error:
                return fail(f"{error}{tail}", EXIT_USAGE)
            except LedgerError as error:
                count = print_problems(error.problems)
                problems = f"{count} problem{'s' if count != 1 else ''}"
                print(f"predictledger: {problems}{tail}", file=sys.stderr)
                return EXIT_PROBLEMS

        return guarded

    return wrap


def write_output(
    text: str | bytes, output: str | None, *, wrote: str, ledger: Path | None = None
) -> int:
    """`text` on standard output, or written atomically to the file `output` (`--output`),
    saying `wrote` on standard error; returns the exit status. Bytes (a binary format) are
    written only to a file.

    Refuses (`RequestError`) a folder, a file in a folder that does not exist and, when the
    `ledger` root is given, a file inside its predictions folder.
    """
    if output is None:
        if isinstance(text, bytes):
            raise RequestError("a binary format is written to a file: give --output FILE")
        sys.stdout.write(text)
        return EXIT_OK
    # Imported here, as the views below: every command imports this module, few need them.
    from .._write.atomic import write_atomic

    target = Path(output)
    if ledger is not None:
        _refuse_inside_ledger(target, ledger)
    if target.is_dir():
        raise RequestError(f"--output {output} is a folder; give a file name")
    if not target.parent.is_dir():
        raise RequestError(f"--output {output}: the folder {target.parent} does not exist")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    write_atomic(target, data, name=output)
    print(wrote, file=sys.stderr)
    return EXIT_OK


def _refuse_inside_ledger(output: Path, root: Path) -> None:
    # Every file under predictions/ is read as part of the ledger: an output there would be
    # read back as a broken ledger file at the next command.
    from .._paths import PREDICTIONS_DIR

    predictions = (root / PREDICTIONS_DIR).resolve()
    target = output.resolve()
    if target == predictions or predictions in target.parents:
        raise RequestError(
            f"--output {output} lies inside the ledger's {PREDICTIONS_DIR}/ folder, which "
            "holds only ledger files; write the export elsewhere"
        )


def entry_json(entry: Entry, ledger: Ledger) -> dict[str, Any]:
    """A `list` or `due` entry as JSON-ready data: dates in ISO form, absent values as `None`."""
    from .._views.rows import author_name, prediction_fields

    fields = prediction_fields(entry.prediction, entry.outcome)
    return {
        "id": fields["id"],
        "status": entry.status.value,
        "author": fields["author"],
        "author_name": author_name(ledger, fields["author"]),
        "source": fields["source"],
        "sector": fields["sector"],
        "kind": fields["kind"],
        "made_on": fields["made_on"],
        "claim": fields["claim"],
        "horizon": {
            "phrase": fields["horizon_phrase"],
            "start": fields["horizon_start"],
            "end": fields["horizon_end"],
        },
        "overdue_days": entry.overdue_days,
        "verdict": fields["verdict"],
        "outcome": fields["outcome"],
    }
