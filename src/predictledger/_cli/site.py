"""`predictledger site OUTDIR`: the ledger as a static website, ready for any static host.

Reads the ledger, reports its problems and builds the site from the sound records: a
leaderboard, a page per author, claim, source (the article annotated), sector and horizon, an
about page, and machine-readable copies of the data. Needs Jinja2 (the `site` extra).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..errors import RequestError, ScoringError
from ._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    add_path_argument,
    fail,
    ledger_root,
    parse_date,
    print_problems,
    refusals,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "outdir",
        metavar="OUTDIR",
        help="the folder to write the site into: new, empty, or built here before",
    )
    add_path_argument(parser)
    parser.add_argument(
        "--title",
        default="Track record",
        help="the site's title, shown on every page (default: Track record)",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="the address the site will be published at, e.g. https://example.org/record/, "
        "for canonical links and the ClaimReview data (default: relative links only)",
    )
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="the site as the ledger stood on this day, YYYY-MM-DD (default: today)",
    )


def _check_base_url(url: str | None) -> str | None:
    if url is None:
        return None
    if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
        raise RequestError(f"--base-url {url!r} is not an http(s) address")
    return url


def _refuse_inside_ledger(outdir: Path, root: Path) -> None:
    # Every file under predictions/ is read as part of the ledger: pages there would be read
    # back as broken ledger files at the next command.
    predictions = (root / "predictions").resolve()
    target = outdir.resolve()
    if target == predictions or predictions in target.parents:
        raise RequestError(
            f"OUTDIR {outdir} lies inside the ledger's predictions/ folder, which holds only "
            "ledger files; build the site elsewhere"
        )


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    from .._site.build import Options, build_site
    from .._site.reading import read_sound
    from .._site.templating import environment

    environment()  # without Jinja2: the install command, status 2, before any reading
    base_url = _check_base_url(args.base_url)
    outdir = Path(args.outdir)
    root = ledger_root(args)  # none found: one line, status 2
    _refuse_inside_ledger(outdir, root)
    reading = read_sound(root)
    count = print_problems(reading.problems)
    try:
        built = build_site(
            reading.ledger,
            outdir,
            Options(title=args.title, base_url=base_url, as_of=args.as_of or dt.date.today()),
        )
    except ScoringError as error:
        message = f"cannot score this ledger: {error}; run `predictledger check`"
        return fail(f"predictledger: error: {message}", EXIT_PROBLEMS)
    pages = sum(built.pages.values())
    print(
        f"built {pages} pages ({built.files} files, {built.written} written, "
        f"{built.removed} removed) in {outdir}",
        file=sys.stderr,
    )
    if count:
        left = f", leaving out {reading.left_out} records" if reading.left_out else ""
        print(
            f"predictledger: {count} problem{'s' if count != 1 else ''} in the ledger; the "
            f"site was built from the sound records{left}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return EXIT_OK
