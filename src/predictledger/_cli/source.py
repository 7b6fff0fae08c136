"""`predictledger source add ARTICLE`: store an article's text and append its `[source]` table."""

from __future__ import annotations

import argparse
import sys

from .._draft.language import detect_language
from .._keep.source import add_source, parse_person, published_dating, read_article
from ._common import EXIT_OK, add_ledger_argument, ledger_root, parse_date, refusals
from ._registered import add_verb


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = add_verb(
        parser,
        "source",
        "store an article (.txt or .md byte for byte, a saved .html page as its article text) "
        "in seeds/ and append its [source] table; options override what the page says",
    )
    add.add_argument("article", metavar="ARTICLE", help="the article: .txt, .md or .html")
    add.add_argument(
        "--id", metavar="ID", help="the source's id, a slug (default: from the title and year)"
    )
    add.add_argument("--title", metavar="TEXT", help="the article's title")
    add.add_argument("--publisher", metavar="NAME", help="who published it (a site, a paper)")
    add.add_argument("--url", metavar="URL", help="where it was published")
    add.add_argument(
        "--published",
        metavar="DATE",
        help="when: a day 2025-03-04, a month 2025-03 or a year 2025",
    )
    add.add_argument(
        "--published-earliest", type=parse_date, metavar="DATE", help="a range's first day"
    )
    add.add_argument(
        "--published-latest", type=parse_date, metavar="DATE", help="a range's last day"
    )
    add.add_argument(
        "--published-reason", metavar="TEXT", help="what bounds the range (required with it)"
    )
    add.add_argument(
        "--language",
        metavar="LANG",
        help="the language code, e.g. en, fr (default: told from the text, English or French)",
    )
    add.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="ROLE:NAME",
        help="a person and their role (author, interviewer, interviewee, translator); NAME "
        "may be a registered author's id, name or alias, which links them; repeat for each",
    )
    add.add_argument("--note", metavar="TEXT", help="anything a reader should know")
    add_ledger_argument(add)


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    published = published_dating(
        args.published, args.published_earliest, args.published_latest, args.published_reason
    )
    people = [parse_person(text) for text in args.person]
    root = ledger_root(args)
    article = read_article(args.article)
    result = add_source(
        root,
        article,
        source_id_given=args.id,
        title=args.title,
        publisher=args.publisher,
        url=args.url,
        published=published,
        language=args.language,
        detect_language=detect_language,
        people=people,
        note=args.note,
        article_name=args.article,
    )
    print(result.append.text, end="")
    stored = result.source.text if result.text_written else f"{result.source.text} (already there)"
    print(
        f"added source '{result.source.id}' at {result.append.path}:{result.append.line}, "
        f"its text in {stored}",
        file=sys.stderr,
    )
    return EXIT_OK
