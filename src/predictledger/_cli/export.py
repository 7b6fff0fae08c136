"""`predictledger export`: one row per prediction with its outcome, as CSV or JSON Lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._keep.export import export_rows, to_csv, to_jsonl
from .._loader import load
from .._paths import resolve_root
from .._write.atomic import write_atomic
from ..errors import RequestError
from ._common import EXIT_OK, add_path_argument
from ._keeper import refusals


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    parser.add_argument(
        "--format",
        choices=("csv", "jsonl"),
        required=True,
        help="csv: for spreadsheets (formula-like cells neutralised); jsonl: typed JSON Lines",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE, atomically, instead of standard output",
    )


@refusals()
def run(args: argparse.Namespace) -> int:
    ledger = load(args.path)
    rows = export_rows(ledger)
    text = to_csv(rows) if args.format == "csv" else to_jsonl(rows)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    output = Path(args.output)
    _refuse_inside_ledger(output, resolve_root(args.path))
    if output.is_dir():
        raise RequestError(f"--output {args.output} is a folder; give a file name")
    if not output.parent.is_dir():
        raise RequestError(f"--output {args.output}: the folder {output.parent} does not exist")
    write_atomic(output, text.encode("utf-8"), name=args.output)
    print(f"wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    return EXIT_OK


def _refuse_inside_ledger(output: Path, root: Path) -> None:
    # Every file under predictions/ is read as part of the ledger: an export there would be
    # read back as a broken ledger file at the next command.
    predictions = (root / "predictions").resolve()
    target = output.resolve()
    if target == predictions or predictions in target.parents:
        raise RequestError(
            f"--output {output} lies inside the ledger's predictions/ folder, which holds "
            "only ledger files; write the export elsewhere"
        )
