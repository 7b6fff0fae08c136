"""What the site's tests share: building the bundled ledger's site, and reading its links."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from predictledger._site.build import Built, Options, build_site
from predictledger._site.reading import read_sound

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 30)


def copy_bundled(to: Path) -> Path:
    """A copy of the bundled ledger (its predictions and seeds) at `to`."""
    for folder in ("predictions", "seeds"):
        shutil.copytree(REPO / folder, to / folder)
    return to


def build_bundled(out: Path, **options: object) -> Built:
    reading = read_sound(REPO)
    assert reading.problems == ()
    return build_site(reading.ledger, out, Options(as_of=AS_OF, **options))  # type: ignore[arg-type]


class Page(HTMLParser):
    """The links, ids and script blocks of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[tuple[str, str]] = []
        self.sources: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        if tag == "link" and values.get("href") and values.get("rel") != "canonical":
            self.sources.append(values["href"] or "")
        if values.get("src"):
            self.sources.append(values["src"] or "")
        if tag == "script":
            self._script = values.get("type") or ""
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every link of every page that leads nowhere: `page -> href`. Links to the web (http,
    https) are not followed; every other link must name a file of the site, and its fragment
    an id on that page."""
    site = site.resolve()
    pages = {path.resolve(): parse(path) for path in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            if urlsplit(href).scheme in ("http", "https"):
                continue
            target, fragment = urldefrag(href)
            file = (path.parent / unquote(target)).resolve() if target else path
            if not file.is_file() or not file.is_relative_to(site):
                broken.append(f"{path.relative_to(site)} -> {href}")
                continue
            if fragment and file in pages and fragment not in pages[file].ids:
                broken.append(f"{path.relative_to(site)} -> {href} (no such id)")
    return broken
