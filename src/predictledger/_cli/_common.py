"""What every command shares: exit statuses, error output and refusals, the arguments several
commands take (the ledger, `--as-of`, `--format`), dates and numbers, reading the ledger for a
read command (`read_for_command`), and writing the result to `--output`.

The ledger is named one way everywhere: `-f/--ledger PATH`, else `PREDICTLEDGER_LEDGER`, else
the nearest folder upward that holds `predictions/` (`_paths.find_ledger`). The positional PATH
of the read commands and `--path` of `add` and `resolve` stay, as aliases of `--ledger`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._text import terminal_safe
from ..errors import LedgerError, PredictLedgerError, RequestError

if TYPE_CHECKING:
    from .._ledger import Ledger
    from .._problems import Problem
    from .._read.result import ReadResult, Sound
    from .._views.entries import Entry

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(PredictLedgerError):
    """Bad usage: a one-line message and exit status 2."""


def fail(message: str, status: int) -> int:
    print(
        terminal_safe(
            f"predictledger: error: {message}"
            if status == EXIT_USAGE and not message.startswith("predictledger")
            else message
        ),
        file=sys.stderr,
    )
    return status


_LEDGER_HELP = (
    "the ledger root, the folder holding predictions/ and seeds/ (default: "
    "$PREDICTLEDGER_LEDGER, else the nearest folder from here upward that holds predictions/)"
)


def add_ledger_argument(
    parser: argparse.ArgumentParser, *, positional: bool = False, path_option: bool = False
) -> None:
    """`-f/--ledger PATH`, which every command takes; with `positional`, the older positional
    PATH as its alias, and with `path_option` the older `--path`. All set `args.path`, `None`
    when the ledger is to be found (`_paths.find_ledger`)."""
    parser.add_argument(
        "-f", "--ledger", dest="path", default=None, metavar="PATH", help=_LEDGER_HELP
    )
    if path_option:
        parser.add_argument("--path", dest="path", metavar="PATH", help="the same as --ledger")
    if positional:
        # SUPPRESS: left out, it must not overwrite what --ledger set.
        parser.add_argument(
            "positional_path",
            nargs="?",
            default=argparse.SUPPRESS,
            metavar="PATH",
            help="the same as --ledger (kept for older scripts)",
        )


def add_path_argument(parser: argparse.ArgumentParser) -> None:
    """The ledger arguments of a read command: `-f/--ledger PATH` or a positional PATH."""
    add_ledger_argument(parser, positional=True)


def ledger_path(args: argparse.Namespace) -> str | None:
    """The ledger the command line names (`-f`, `--path` or the positional PATH), or `None`
    when it is to be found. Refuses two different ones."""
    named = getattr(args, "path", None)
    positional = getattr(args, "positional_path", None)
    if named is not None and positional is not None and named != positional:
        raise RequestError(
            f"two ledgers named: {positional} and --ledger {named}; give one of them"
        )
    return named if named is not None else positional


def ledger_root(args: argparse.Namespace) -> Path:
    """The ledger root of the command line (`ledger_path`), found if not named; refuses
    (`LedgerNotFoundError`, status 2) when there is none."""
    from .._paths import find_ledger

    return find_ledger(ledger_path(args))


def read_for_command(args: argparse.Namespace) -> Ledger:
    """The ledger a read command works on: with `args.strict`, every record or a `LedgerError`
    (status 1); else the ledger of sound records, each problem and how many records were left
    out reported on standard error, one line each (docs/reliability.md)."""
    return read_sound(args)[0]


def read_sound(args: argparse.Namespace) -> tuple[Ledger, bool]:
    """`read_for_command`, and whether the ledger was read whole (without a problem)."""
    from .._loader import read_ledger

    reading = read_ledger(ledger_root(args))
    if not reading.problems:
        return reading.ledger, True
    if getattr(args, "strict", False):
        raise LedgerError(reading.problems)
    sound = reading.sound()
    report_left_out(reading, sound)
    return sound.ledger, False


def report_left_out(reading: ReadResult, sound: Sound) -> None:
    """The problems of `reading` on standard error, then one line saying what was left out
    to keep the `sound` records."""
    count = print_problems(LedgerError(reading.problems).problems)
    left = sound.summary()
    print(
        f"predictledger: {count} problem{'s' if count != 1 else ''}"
        f"{'; ' + left if left else ''}; the rest is shown "
        "(`predictledger check` lists every problem; --strict refuses such a ledger)",
        file=sys.stderr,
    )


def scorable(ledger: Ledger) -> Ledger:
    """`ledger` less the predictions the engine cannot score (a probability outside [0, 1],
    an outcome partial without a credit...) and their outcomes, each reported on standard
    error as `path:line: ...; left out`. The ledger itself when every record can be scored."""
    from .._problems import Problem
    from .._score.measures import credit_of, probability_of
    from ..errors import ScoringError

    problems: list[Problem] = []
    dropped: set[str] = set()
    for prediction in ledger.predictions:
        try:
            probability_of(prediction)
        except ScoringError as error:
            problems.append(Problem.at(prediction.origin, f"cannot be scored: {error}"))
            dropped.add(prediction.id)
    for outcome in ledger.outcomes:
        try:
            credit_of(outcome)
        except ScoringError as error:
            problems.append(Problem.at(outcome.origin, f"cannot be scored: {error}"))
            dropped.add(outcome.target)
    if not problems:
        return ledger
    print_problems(LedgerError(problems).problems)
    predictions = tuple(
        p for p in ledger.predictions if p.id not in dropped and p.question not in dropped
    )
    count = len(ledger.predictions) - len(predictions)
    print(
        f"predictledger: {count} prediction{'s' if count != 1 else ''} left out of the "
        f"scorecard, with {'their' if count != 1 else 'its'} outcomes; `predictledger check` "
        "explains each",
        file=sys.stderr,
    )
    return ledger.keeping(predictions, tuple(o for o in ledger.outcomes if o.target not in dropped))


def add_strict_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse a ledger with problems (exit 1) instead of working on its sound records",
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


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> dt.date:
    """argparse type for `--as-of 2025-06-30`: YYYY-MM-DD only, as the docs say (Python's
    `date.fromisoformat` would also take 20250630 and 2025-W26-1)."""
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError(text)
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


def not_utf8(args: argparse.Namespace) -> str | None:
    """Why a text argument cannot be used: one that holds bytes that are not UTF-8 (Python
    gives them as lone surrogates), or `None`. Paths (the ledger, `--output`) may hold such
    bytes, as file names may."""
    for name, value in vars(args).items():
        if name in _PATH_DESTS:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        # Filters given several times are lists of lists (`--author a,b --author c`).
        values = [v for item in values for v in (item if isinstance(item, list) else [item])]
        for item in values:
            if isinstance(item, str) and _SURROGATE.search(item):
                shown = _SHOWN.get(name, "--" + name.replace("_", "-"))
                if name == "id" and not hasattr(args, "source"):
                    shown = "ID"  # resolve's positional argument, not add's --id
                bad = item.encode("utf-8", "surrogateescape")
                return (
                    f"{shown} holds bytes that are not UTF-8 text "
                    f"({bad.decode('utf-8', 'backslashreplace')}); give it as UTF-8 "
                    "(set a UTF-8 locale, or convert it with iconv)"
                )
    return None


_PATH_DESTS = frozenset({"path", "positional_path", "output", "run", "command"})
_SHOWN = {"tags": "--tag", "positional_path": "PATH"}
_SURROGATE = re.compile("[\ud800-\udfff]")


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
            safe_streams()
            try:
                problem = not_utf8(args)
                if problem is not None:
                    raise RequestError(problem)
                status = run(args)
                if sys.stdout is not None:
                    sys.stdout.flush()  # a full disk is reported here, not at exit
                return status
            except BrokenPipeError:
                raise  # the reader went away: `main` ends quietly
            except RequestError as error:
                return fail(f"{error}{tail}", EXIT_USAGE)
            except LedgerError as error:
                count = print_problems(error.problems)
                problems = f"{count} problem{'s' if count != 1 else ''}"
                print(f"predictledger: {problems}{tail}", file=sys.stderr)
                return EXIT_PROBLEMS
            except OSError as error:  # standard output on a full disk, a device gone
                _drop_output()
                cause = error.strerror or str(error)
                what = (
                    f"{error.filename}: {cause}"
                    if error.filename
                    else (f"cannot write the output: {cause}")
                )
                return fail(f"predictledger: error: {what}", EXIT_PROBLEMS)

        return guarded

    return wrap


def _drop_output() -> None:
    """Point standard output at the null device, so that what is still buffered for a
    device that failed is not written again (and reported again) as the process exits."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def safe_streams() -> None:
    """Standard output and error that never fail on text they cannot encode (a file name that
    is not UTF-8, given back): such characters are written as escapes, not as a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors="backslashreplace")


def write_output(
    text: str | bytes, output: str | None, *, wrote: str, ledger: Path | None = None
) -> int:
    """`text` on standard output, or written atomically to the file `output` (`--output`),
    saying `wrote` on standard error; returns the exit status. Bytes (a binary format) are
    written only to a file.

    Refuses (`RequestError`) a folder, a file in a folder that does not exist and, when the
    `ledger` root is given, a file inside its data: `predictions/`, `seeds/`, its lock file.
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
    if _is_stream(target):
        # `-o /dev/stdout`, `-o /dev/null`, a named pipe: written to, never replaced (a rename
        # over a device would put a regular file in its place, for every program).
        try:
            with open(target, "wb") as stream:
                stream.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        except OSError as error:
            raise RequestError(f"--output {output}: {error.strerror or error}") from None
        print(wrote, file=sys.stderr)
        return EXIT_OK
    if target.is_dir():
        raise RequestError(f"--output {output} is a folder; give a file name")
    if not target.parent.is_dir():
        raise RequestError(f"--output {output}: the folder {target.parent} does not exist")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    write_atomic(target, data, name=output)
    print(wrote, file=sys.stderr)
    return EXIT_OK


