"""`predictledger sector add ID --name NAME`: register a field the ledger's claims are about."""

from __future__ import annotations

import argparse

from .._keep.registry import add_sector
from ._common import EXIT_OK, add_ledger_argument, ledger_root, refusals
from ._registered import add_verb, report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = add_verb(parser, "sector", "append one [[sector]] to the ledger's sectors file")
    add.add_argument("id", metavar="ID", help="the sector's id: a slug, e.g. central-banks")
    add.add_argument("--name", required=True, metavar="NAME", help="the sector's name")
    add.add_argument("--description", metavar="TEXT", help="what claims belong in it")
    add_ledger_argument(add)
    add.add_argument("--dry-run", action="store_true", help="check and show it, write nothing")


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    result = add_sector(
        ledger_root(args),
        args.id,
        name=args.name,
        description=args.description,
        dry_run=args.dry_run,
    )
    report("sector", result)
    return EXIT_OK
