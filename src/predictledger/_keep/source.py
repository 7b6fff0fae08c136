"""Adding a source: `predictledger source add ARTICLE` stores an article and its `[source]`.

The article is a text file (`.txt`, `.md`), kept byte for byte, or a saved web page (`.html`),
whose article text trafilatura extracts (the `intake` extra) along with the page's title,
author, date and site name. The text goes to `seeds/<id>.txt` (or `.md`), the `[source]` table
to a new file `predictions/sources/<id>.toml`, through the ledger's locked, checked, atomic
append: an article that cannot be read, an id already taken, or a source the ledger's checks
refuse writes nothing, and a text written for a source that is then refused is removed.

What the options give overrides what was read from the page. What neither gives and the ledger
needs (a title, a publisher, a date) is asked for by name.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from .._convert.strict import dating
from .._ledger import Ledger
from .._loader import read_ledger
from .._paths import PREDICTIONS_DIR, find_ledger
from .._records import Dating, Participant, Role, Source
from .._text import SLUG_MAX, slug_problem
from .._write.append import Append, commit, prepare_append
from .._write.atomic import write_atomic
from .._write.lock import ledger_lock
from ..errors import LedgerError, RequestError

__all__ = [
    "INTAKE_INSTALL",
    "Article",
    "SourceAddition",
    "add_source",
    "read_article",
    "source_id",
]

INTAKE_INSTALL = "pip install 'predictledger[intake]'"
SEEDS_DIR = "seeds"
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_MIN_ARTICLE_WORDS = 30
_MD_TITLE = re.compile(r"\A\s*#[ \t]+(?P<title>[^\n]+?)[ \t#]*$", re.M)


@frozen(kw_only=True)
class Article:
    """An article read for the ledger: the bytes to store and what its page says of itself."""

    data: bytes
    """What goes to `seeds/`: the file itself for a text, the extracted text for a page."""
    text: str
    suffix: str
    """The stored text's suffix: `.txt` or `.md`."""
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    url: str | None = None


@frozen(kw_only=True)
class SourceAddition:
    """A new source, the text file stored for it, and where its table went."""

    source: Source
    text_written: bool
    """False when `seeds/` already held the same bytes under that name."""
    append: Append
    written: bool


def read_article(path: str | os.PathLike[str]) -> Article:
    """The article at `path`; raises `RequestError` (one line) for a file that cannot be one."""
    name = str(path)
    where = Path(path)
    suffix = where.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise RequestError(f"{name}: give the article as a .txt, .md or .html file")
    try:
        data = where.read_bytes()
    except FileNotFoundError:
        raise RequestError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise RequestError(f"{name} is a folder; give an article file") from None
    except OSError as error:
        raise RequestError(f"{name}: cannot read it ({error.strerror or error})") from None
    if suffix in HTML_SUFFIXES:
        return _read_page(name, data)
    text = _text_of(name, data)
    title = None
    if suffix in (".md", ".markdown"):
        heading = _MD_TITLE.search(text[:2000])
        title = heading.group("title") if heading else None
    stored = ".md" if suffix in (".md", ".markdown") else ".txt"
    return Article(data=data, text=text, suffix=stored, title=title)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _text_of(name: str, data: bytes) -> str:
    """The text of a text file, which the ledger stores as it is and reads as UTF-8."""
    if not data.strip() or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise RequestError(f"{name} is empty: there is nothing to add")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RequestError(f"{name} is not UTF-8 text (it is UTF-16): convert it to UTF-8 first")
    head = data[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head.decode("latin-1"))) > max(2, len(head) // 100):
        raise RequestError(f"{name} is a binary file, not a text: give a .txt, .md or .html")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RequestError(
            f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}): convert it to UTF-8 first"
        ) from None
    if not text.strip():
        raise RequestError(f"{name} is empty: there is nothing to add")
    return text


