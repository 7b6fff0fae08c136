"""`predictledger import PLATFORM FILE --author ID`: bring one's own forecasts from a
forecasting platform's export into the ledger, or read back a records export.

See docs/imports.md for each platform's file and how its fields become records.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

from .._interop.common import Plan
from .._ledger import Ledger
from .._loader import load
from .._paths import resolve_root
from .._records import Author
from ..errors import RequestError
from ._common import EXIT_OK, add_ledger_argument, ledger_root, refusals

PLATFORMS = ("fatebook", "predictionbook", "manifold", "metaculus", "records")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "platform",
        choices=PLATFORMS,
        metavar="PLATFORM",
        help="fatebook (CSV export), predictionbook (my_predictions JSON), manifold (bets "
        "JSON, with --markets), metaculus (the data zip), or records (an export --format "
        "records file)",
    )
    parser.add_argument("file", metavar="FILE", help="the file to import")
    add_ledger_argument(parser, path_option=True)
    parser.add_argument(
        "--author", metavar="ID", help="the ledger's author whose forecasts these are"
    )
    parser.add_argument("--sector", metavar="ID", help="the sector to file the forecasts under")
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="whose forecasts to take, as the platform names the user (default: the only "
        "user in the file, or the one named like the author or one of its aliases)",
    )
    parser.add_argument(
        "--markets", metavar="FILE", help="manifold: the JSON of the markets the bets are on"
    )
    parser.add_argument(
        "--timezone",
        default="UTC",
        metavar="ZONE",
        help="fatebook: the time zone of the export's dates, e.g. Europe/London (default: UTC)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be written, and write nothing"
    )


def _author_and_sector(args: argparse.Namespace, ledger: Ledger) -> tuple[Author, str]:
    missing = [
        flag for flag, value in (("--author", args.author), ("--sector", args.sector)) if not value
    ]
    if missing:
        raise RequestError(f"importing from {args.platform} needs {' and '.join(missing)}")
    try:
        author = ledger.author(args.author)
    except KeyError:
        raise RequestError(
            f"unknown author '{args.author}'; add it to the author registry first"
        ) from None
    try:
        ledger.sector(args.sector)
    except KeyError:
        raise RequestError(
            f"unknown sector '{args.sector}'; add it to the sector registry first"
        ) from None
    return author, args.sector


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    from .._interop import common

    root = _records_root(args) if args.platform == "records" else ledger_root(args)
    file = Path(args.file)
    if not file.is_file():
        raise RequestError(f"{args.file}: no such file")
    if args.dry_run:
        plan = _plan(args, root, file)
        sys.stdout.write(common.show_plan(plan, root))
        print(
            f"dry run: would add {common.describe(plan.counts)} ({plan.skipped} already in the "
            "ledger); nothing was written",
            file=sys.stderr,
        )
        return EXIT_OK
    from .._interop.writing import ledger_lock

    if not (root / "predictions").is_dir():
        _plan(args, root, file)  # a new ledger: refused before its folder is made
        _create(root)
    with ledger_lock(root):
        plan = _plan(args, root, file)
        common.apply_plan(root, plan)
    print(
        f"imported {common.describe(plan.counts)} ({plan.skipped} already in the ledger)",
        file=sys.stderr,
    )
    return EXIT_OK


def _plan(args: argparse.Namespace, root: Path, file: Path) -> Plan:
    from .._interop import common

    ledger = _load(root)
    if args.platform == "records":
        from .._interop.csvfile import read_text
        from .._interop.records import plan_records, read_records

        entries, texts = read_records(read_text(file), file.name)
        plan = plan_records(ledger, entries, texts)
    else:
        author, sector = _author_and_sector(args, ledger)
        module = _platform(args.platform)
        options = {"author": author, "user": args.user}
        if args.platform == "manifold":
            options["markets"] = Path(args.markets) if args.markets else None
        if args.platform == "fatebook":
            options["timezone"] = _zone(args.timezone)
        forecasts = module.read_forecasts(file, **options)
        plan = common.plan_forecasts(
            ledger,
            forecasts,
            platform=args.platform,
            display=module.DISPLAY,
            homepage=module.HOMEPAGE,
            author=author,
            sector=sector,
            file_name=file.name,
        )
    common.check_plan(ledger, plan)
    return plan


def _records_root(args: argparse.Namespace) -> Path:
    """The ledger root for a records import: a new or empty folder becomes a new ledger."""
    root = Path(args.path or ".")
    fresh = not root.exists() or (root.is_dir() and not any(root.iterdir()))
    if not fresh:
        return resolve_root(root)
    return root


def _create(root: Path) -> None:
    try:
        (root / "predictions").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RequestError(f"--path {root}: cannot create it: {error.strerror}") from None


def _load(root: Path) -> Ledger:
    """The ledger; an empty one for a ledger root that holds no files yet (an import may be
    the first thing written to it)."""
    if not (root / "predictions").is_dir() or not any((root / "predictions").rglob("*.toml")):
        return Ledger(root=root)
    return load(root)


def _platform(name: str) -> ModuleType:
    """The reader of a platform's files: `predictledger._interop.<name>`."""
    return importlib.import_module(f"..._interop.{name}", __name__)


def _zone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RequestError(
            f"--timezone {name!r} is not a time zone; write e.g. Europe/London"
        ) from None
    return name
