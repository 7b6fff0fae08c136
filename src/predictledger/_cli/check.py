"""`predictledger check`: every problem of a ledger, one `path:line: message` a line."""

from __future__ import annotations

import argparse
import json

from .._checks import check
from .._loader import Limits, read_ledger
from .._text import json_safe
from ..errors import RequestError
from ._common import EXIT_OK, EXIT_PROBLEMS, add_path_argument, ledger_root, refusals
from ._dask import add_dask_argument, run_on_cluster


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): one problem a line; json: the same as data",
    )
    parser.add_argument(
        "--max-file-size",
        type=_size,
        default=Limits().max_file_bytes,
        metavar="BYTES",
        help="refuse ledger files larger than this: 16M (the default), 512K, 100000",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="parse with N processes (default: as many as repay starting them on a large "
        "ledger, else one)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh, without the cache of unchanged files "
        "(as PREDICTLEDGER_NO_CACHE=1 does)",
    )
    add_dask_argument(parser)


def _jobs(text: str) -> int:
    """argparse type for `--jobs 2`: a whole number above 0."""
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes; give 1 or more")
    return int(text)


def _size(text: str) -> int:
    """argparse type for `--max-file-size 16M`: bytes, or K, M or G of 1024."""
    number, unit = text[:-1], text[-1:].upper()
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(unit)
    if scale is None:
        number, scale = text, 1
    if not number.isdigit() or int(number) == 0:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a size; give a number of bytes above 0, e.g. 100000 or 16M"
        )
    return int(number) * scale


@refusals()
def run(args: argparse.Namespace) -> int:
    if args.dask is not None:
        if args.jobs is not None:
            raise RequestError("--jobs is for one machine; with --dask the workers read")
        limits = Limits(max_file_bytes=args.max_file_size)
        sharded = run_on_cluster(args, ledger_root(args), by=None, limits=limits)
        problems, counts, left = sharded.problems(), dict(sharded.counts), sharded.left_out
    else:
        result = read_ledger(
            ledger_root(args),
            Limits(max_file_bytes=args.max_file_size),
            jobs=args.jobs,
            cache=False if args.no_cache else None,
        )
        problems = check(result)
        ledger = result.ledger
        counts = ledger.counts()
        left = result.sound().summary() if result.problems else ""
    if args.format == "json":
        print(
            json_safe(
                json.dumps(
                    {"ok": not problems, **counts, "problems": [p.to_dict() for p in problems]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        )
    else:
        for problem in problems:
            # A file's own name may hold control characters: no line may reach the terminal raw.
            print(problem)
        # Questions and references only in a ledger that has some.
        summary = ", ".join(
            f"{count} {name}"
            for name, count in counts.items()
            if count or name not in ("questions", "references")
        )
        if left:
            # What a read command would leave out: never a record lost without a count.
            summary += f"; {left} by the read commands"
        verdict = (
            "ok"
            if not problems
            else (f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
        )
        print(f"{summary}: {verdict}")
    return EXIT_PROBLEMS if problems else EXIT_OK
