"""`predictledger __complete ids`: what the shell completion scripts offer, printed fast.

Not a command for people (it is listed nowhere): a completion script runs it at each press of
Tab, so it reads no more than it must. The ids of the ledger's predictions are found by a scan
of each file's lines for `id = "..."` in `[[prediction]]` tables, without parsing or checking
anything, and a ledger that cannot be read offers nothing rather than an error.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

from .._paths import PREDICTIONS_DIR, find_ledger
from ..errors import PredictLedgerError
from ._common import EXIT_OK, add_ledger_argument

_TABLE = re.compile(r"\s*\[\[?\s*([A-Za-z_.\" -]+?)\s*\]\]?\s*(?:#.*)?$")
_ID = re.compile(r"""\s*id\s*=\s*["']([^"'\\]+)["']""")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=("ids",), help="ids: the ids of the ledger's predictions")
    add_ledger_argument(parser, path_option=True)


def run(args: argparse.Namespace) -> int:
    root = _root(args.path)
    if root is not None:
        for prediction_id in dict.fromkeys(prediction_ids(root)):
            print(prediction_id)
    return EXIT_OK


def _root(given: str | None) -> Path | None:
    """The ledger as every command finds it (`_paths.find_ledger`), or `None`: a completion
    offers nothing rather than fail."""
    try:
        return find_ledger(given)
    except PredictLedgerError:
        return None


def prediction_ids(root: Path) -> Iterator[str]:
    """The ids of the `[[prediction]]` tables of every file under `root/predictions`."""
    try:
        files = sorted((root / PREDICTIONS_DIR).rglob("*.toml"))
    except OSError:
        return
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        in_prediction = False
        for line in text.splitlines():
            table = _TABLE.match(line)
            if table is not None:
                in_prediction = table.group(1).strip('" ') == "prediction"
                continue
            if in_prediction:
                found = _ID.match(line)
                if found is not None:
                    yield found.group(1)
