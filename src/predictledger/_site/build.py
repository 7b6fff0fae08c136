"""Building the site: every page rendered from its template and written to the output folder.

The output is a pure function of the ledger, the options and this code: pages are ordered by
key, carry no time but the as-of date, and a file whose bytes would not change is not written
again, so building twice from an unchanged ledger changes no file, not even its time. The
folder's list of files (`MANIFEST`) lets a later build remove the pages of records that are
gone, and only those: a build never deletes a file it did not write.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import queue
import re
import struct
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from .._ledger import Ledger
from .._records import Prediction, Source
from .._report import json_report
from .._score.groups import HORIZON_BUCKETS, HORIZON_LABELS
from .._score.scorecard import GroupScore, PredictionRow, Scorecard, scorecard
from .._score.status import Status
from .._text import nfc
from .._views.rows import export_rows, to_jsonl
from ..errors import RequestError
from . import annotate, links
from .claimreview import claim_review
from .diagram import diagram
from .pages import (
    FATES,
    calibration_rows,
    claim_summary,
    figures,
    horizon_text,
    linkify,
    ordered_claims,
    paginate,
    probability_origin,
    probability_text,
)
from .templating import environment, escape, json_script, markup

__all__ = ["MANIFEST", "PAGE_SIZE", "Built", "Options", "build_site"]

MANIFEST = ".predictledger-site"
"""The file, in the output folder, that lists every file the last build wrote."""
_MANIFEST_HEAD = "predictledger site: the files of the last build, one a line\n"

PAGE_SIZE = 200
"""Claims per page of an author's, a sector's or a horizon's list."""


@frozen(kw_only=True)
class Options:
    title: str = "Track record"
    base_url: str | None = None
    """The site's public address, for canonical links and ClaimReview URLs."""
    as_of: dt.date


@frozen(kw_only=True)
class Built:
    files: int
    """Files of the site."""
    written: int
    """Files written (new or changed)."""
    removed: int
    """Files of an earlier build that no record needs any more."""
    pages: dict[str, int]
    """HTML pages by kind."""


WRITERS = 2
"""Threads that write the site's files: creating a file waits on the file system more than it
computes, so two threads overlap those waits (ten thousand 7 KB files alone: 1.4 s with two
threads, 2.3 s with one); more would compete with the rendering for the interpreter."""


