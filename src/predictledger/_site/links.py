"""Where each page of the site lives, and how one page links to another.

Every address is a plain file path relative to the site's root, so the site works from
`file://` as well as from any static host: a page that would be a folder's index is named
`index.html` explicitly, since a browser opening files shows no index for a folder.

An address is derived from the record's id and nothing else, so it is stable: the claim
`zixi-2024-defi` is always at `claims/zixi-2024-defi.html`. Ids are slugs in a sound ledger; an
id that is not (a ledger with problems) gets a name made of a digest of the id, which can
neither leave its folder nor clash with a slug (slugs hold no dot).
"""

from __future__ import annotations

import hashlib
import posixpath
from urllib.parse import quote

from .._text import is_slug

__all__ = [
    "about",
    "author",
    "claim",
    "horizon",
    "index",
    "name_of",
    "relative",
    "sector",
    "source",
]


def name_of(record_id: str) -> str:
    """The file name (without extension) of a record: its id when it is a slug."""
    if is_slug(record_id):
        return record_id
    return "x." + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:24]


def _paged(folder: str, page: int) -> str:
    return f"{folder}/index.html" if page <= 1 else f"{folder}/page-{page}.html"


def index() -> str:
    return "index.html"


def about() -> str:
    return "about.html"


def claim(prediction_id: str) -> str:
    return f"claims/{name_of(prediction_id)}.html"


def source(source_id: str) -> str:
    return f"sources/{name_of(source_id)}.html"


def author(author_id: str, page: int = 1) -> str:
    return _paged(f"authors/{name_of(author_id)}", page)


def sector(sector_id: str, page: int = 1) -> str:
    return _paged(f"sectors/{name_of(sector_id)}", page)


def horizon(bucket: str, page: int = 1) -> str:
    return _paged(f"horizons/{name_of(bucket)}", page)


def relative(target: str, page: str) -> str:
    """The link from the page at `page` to `target`, both relative to the site's root."""
    up = page.count("/")
    return quote("../" * up + target, safe="/#.-_~")


def absolute(base_url: str | None, target: str) -> str:
    """`target` under the site's public address, or `target` itself without one (a relative
    reference, which JSON-LD resolves against the page)."""
    if not base_url:
        return target
    return base_url.rstrip("/") + "/" + posixpath.normpath(target)