def _read_page(name: str, data: bytes) -> Article:
    try:
        import trafilatura
    except ImportError:
        raise RequestError(
            f"{name}: reading a web page needs trafilatura: {INTAKE_INSTALL}"
        ) from None
    if not data.strip():
        raise RequestError(f"{name} is empty: there is nothing to add")
    if b"\x00" in data[:8192]:
        raise RequestError(f"{name} is a binary file, not a web page: give a .txt, .md or .html")
    try:
        tree = trafilatura.load_html(data)
        extracted = (
            trafilatura.extract(
                tree, include_comments=False, include_tables=False, deduplicate=True
            )
            if tree is not None
            else None
        )
        meta = trafilatura.extract_metadata(tree, extensive=False) if tree is not None else None
    except Exception:  # the extractor's own failure on a broken page; said in one line below
        extracted, meta = None, None
    if not extracted or len(extracted.split()) < _MIN_ARTICLE_WORDS:
        raise RequestError(
            f"{name} is a web page with no article text in it (no paragraphs to add)"
        )
    text = unicodedata.normalize("NFC", extracted.strip()) + "\n"

    def field(value: Any) -> str | None:
        return " ".join(value.split()) if isinstance(value, str) and value.strip() else None

    return Article(
        data=text.encode("utf-8"),
        text=text,
        suffix=".txt",
        title=field(getattr(meta, "title", None)),
        author=field(getattr(meta, "author", None)),
        published=field(getattr(meta, "date", None)),
        site=field(getattr(meta, "sitename", None)),
        url=field(getattr(meta, "url", None)),
    )


_STOPWORDS = frozenset(
    " ".join(
        (
            "a an the of in on at to for and or but with by from as is are be will would",
            "le la les de des du un une et en au aux pour sur par que qui",
        )
    ).split()
)