class _Writer:
    """Writes the site's files from threads of their own, so that the file system's work
    overlaps the rendering; a file whose bytes are already there is not written again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: list[str] = []
        self.written = 0
        self._made: set[str] = set()
        # Bounded, so that rendering waits for a slow disk instead of holding the site in memory.
        self._queue: queue.Queue[list[tuple[str, bytes]] | None] = queue.Queue(maxsize=32)
        self._batch: list[tuple[str, bytes]] = []
        self._lock = threading.Lock()
        self._error: BaseException | None = None
        self._threads: list[threading.Thread] = []
        self.reopen()

    def write(self, path: str, text: str) -> None:
        if self._error is not None:
            raise self._error
        self.paths.append(path)
        self._batch.append((path, text.encode("utf-8")))
        if len(self._batch) >= 64:  # handed over in batches: fewer switches between threads
            self._queue.put(self._batch)
            self._batch = []

    def close(self) -> None:
        """Wait for every file to be written; raises the first error met."""
        self._queue.put(self._batch)
        self._batch = []
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []
        if self._error is not None:
            raise self._error

    def reopen(self) -> None:
        """Start writing (again, after `close`), keeping the tally."""
        self._threads = [
            threading.Thread(target=self._drain, name="site-writer", daemon=True)
            for _ in range(WRITERS)
        ]
        for thread in self._threads:
            thread.start()

    def _drain(self) -> None:
        while (batch := self._queue.get()) is not None:
            for item in batch:
                if self._error is None:
                    try:
                        self._write(*item)
                    except BaseException as error:  # reported by `write` or `close`
                        self._error = error

    def _write(self, path: str, data: bytes) -> None:
        target = self.folder / path
        parent = os.path.dirname(path)
        if parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        except OSError:
            pass
        with open(target, "wb") as handle:
            handle.write(data)
        with self._lock:
            self.written += 1


def _previous(folder: Path) -> list[str] | None:
    """The files of the last build into `folder`, or None if none was made there."""
    try:
        text = (folder / MANIFEST).read_text("utf-8")
    except OSError:
        return None
    if not text.startswith(_MANIFEST_HEAD):
        return None
    return [line for line in text[len(_MANIFEST_HEAD) :].splitlines() if line]


def prepare_folder(folder: Path) -> list[str]:
    """Check that `folder` may receive the site (missing, empty, or built here before) and
    return the files of the last build; `RequestError` otherwise."""
    if folder.exists() and not folder.is_dir():
        raise RequestError(f"{folder} is a file; give a folder for the site")
    previous = _previous(folder) if folder.is_dir() else None
    if previous is None and folder.is_dir() and any(folder.iterdir()):
        raise RequestError(
            f"{folder} is not empty and holds no site built by predictledger; give a new or "
            "empty folder (a build replaces only the files it wrote)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    return previous or []


def _remove_stale(folder: Path, previous: Iterable[str], current: Iterable[str]) -> int:
    keep = set(current)
    removed = 0
    for path in previous:
        # Only plain relative names of the kind a build writes: a tampered manifest must not
        # send a deletion outside the folder.
        if path in keep or path.startswith("/") or ".." in path.split("/"):
            continue
        try:
            (folder / path).unlink()
            removed += 1
        except OSError:
            continue
    return removed


# -- source texts -----------------------------------------------------------------------------


def read_text(root: Path, name: str) -> tuple[str | None, str]:
    """A source's full text (NFC), or None and why it cannot be read. Only a regular file
    inside the ledger root is read."""
    if not name.strip() or name.startswith(("/", "\\", "~")) or ":" in name[:3]:
        return None, "its path is not relative to the ledger"
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return None, "its path leaves the ledger"
    path = root.joinpath(*parts)
    try:
        resolved = path.resolve()
        if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
            return None, "no such file in the ledger"
        return nfc(resolved.read_text(encoding="utf-8")), ""
    except UnicodeDecodeError:
        return None, "it is not UTF-8 text"
    except (OSError, ValueError) as error:
        return None, f"it cannot be read: {getattr(error, 'strerror', None) or error}"


# -- the build --------------------------------------------------------------------------------


def _nav() -> list[dict[str, str]]:
    return [
        {"path": links.index(), "label": "Leaderboard"},
        {"path": "sectors.html", "label": "Sectors"},
        {"path": "horizons.html", "label": "Horizons"},
        {"path": "sources.html", "label": "Sources"},
        {"path": links.about(), "label": "About"},
    ]


def _root(path: str) -> str:
    return "../" * path.count("/")


class _Site:
    def __init__(self, ledger: Ledger, options: Options, writer: _Writer) -> None:
        self.ledger = ledger
        self.options = options
        self.writer = writer
        self.env = environment()
        self.site = {
            "title": options.title,
            "as_of": options.as_of.isoformat(),
            "base_url": options.base_url,
        }
        self.nav = _nav()
        self.pages: dict[str, int] = {}
        self._frames: dict[tuple[str, str], list[str]] = {}
        # A view's blocks rendered one by one do not run its top-level imports: the macros
        # they import are handed to them as values instead.
        self.macros: dict[str, Any] = {}
        for name in ("macros.html.j2", "claims.html.j2"):
            module = self.env.get_template(name).module
            self.macros.update(
                (key, getattr(module, key)) for key in dir(module) if not key.startswith("_")
            )
        # A claim's badge is the same for every claim of its fate: rendered once per fate.
        self.macros["fate"] = _once_per_value(self.macros["fate"])
        self._views: dict[str, Any] = {}

    def page(self, template: str, path: str, page_kind: str, /, **context: Any) -> None:
        """Render the view `template` into the frame of its place and write it at `path`.

        The frame (everything but the view's own blocks) is rendered once per folder depth
        and current page; each page renders only its blocks."""
        root = _root(path)
        values = {
            **self.macros,
            "site": self.site,
            "nav": self.nav,
            "current": path,
            "root": root,
            **context,
        }
        view = self._views.get(template)
        if view is None:
            view = self._views[template] = self.env.get_template(template)
        blocks = view.new_context(values)
        parts = self._frame(root, path)

        def block(name: str) -> str:
            render = view.blocks.get(name)
            return "".join(render(blocks)) if render is not None else ""

        head = block("head")
        if self.options.base_url:
            canonical = escape(links.absolute(self.options.base_url, path))
            head = f'<link rel="canonical" href="{canonical}">\n{head}'
        text = "".join(
            (
                parts[0],
                block("title"),
                parts[1],
                head,
                parts[2],
                block("main"),
                parts[3],
                block("scripts"),
                parts[4],
            )
        )
        self.writer.write(path, text)
        self.pages[page_kind] = self.pages.get(page_kind, 0) + 1

    def _frame(self, root: str, path: str) -> list[str]:
        # Only the pages of the navigation differ from others of their depth (aria-current).
        current = path if any(item["path"] == path for item in self.nav) else ""
        key = (root, current)
        parts = self._frames.get(key)
        if parts is None:
            text = self.env.get_template("frame.html.j2").render(
                site=self.site, nav=self.nav, current=current, root=root
            )
            parts = re.split(r"<!--:(?:title|head|main|scripts):-->", text)
            assert len(parts) == 5
            self._frames[key] = parts
        return parts


def _once_per_value(macro: Any) -> Any:
    """`macro` of one mapping argument, rendered once for each distinct value it is given."""
    rendered: dict[tuple[tuple[str, Any], ...], Any] = {}

    def render(value: Mapping[str, Any]) -> Any:
        key = tuple(value.items())
        text = rendered.get(key)
        if text is None:
            text = rendered[key] = macro(value)
        return text

    return render


def _diagram(group: GroupScore, label: str) -> Any:
    if not group.forecasts:
        return None
    macros = environment().get_template("macros.html.j2").module
    return macros.reliability(diagram(group.calibration, label))  # type: ignore[attr-defined]


def _name(ledger: Ledger, dimension: str, value: str) -> str:
    """How a reader knows a group's value: names instead of ids where the ledger has them."""
    try:
        if dimension == "author":
            return ledger.author(value).name
        if dimension == "sector":
            return ledger.sector(value).name
    except KeyError:
        return value
    return HORIZON_LABELS.get(value, value) if dimension == "horizon" else value


def _table_rows(
    ledger: Ledger, groups: Iterable[GroupScore], dimension: str, position: int
) -> list[dict[str, Any]]:
    """One row of figures per group, named and linked by the key's value at `position`."""
    page = {"author": links.author, "sector": links.sector, "horizon": links.horizon}[dimension]
    rows = []
    for group in groups:
        value = group.key[position]
        row = figures(group)
        row["name"] = _name(ledger, dimension, value)
        row["path"] = page(value)
        rows.append(row)
    return rows


def _paged_lists(
    site: _Site,
    template: str,
    page_kind: str,
    path_of: Any,
    claims: Sequence[Mapping[str, Any]],
    **context: Any,
) -> None:
    pages = paginate(ordered_claims(claims), PAGE_SIZE)
    paths = [path_of(number) for number in range(1, len(pages) + 1)]
    for number, sections in enumerate(pages, start=1):
        site.page(
            template,
            paths[number - 1],
            page_kind,
            pages=paths,
            number=number,
            sections=sections,
            **context,
        )


def build_site(ledger: Ledger, folder: Path, options: Options) -> Built:
    """Build the site of `ledger` (as it stood on `options.as_of`) into `folder`.

    `RequestError` when the folder may not receive it (see `prepare_folder`) or Jinja2 is
    missing; `ScoringError` for a record the engine cannot score (`read_sound` leaves those
    out).
    """
    from .reading import as_of

    environment()  # fails early, before anything is written, without Jinja2
    previous = prepare_folder(folder)
    day = options.as_of
    ledger = as_of(ledger, day)
    by_author = scorecard(ledger, "author", as_of=day)
    rows: dict[str, PredictionRow] = {}
    for group in by_author.groups:
        for row in group.rows:
            rows.setdefault(row.prediction.id, row)
    summaries = {key: claim_summary(row) for key, row in rows.items()}
    site = _Site(ledger, options, _Writer(folder))
    units = _units(ledger, rows)
    sources = _first_sources(ledger)

    def build(unit: _Unit) -> None:
        source = sources.get(unit.source)
        anchors = _source(site, source, rows, summaries) if source is not None else {}
        _claims(site, unit.claims, rows, summaries, anchors)

    if _jobs(len(rows)) < 2:
        _lists(site, by_author, rows, summaries)
        for unit in units:
            build(unit)
        site.writer.close()
    else:
        # The units are handed out one at a time from both ends: the process that builds the
        # lists first joins in when they are done, and both finish together however the
        # machine shares its time between them.
        shares = _Shares(len(units))

        def lists_then_units() -> None:
            _lists(site, by_author, rows, summaries)
            while (index := shares.take(from_end=True)) is not None:
                build(units[index])

        def units_only() -> None:
            while (index := shares.take(from_end=False)) is not None:
                build(units[index])

        try:
            _in_two(site, lists_then_units, units_only)
        finally:
            shares.close()
    writer = site.writer
    removed = _remove_stale(folder, previous, writer.paths)
    manifest = _MANIFEST_HEAD + "".join(f"{path}\n" for path in sorted(writer.paths))
    written = writer.written
    final = _Writer(folder)
    final.write(MANIFEST, manifest)
    final.close()
    return Built(
        files=len(writer.paths),
        written=written,
        removed=removed,
        pages=dict(site.pages),
    )


def _lists(
    site: _Site,
    by_author: Scorecard,
    rows: Mapping[str, PredictionRow],
    summaries: Mapping[str, Mapping[str, Any]],
) -> None:
    """Every page but those of the sources and the claims, and the machine-readable copies."""
    ledger, day, writer = site.ledger, site.options.as_of, site.writer
    writer.write("style.css", site.env.get_template("style.css").render())
    writer.write("data/scorecard.json", json_report.render(by_author))
    writer.write("data/predictions.jsonl", to_jsonl(export_rows(ledger)))
    _leaderboard(site, by_author)
    site.page(
        "about.html.j2",
        links.about(),
        "about",
        fates=list(FATES.values()),
        min_graded=by_author.min_graded,
    )
    by_sector = scorecard(ledger, "sector", as_of=day)
    by_horizon = scorecard(ledger, "horizon", as_of=day)
    author_sector = scorecard(ledger, ("author", "sector"), as_of=day)
    author_horizon = scorecard(ledger, ("author", "horizon"), as_of=day)
    _authors(site, by_author, author_sector, author_horizon, summaries)
    _sectors(site, by_sector, author_sector, summaries)
    _horizons(site, by_horizon, author_horizon, summaries)
    _sources_index(site, rows)


def _leaderboard(site: _Site, card: Scorecard) -> None:
    authors = []
    for group in card.groups:
        row = figures(group)
        row["name"] = group.label
        row["path"] = links.author(group.key[0])
        authors.append(row)
    # Ranked authors first, by rank, then the others by name (ties by id: stable).
    authors.sort(key=lambda a: (a["rank_value"], a["name"].casefold(), a["path"]))
    site.page(
        "index.html.j2",
        links.index(),
        "leaderboard",
        authors=authors,
        total=figures(card.total),
        min_graded=card.min_graded,
        diagram=_diagram(card.total, "all authors"),
    )


def _sub(card: Scorecard, position: int, value: str) -> list[GroupScore]:
    return [g for g in card.groups if g.key[position] == value]


def _authors(
    site: _Site,
    card: Scorecard,
    author_sector: Scorecard,
    author_horizon: Scorecard,
    summaries: Mapping[str, Mapping[str, Any]],
) -> None:
    ledger = site.ledger
    sectors_of: dict[str, list[GroupScore]] = {}
    for g in author_sector.groups:
        sectors_of.setdefault(g.key[0], []).append(g)
    horizons_of: dict[str, list[GroupScore]] = {}
    for g in author_horizon.groups:
        horizons_of.setdefault(g.key[0], []).append(g)
    for group in card.groups:
        author_id = group.key[0]
        try:
            author = ledger.author(author_id)
            shown: dict[str, Any] = {
                "name": author.name,
                "affiliation": author.affiliation,
                "aliases": list(author.aliases),
            }
        except KeyError:
            shown = {"name": author_id, "affiliation": None, "aliases": []}
        by_sector = _table_rows(ledger, sectors_of.get(author_id, ()), "sector", 1)
        by_horizon = _table_rows(ledger, horizons_of.get(author_id, ()), "horizon", 1)
        _paged_lists(
            site,
            "author.html.j2",
            "author",
            lambda number, a=author_id: links.author(a, number),
            [summaries[row.prediction.id] for row in group.rows],
            author=shown,
            figures=figures(group),
            diagram=_diagram(group, shown["name"]),
            calibration=calibration_rows(group.calibration),
            by_sector=by_sector,
            by_horizon=by_horizon,
        )


def _sectors(
    site: _Site,
    card: Scorecard,
    author_sector: Scorecard,
    summaries: Mapping[str, Mapping[str, Any]],
) -> None:
    ledger = site.ledger
    rows = _table_rows(ledger, card.groups, "sector", 0)
    site.page(
        "groups.html.j2",
        "sectors.html",
        "sectors",
        heading="Sectors",
        lede="The claims by the field they are about; each sector's page lists its authors "
        "and claims.",
        rows=rows,
        first="Sector",
    )
    for group in card.groups:
        sector_id = group.key[0]
        try:
            description = ledger.sector(sector_id).description
        except KeyError:
            description = None
        _paged_lists(
            site,
            "group.html.j2",
            "sector",
            lambda number, s=sector_id: links.sector(s, number),
            [summaries[row.prediction.id] for row in group.rows],
            kind="Sector",
            name=group.label,
            description=description,
            figures=figures(group),
            by_author=_table_rows(ledger, _sub(author_sector, 1, sector_id), "author", 0),
        )


def _horizons(
    site: _Site,
    card: Scorecard,
    author_horizon: Scorecard,
    summaries: Mapping[str, Mapping[str, Any]],
) -> None:
    rows = _table_rows(site.ledger, card.groups, "horizon", 0)
    site.page(
        "groups.html.j2",
        "horizons.html",
        "horizons",
        heading="Horizons",
        lede="The claims by how far ahead they reach, from the day they were made to the "
        "last day of their window: " + ", ".join(HORIZON_LABELS[b] for b in HORIZON_BUCKETS) + ".",
        rows=rows,
        first="Horizon",
    )
    for group in card.groups:
        bucket = group.key[0]
        _paged_lists(
            site,
            "group.html.j2",
            "horizon",
            lambda number, b=bucket: links.horizon(b, number),
            [summaries[row.prediction.id] for row in group.rows],
            kind="Horizon",
            name=group.label,
            description=None,
            figures=figures(group),
            by_author=_table_rows(site.ledger, _sub(author_horizon, 1, bucket), "author", 0),
        )


def _anchor(prediction_id: str) -> str:
    return "q-" + links.name_of(prediction_id)


def _article(
    text: str, predictions: Sequence[Prediction], summaries: Mapping[str, Mapping[str, Any]]
) -> tuple[Any, dict[str, str]]:
    """The text as markup with its quotes highlighted, and the anchor of each quote found.

    A quote that covers no text of its own (another claim quotes the very same words, or a
    shorter passage within them) is marked by a small link right after the passage's end."""
    spans = [annotate.find_quote(text, p.quote) for p in predictions]
    pieces = annotate.pieces(text, spans)
    owners = {piece.owner for piece in pieces if piece.owner is not None}
    markers: dict[int, list[int]] = {}
    for index, span in enumerate(spans):
        if span is not None and index not in owners:
            markers.setdefault(span[1], []).append(index)
    parts: list[str] = []
    anchors: dict[str, str] = {}

    def link(index: int, body: str, css: str, anchor: bool) -> str:
        prediction = predictions[index]
        summary = summaries[prediction.id]
        fate = summary["fate"]
        named = ""
        if anchor:
            anchors[prediction.id] = _anchor(prediction.id)
            named = f' id="{escape(_anchor(prediction.id))}"'
        return (
            f'<a class="{css} {fate["css"]}"{named} href="../{summary["path"]}" '
            f'title="{escape(fate["label"] + ": " + prediction.claim)}">{body}</a>'
        )

    offset = 0
    for piece in pieces:
        offset += len(piece.text)
        if piece.owner is None:
            parts.append(escape(piece.text))
        else:
            fate = summaries[predictions[piece.owner].id]["fate"]
            tail = (
                f'<span class="visually-hidden"> ({escape(fate["label"])}: see the claim)</span>'
                if piece.last
                else ""
            )
            parts.append(link(piece.owner, escape(piece.text) + tail, "hl", piece.first))
        for index in markers.pop(offset, ()):
            fate = summaries[predictions[index].id]["fate"]
            body = (
                f'<span aria-hidden="true">+</span><span class="visually-hidden">another claim '
                f"on this passage ({escape(fate['label'])})</span>"
            )
            parts.append(link(index, body, "hl hl-also", True))
    return markup("".join(parts)), anchors


@frozen
class _Unit:
    """A source id with the claims that cite it: the source's page and theirs are built
    together, since a claim's page links to its quote in the article."""

    source: str
    claims: tuple[str, ...]


def _units(ledger: Ledger, rows: Mapping[str, PredictionRow]) -> list[_Unit]:
    """Every source id (of a source, or cited by a claim), in order, with its claims."""
    claims: dict[str, list[str]] = {source.id: [] for source in ledger.sources}
    for prediction_id in sorted(rows):
        claims.setdefault(rows[prediction_id].prediction.source, []).append(prediction_id)
    return [_Unit(source, tuple(claims[source])) for source in sorted(claims)]


def _cited(ledger: Ledger, source: Source, rows: Mapping[str, PredictionRow]) -> list[Prediction]:
    return [p for p in ledger.by_source(source.id) if p.id in rows and rows[p.id].prediction is p]


def _first_sources(ledger: Ledger) -> dict[str, Source]:
    """Each source id's record: the first read where an id is used twice (`check` reports
    it)."""
    first: dict[str, Source] = {}
    for source in ledger.sources:
        first.setdefault(source.id, source)
    return first


def _sources_index(site: _Site, rows: Mapping[str, PredictionRow]) -> None:
    ledger = site.ledger
    listed = [
        {
            "path": links.source(source.id),
            "title": source.title,
            "publisher": source.publisher,
            "published": str(source.published),
            "claims": len(_cited(ledger, source, rows)),
        }
        for _, source in sorted(_first_sources(ledger).items())
    ]
    site.page("sources.html.j2", "sources.html", "sources", sources=listed)


def _source(
    site: _Site,
    source: Source,
    rows: Mapping[str, PredictionRow],
    summaries: Mapping[str, Mapping[str, Any]],
) -> dict[str, str]:
    """A source's annotated page; returns each claim's link into its article."""
    ledger = site.ledger
    predictions = _cited(ledger, source, rows)
    path = links.source(source.id)
    text, unreadable = read_text(ledger.root, source.text)
    article = None
    found: dict[str, str] = {}
    if text is not None:
        article, found = _article(text.strip("\n"), predictions, summaries)
    claims = [{**summaries[p.id], "anchor": found.get(p.id)} for p in predictions]
    site.page(
        "source.html.j2",
        path,
        "source",
        s=source,
        people=_people(source, ledger),
        original=_web(source.url),
        legend=_legend(),
        article=article,
        unreadable=unreadable,
        claims=claims,
    )
    return {prediction_id: f"{path}#{anchor}" for prediction_id, anchor in found.items()}


def _legend() -> list[Mapping[str, str]]:
    merged = dict(FATES)
    merged["void"] = {
        **FATES["void"],
        "label": "void or ambiguous",
        "help": "not scored: condition not met, withdrawn, or not settled",
    }
    del merged["ambiguous"]
    return list(merged.values())


def _people(source: Source, ledger: Ledger) -> list[dict[str, Any]]:
    out = []
    for person in source.people:
        path = None
        if person.author is not None:
            try:
                ledger.author(person.author)
                path = links.author(person.author)
            except KeyError:
                path = None
        out.append({"name": person.name, "role": person.role.value, "path": path})
    return out


def _web(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


PARALLEL_CLAIMS = 4000
"""From this many claims, the site is built by two processes where the system can fork."""


def _jobs(claims: int) -> int:
    chosen = os.environ.get("PREDICTLEDGER_JOBS", "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        wanted = int(chosen)
    else:
        try:
            wanted = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            wanted = os.cpu_count() or 1
        if claims < PARALLEL_CLAIMS:
            wanted = 1
    return 2 if wanted >= 2 and hasattr(os, "fork") else 1


class _Shares:
    """Indices 0 to `count` - 1, each handed out once to whichever of two processes asks
    first, one from the start and the other from the end: two counters in a file that both
    processes share after a fork, under a lock the system releases if its holder dies."""

    def __init__(self, count: int) -> None:
        # Open until `close`: it outlives any one call.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        os.pwrite(self._file.fileno(), struct.pack("<qq", 0, count), 0)

    def take(self, *, from_end: bool) -> int | None:
        import fcntl

        descriptor = self._file.fileno()
        fcntl.lockf(descriptor, fcntl.LOCK_EX)
        try:
            low, high = (int(n) for n in struct.unpack("<qq", os.pread(descriptor, 16, 0)))
            if low >= high:
                return None
            if from_end:
                high -= 1
                index = high
            else:
                index = low
                low += 1
            os.pwrite(descriptor, struct.pack("<qq", low, high), 0)
            return index
        finally:
            fcntl.lockf(descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        self._file.close()


def _in_two(site: _Site, first: Any, second: Any) -> None:
    """Run `first` here and `second` in a forked process, each writing its own files; the
    child inherits the ledger and everything computed from it without copying or pickling
    it, and sends back only what it wrote."""
    # No thread may run across a fork: the writers start in each process after it.
    site.writer.close()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its part, then its tally through the pipe
        status = 0
        try:
            os.close(read_end)
            site.writer = _Writer(site.writer.folder)
            site.pages = {}
            second()
            site.writer.close()
            payload = pickle.dumps((site.writer.paths, site.writer.written, site.pages, None))
        except BaseException as error:
            status = 1
            payload = pickle.dumps(([], 0, {}, _portable(error)))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(status)
    os.close(write_end)
    site.writer.reopen()
    try:
        first()
        site.writer.close()
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
    paths, written, pages, failure = pickle.loads(data) if data else ([], 0, {}, "no answer")
    if isinstance(failure, BaseException):
        raise failure
    if failure is not None:
        raise RuntimeError(f"building the site in a second process failed: {failure}")
    site.writer.paths.extend(paths)
    site.writer.written += written
    for kind, count in pages.items():
        site.pages[kind] = site.pages.get(kind, 0) + count


def _portable(error: BaseException) -> BaseException | str:
    """The error itself when it can be sent to the parent, else its description."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return f"{type(error).__name__}: {error}"
    return error


def _claims(
    site: _Site,
    ids: Sequence[str],
    rows: Mapping[str, PredictionRow],
    summaries: Mapping[str, Mapping[str, Any]],
    anchors: Mapping[str, str],
) -> None:
    ledger = site.ledger
    publisher = site.options.title
    for prediction_id in ids:
        row = rows[prediction_id]
        prediction, source, outcome = row.prediction, row.source, row.outcome
        path = links.claim(prediction_id)
        review = None
        if row.status is Status.RESOLVED and outcome is not None:
            review = json_script(
                claim_review(
                    prediction=prediction,
                    outcome=outcome,
                    author=row.author,
                    source=source,
                    url=links.absolute(site.options.base_url, path)
                    if site.options.base_url
                    else path.rsplit("/", 1)[-1],
                    publisher=publisher,
                )
            )
        try:
            sector_name = ledger.sector(prediction.sector).name
        except KeyError:
            sector_name = prediction.sector
        site.page(
            "claim.html.j2",
            path,
            "claim",
            c=summaries[prediction_id],
            review=review,
            quote=prediction.quote,
            lang=source.language if source else None,
            in_article=anchors.get(prediction_id),
            publisher=source.publisher if source else None,
            published=str(source.published) if source else None,
            original=_web(source.url) if source else None,
            resolution=prediction.resolution,
            horizon_phrase=prediction.horizon.phrase,
            horizon=horizon_text(prediction),
            probability=probability_text(prediction),
            probability_origin=probability_origin(prediction),
            probability_note=prediction.probability.note if prediction.probability else None,
            condition=prediction.condition,
            sector=sector_name,
            sector_path=links.sector(prediction.sector),
            kind=prediction.kind.value,
            tags=list(prediction.tags),
            note=prediction.note,
            outcome=_outcome(outcome) if row.status is Status.RESOLVED and outcome else None,
            history=_history(ledger, prediction.question or prediction_id, outcome),
            shared=_shared(ledger, prediction, rows),
            reference=_reference(ledger, prediction),
        )


def _shared(
    ledger: Ledger, prediction: Prediction, rows: Mapping[str, PredictionRow]
) -> dict[str, Any] | None:
    """The shared question a claim points at, and the other claims on it, for its page."""
    if prediction.question is None or not ledger.has_question(prediction.question):
        return None
    question = ledger.question(prediction.question)
    others = []
    for other in ledger.on_question(question.id):
        if other.id == prediction.id or other.id not in rows:
            continue
        author = rows[other.id].author
        others.append(
            {
                "path": links.claim(other.id),
                "author": author.name if author else other.author,
                "negates": other.negates,
            }
        )
    return {
        "id": question.id,
        "claim": question.claim,
        "resolution": question.resolution,
        "negates": prediction.negates,
        "others": others,
    }


def _reference(ledger: Ledger, prediction: Prediction) -> dict[str, Any] | None:
    """The reference probability the claim is compared with, for its page (None without)."""
    found = ledger.reference_for(prediction)
    value = ledger.reference_probability(prediction)
    if found is None or value is None:
        return None
    return {
        "kind": found.kind.value,
        "platform": found.platform,
        "market": found.market,
        "url": _web(found.url),
        "percent": f"{100 * value:.4g}%",
        "priced_at": found.priced_at.isoformat(),
        "match": found.match.value,
        "on_question": found.question is not None,
        "evidence": [linkify(item) for item in found.evidence],
        "note": found.note,
    }


def _outcome(outcome: Any) -> dict[str, Any]:
    return {
        "resolved_on": outcome.resolved_on.isoformat(),
        "evidence": [linkify(item) for item in outcome.evidence],
        "note": outcome.note,
    }


def _history(ledger: Ledger, prediction_id: str, current: Any) -> list[dict[str, Any]]:
    outcomes = ledger.outcomes_of(prediction_id)
    if len(outcomes) < 2:
        return []
    superseded_by = {o.supersedes: o.id for o in outcomes if o.supersedes is not None}
    return [
        {
            "id": o.id,
            "verdict": FATES[o.verdict.value]["label"]
            + (f" ({100 * o.credit:.0f}%)" if o.credit is not None else ""),
            "resolved_on": o.resolved_on.isoformat(),
            "supersedes": o.supersedes,
            "superseded_by": superseded_by.get(o.id),
            # A claim on a question sees the question's outcome through it: compare by id.
            "in_force": current is not None and o.id == current.id,
            "evidence": [linkify(item) for item in o.evidence],
            "note": o.note,
        }
        for o in outcomes
    ]