def _is_stream(path: Path) -> bool:
    """True for a character device or a named pipe (links followed): a place to write to, not
    a file to replace."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _refuse_inside_ledger(output: Path, root: Path) -> None:
    # Every file under predictions/ is read as part of the ledger, and the source texts under
    # seeds/ are what quotes are checked against: an output there would destroy the ledger's
    # data (or be read back as a broken ledger file). The path is resolved, so `..`, a link to
    # the folder, or a link as the file's own name reach the same answer.
    from .._paths import PREDICTIONS_DIR
    from .._write.lock import LOCK_NAME

    try:
        target = output.resolve()
        base = root.resolve()
    except (OSError, RuntimeError) as error:  # a loop of links
        raise RequestError(f"--output {output} cannot be resolved: {error}") from None
    for name in (PREDICTIONS_DIR, "seeds"):
        folder = base / name
        if target == folder or folder in target.parents:
            raise RequestError(
                f"--output {output} lies inside the ledger's {name}/ folder, which holds the "
                "ledger's own data; write the output elsewhere"
            )
    if target == base / LOCK_NAME or target == base:
        raise RequestError(f"--output {output} is the ledger's own file; write it elsewhere")
    if base in target.parents:
        # A source text may live anywhere in the root (`text = "texts/a.txt"`): an output
        # beside the data is fine, one over a text the ledger names is not.
        from .._loader import read_ledger

        for source in read_ledger(root).ledger.sources:
            named = base.joinpath(*source.text.replace("\\", "/").split("/"))
            try:
                same = named.resolve() == target
            except (OSError, RuntimeError):
                same = False
            if same:
                raise RequestError(
                    f"--output {output} is the text of source '{source.id}'; write the output "
                    "elsewhere"
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
