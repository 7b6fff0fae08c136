"""`predictledger author add ID --name NAME`: register a person whose claims the ledger tracks."""

from __future__ import annotations

import argparse

from .._keep.registry import add_author
from ._common import EXIT_OK, add_ledger_argument, ledger_root, refusals
from ._registered import add_verb, report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = add_verb(parser, "author", "append one [[author]] to the ledger's authors file")
    add.add_argument("id", metavar="ID", help="the author's id: a slug, e.g. jane-doe")
    add.add_argument("--name", required=True, metavar="NAME", help="the author's full name")
    add.add_argument("--affiliation", metavar="TEXT", help="where the author works, and as what")
    add.add_argument(
        "--alias",
        dest="aliases",
        action="append",
        default=[],
        metavar="NAME",
        help="another name the author goes by (a byline, a handle); repeat for each",
    )
    add_ledger_argument(add)
    add.add_argument("--dry-run", action="store_true", help="check and show it, write nothing")


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    result = add_author(
        ledger_root(args),
        args.id,
        name=args.name,
        affiliation=args.affiliation,
        aliases=args.aliases,
        dry_run=args.dry_run,
    )
    report("author", result)
    return EXIT_OK