def source_id(title: str, published: Dating, taken: Iterable[str]) -> str:
    """A slug for a new source: the title's first significant words and the year, made unique.

    >>> d = Dating(earliest=dt.date(2025, 3, 4), latest=dt.date(2025, 3, 4))
    >>> source_id("The Rates Outlook", d, ["rates-outlook-2025"])
    'rates-outlook-2025-2'
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOPWORDS][:4]
    year = str(published.earliest.year)
    if year not in words:
        words.append(year)
    base = "-".join(words)[: SLUG_MAX - 4].strip("-") or f"source-{year}"
    used = set(taken)
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def published_dating(
    published: str | None,
    earliest: dt.date | None = None,
    latest: dt.date | None = None,
    reason: str | None = None,
) -> Dating | None:
    """The source's `published` dating from a written day, month or year, or from a range's
    bounds and reason; `None` when none is given. Raises `RequestError`."""
    ranged = (earliest, latest, reason)
    if any(value is not None for value in ranged):
        if published is not None:
            raise RequestError(
                "give --published, or the range --published-earliest, --published-latest and "
                "--published-reason, not both"
            )
        if earliest is None or latest is None or not (reason or "").strip():
            raise RequestError(
                "a publication range needs --published-earliest, --published-latest and "
                "--published-reason (what bounds it)"
            )
        try:
            return Dating(earliest=earliest, latest=latest, reason=reason)
        except ValueError as error:
            raise RequestError(f"the publication range: {error}") from None
    if published is None:
        return None
    try:
        return dating(published)
    except (TypeError, ValueError):
        raise RequestError(
            f"--published '{published}' is not a date: write a day 2025-03-04, a month 2025-03 "
            "or a year 2025, or give a range with --published-earliest/--published-latest/"
            "--published-reason"
        ) from None


def _page_dating(written: str | None) -> Dating | None:
    if written is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        return dating(written[:10])
    return None


def parse_person(text: str) -> tuple[Role, str]:
    """`ROLE:NAME` as a role and a name (or an author id). Raises `RequestError`."""
    role, colon, name = text.partition(":")
    roles = ", ".join(r.value for r in Role)
    if not colon or not name.strip():
        raise RequestError(f"--person '{text}': write ROLE:NAME, the role one of {roles}")
    try:
        return Role(role.strip().lower()), " ".join(name.split())
    except ValueError:
        raise RequestError(f"--person '{text}': unknown role '{role}'; one of {roles}") from None


def _participant(ledger: Ledger, role: Role, name: str) -> Participant:
    """A person, linked to the registered author whose id, name or alias `name` is."""
    folded = name.casefold()
    for author in ledger.authors:
        names = (author.id, author.name, *author.aliases)
        if any(folded == other.casefold() for other in names):
            return Participant(role=role, name=author.name, author=author.id)
    return Participant(role=role, name=name)


def add_source(
    path: str | os.PathLike[str] | None,
    article: Article,
    *,
    source_id_given: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    published: Dating | None = None,
    language: str | None = None,
    detect_language: Callable[[str], str] | None = None,
    people: Sequence[tuple[Role, str]] = (),
    note: str | None = None,
    article_name: str = "the article",
) -> SourceAddition:
    """Store `article` in the ledger at `path` (found if `None`) and append its `[source]`.

    Options override what was read from the page. Without `language`, `detect_language` tells
    it from the text (raising any exception when it cannot). Raises `RequestError` for what
    must be given or changed, and `LedgerError` when the ledger cannot be read or its checks
    refuse the new source; nothing is written then.
    """
    root = find_ledger(path)
    title = title or article.title
    publisher = publisher or article.site
    url = url or article.url
    published = published or _page_dating(article.published)
    missing = [
        flag
        for flag, value in (
            ("--title", title),
            ("--publisher", publisher),
            ("--published", published),
        )
        if not value
    ]
    if missing:
        raise RequestError(f"{article_name}: give {', '.join(missing)} (the article does not say)")
    if title is None or publisher is None or published is None:  # for the type checker
        raise RequestError(f"{article_name}: give --title, --publisher and --published")
    if language is None:
        try:
            if detect_language is None:
                raise ValueError("no language detector")
            language = detect_language(article.text)
        except Exception:  # any failure to tell it asks the keeper
            raise RequestError(
                f"{article_name}: cannot tell its language for sure; give --language "
                "(e.g. en, fr, de)"
            ) from None
    if not people and article.author is not None:
        people = [(Role.AUTHOR, name.strip()) for name in article.author.split(";") if name.strip()]
    with ledger_lock(root):
        reading = read_ledger(root)
        if reading.problems:  # a record is not added to a ledger that cannot be read
            raise LedgerError(reading.problems)
        ledger = reading.ledger
        taken = [s.id for s in ledger.sources]
        if source_id_given is not None:
            problem = slug_problem(source_id_given)
            if problem is not None:
                raise RequestError(f"source id '{source_id_given}' {problem}")
            if source_id_given in taken:
                raise RequestError(
                    f"source '{source_id_given}' is already in the ledger; give another --id"
                )
            new_id = source_id_given
        else:
            new_id = source_id(title, published, taken)
        text_name = f"{SEEDS_DIR}/{new_id}{article.suffix}"
        target = f"{PREDICTIONS_DIR}/sources/{new_id}.toml"
        if (root / target).exists():
            raise RequestError(f"{target} already exists; give another --id")
        try:
            source = Source(
                id=new_id,
                title=title,
                publisher=publisher,
                published=published,
                language=language,
                text=text_name,
                people=tuple(_participant(ledger, role, name) for role, name in people),
                url=url,
                note=note,
            )
        except (TypeError, ValueError) as error:
            raise RequestError(f"the source cannot be made: {error}") from None
        text_path = root / text_name
        existing = _bytes_or_none(text_path)
        if existing is not None and existing != article.data:
            raise RequestError(f"{text_name} already exists with another text; give another --id")
        wrote = existing is None
        if wrote:
            text_path.parent.mkdir(exist_ok=True)
            write_atomic(text_path, article.data, name=text_name)
        try:
            append = prepare_append(reading, target, [], source=source)
            commit(append)
        except BaseException:
            if wrote:
                with contextlib.suppress(OSError):
                    text_path.unlink()
            raise
    return SourceAddition(source=source, text_written=wrote, append=append, written=True)


def _bytes_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise RequestError(f"{path.name}: cannot read it ({error.strerror or error})") from None
