"""`predictledger init [PATH]`: a new, valid, empty ledger in a new or empty folder."""

from __future__ import annotations

import argparse
import sys

from .._keep.init import init_ledger
from ._common import EXIT_OK, refusals


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        metavar="PATH",
        help="the folder to make the ledger in: a new or empty one (default: this folder)",
    )


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    root = init_ledger(args.path)
    print(
        f"made an empty ledger in {root}: predictions/ (authors.toml, sectors.toml, sources/, "
        "outcomes/) and seeds/; next: predictledger source add ARTICLE",
        file=sys.stderr,
    )
    return EXIT_OK
