"""`predictledger draft ARTICLE`: the forward-looking claims of an article, as candidates.

Works on a bare text file, outside any ledger: it reads the file and prints the candidates as
JSON or TOML on standard output; it writes no file. With `--source ID`, it drafts the stored
text of a source of the ledger into the drafts file `drafts/ID.toml` for the keeper to review
and `predictledger accept` (`_keep/draft.py`). Bad input (an empty, binary or non-UTF-8
file, an unknown language, a web page with no article) is one line on standard error and exit
status 2, with nothing printed on standard output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from .._draft import (
    INSTALL,
    MissingDependency,
    UnsupportedLanguage,
    detect_language,
    draft,
    render,
)
from .._draft.candidate import Candidate
from .._draft.language import check_language
from .._draft.reading import UnreadableArticle, decode_article
from .._keep.draft import draft_into_ledger
from ..errors import RequestError
from ._common import add_ledger_argument, ledger_root, refusals

EXIT_OK = 0
EXIT_USAGE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "article",
        metavar="ARTICLE",
        nargs="?",
        help="the article: .txt, .md or .html (with --source, optional: the source's stored "
        "text is drafted)",
    )
    parser.add_argument(
        "--source",
        metavar="ID",
        help="draft the text of this source of the ledger into drafts/ID.toml, for review and "
        "`predictledger accept`, leaving out what the ledger already holds",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="with --source: replace a drafts file already there (its edits are lost)",
    )
    add_ledger_argument(parser)
    parser.add_argument(
        "--format",
        choices=("json", "toml"),
        default="json",
        help="json (default): an array of objects; toml: [[candidate]] tables",
    )
    parser.add_argument(
        "--language",
        metavar="LANG",
        help="fr or en (default: told from the text)",
    )
    parser.add_argument(
        "--published",
        metavar="DATE",
        help="the day the article was published, YYYY-MM-DD: dates horizon windows and tells "
        "years ahead from years past",
    )


def _fail(message: str) -> int:
    print(f"predictledger: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _drafter(
    text: str, language: str, published: dt.date | None, speakers: Mapping[str, str]
) -> Sequence[Candidate]:
    return draft(text, language=language, published=published, speakers=speakers or None)


@refusals(writes=True)
def _into_ledger(args: argparse.Namespace) -> int:
    if args.article is not None:
        raise RequestError(
            "with --source, the source's stored text is drafted: leave out ARTICLE (add an "
            "article first with `predictledger source add ARTICLE`)"
        )
    if args.published is not None or args.format != "json":
        raise RequestError(
            "with --source, the date is the source's and the drafts go to drafts/ID.toml: "
            "leave out --published and --format"
        )
    try:
        language = check_language(args.language) if args.language is not None else None
        drafted = draft_into_ledger(
            ledger_root(args), args.source, _drafter, language=language, replace=args.replace
        )
    except (UnsupportedLanguage, MissingDependency) as error:
        raise RequestError(str(error)) from None
    already = (
        f"; {drafted.already} left out that the ledger already holds" if drafted.already else ""
    )
    count = len(drafted.ids)
    print(
        f"drafted {count} candidate{'s' if count != 1 else ''} into {drafted.path}{already}; "
        "review them there, then: predictledger accept ID...",
        file=sys.stderr,
    )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.source is not None:
        return _into_ledger(args)
    if args.replace or args.path is not None:
        return _fail("--replace and --ledger go with --source ID")
    if args.article is None:
        return _fail("give an ARTICLE, or --source ID to draft a source of the ledger")
    published: dt.date | None = None
    if args.published is not None:
        try:
            published = dt.date.fromisoformat(args.published)
        except ValueError:
            return _fail(
                f"--published '{args.published}' is not a date; write it as YYYY-MM-DD, "
                "e.g. 2025-06-30"
            )
    path = Path(args.article)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _fail(f"{args.article}: no such file")
    except IsADirectoryError:
        return _fail(f"{args.article} is a folder; give an article file")
    except OSError as error:
        return _fail(f"{args.article}: cannot read it ({error.strerror or error})")
    try:
        text = decode_article(data, args.article)
        language = (
            check_language(args.language) if args.language is not None else detect_language(text)
        )
        candidates = draft(text, language=language, published=published)
    except (UnreadableArticle, UnsupportedLanguage) as error:
        return _fail(str(error))
    except MissingDependency as error:
        return _fail(f"{error}")
    sys.stdout.write(render(candidates, args.format))
    return EXIT_OK


__all__ = ["INSTALL", "add_arguments", "run"]
