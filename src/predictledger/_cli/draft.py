"""`predictledger draft ARTICLE`: the forward-looking claims of an article, as candidates.

Works on a bare text file, outside any ledger: it reads the file and prints the candidates as
JSON or TOML on standard output; it writes no file. Bad input (an empty, binary or non-UTF-8
file, an unknown language, a web page with no article) is one line on standard error and exit
status 2, with nothing printed on standard output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .._draft import (
    INSTALL,
    MissingDependency,
    UnsupportedLanguage,
    detect_language,
    draft,
    render,
)
from .._draft.language import check_language
from .._draft.reading import UnreadableArticle, decode_article

EXIT_OK = 0
EXIT_USAGE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="the article: .txt, .md or .html")
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


def run(args: argparse.Namespace) -> int:
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
