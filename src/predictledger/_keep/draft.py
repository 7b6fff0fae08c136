"""Drafting into a ledger: `predictledger draft --source ID` writes candidates to a drafts file.

The candidates the drafting engine proposes for a source's text are written to
`drafts/<source>.toml`, outside `predictions/`, so that they are kept out of scoring and out
of `check` until the keeper accepts them (`predictledger accept`). Each is a `[[prediction]]`
table in the ledger's own shape, with the fields the engine can read off the text (quote, kind,
horizon phrase and window, a stated probability) and the best guess it can make from the
source (author, sector); what needs the keeper's judgement (the English claim, the resolution
and, for an "if" claim, the condition) holds a placeholder that `check` and `accept` refuse.
What the engine saw (its cues, confidence, offsets, speaker) goes in a `draft` inline table
that `accept` strips.

A candidate whose quote is, or contains, the quote of a prediction the ledger already holds
for that source is not proposed again. A drafts file is the keeper's work in progress: it is
replaced only when asked (`replace`).

The drafting engine is passed in (`drafter`): keeper verbs sit below the drafting package.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from .._loader import read_ledger
from .._paths import find_ledger
from .._records import Basis, Role, Source
from .._text import PLACEHOLDER, quote_key, suggest
from .._write.atomic import write_atomic
from .._write.lock import ledger_lock
from .._write.render import render_table
from ..errors import LedgerError, RequestError
from .add import derive_id

if TYPE_CHECKING:
    from .._draft.candidate import Candidate

__all__ = ["DRAFTS_DIR", "Drafted", "draft_into_ledger", "drafts_file"]

DRAFTS_DIR = "drafts"

Drafter = Callable[[str, str, "dt.date | None", Mapping[str, str]], Sequence["Candidate"]]
"""`(text, language, published, speakers) -> candidates`: the drafting engine."""

CONDITION_PLACEHOLDER = f"{PLACEHOLDER}: the condition as one English sentence"

_HEADER = """\
# Drafted predictions of source '{source}', for you to review.
# Not part of the ledger yet: `predictledger check` and the scorecard do not read drafts/.
# For each prediction you keep: write its claim and resolution (and condition) in place of
# the TO BE WRITTEN BY THE KEEPER placeholders, check author, sector, kind and horizon, and
# delete the tables that are not claims. The `draft` line is what the drafter saw (its cues,
# confidence, offsets in the text): `accept` leaves it out. Then:
#     predictledger accept ID...
# moves those predictions into the ledger, checked like `predictledger add`.
"""


def drafts_file(source_id: str) -> str:
    """The drafts file of a source, relative to the ledger root."""
    return f"{DRAFTS_DIR}/{source_id}.toml"


@frozen(kw_only=True)
class Drafted:
    """What `draft_into_ledger` wrote: the drafts file, its candidates, and those dropped."""

    path: str
    ids: tuple[str, ...]
    already: int
    """Candidates left out because the ledger already holds their quote."""


def draft_into_ledger(
    path: str | os.PathLike[str] | None,
    source_id: str,
    drafter: Drafter,
    *,
    language: str | None = None,
    replace: bool = False,
) -> Drafted:
    """Draft the text of source `source_id` and write the candidates to its drafts file.

    Raises `RequestError` for an unknown source, a drafts file already there (without
    `replace`), and `LedgerError` when the ledger cannot be read; whatever the drafter raises
    passes through. Nothing is written then.
    """
    root = find_ledger(path)
    with ledger_lock(root):
        reading = read_ledger(root)
        if reading.problems:
            raise LedgerError(reading.problems)
        ledger = reading.ledger
        try:
            source = ledger.source(source_id)
        except KeyError:
            known = (s.id for s in ledger.sources)
            raise RequestError(f"unknown source '{source_id}'{suggest(source_id, known)}") from None
        name = drafts_file(source.id)
        target = root / name
        if target.exists() and not replace:
            raise RequestError(
                f"{name} already holds drafts of '{source.id}' (your review in progress?): "
                "accept or delete them first, or give --replace"
            )
        try:
            text = (root / source.text).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RequestError(
                f"the text of source '{source.id}' ({source.text}) cannot be read: {error}"
            ) from None
        published = source.published.day or source.published.latest
        speakers = {
            person.name: person.role.value
            for person in source.people
            if person.role in (Role.INTERVIEWER, Role.INTERVIEWEE)
        }
        lang = language or source.language.split("-")[0].lower()
        candidates = drafter(text, lang, published, speakers)
        held = [quote_key(p.quote).casefold() for p in ledger.by_source(source.id)]
        kept = [
            c
            for c in candidates
            if not any(quote in quote_key(c.quote).casefold() for quote in held)
        ]
        taken = {p.id for p in ledger.predictions}
        tables: list[str] = []
        ids: list[str] = []
        for candidate in kept:
            table = _table(candidate, source, ledger.sectors, taken)
            taken.add(table["id"])
            ids.append(table["id"])
            tables.append(_render(table))
        content = _HEADER.format(source=source.id) + "".join("\n" + t for t in tables)
        target.parent.mkdir(exist_ok=True)
        write_atomic(target, content.encode("utf-8"), name=name)
    return Drafted(path=name, ids=tuple(ids), already=len(candidates) - len(kept))


def _author(candidate: Candidate, source: Source) -> str:
    if candidate.speaker is not None:
        said = candidate.speaker.casefold()
        for person in source.people:
            if person.author is not None and person.name.casefold() == said:
                return person.author
    wanted = {
        "interviewee": (Role.INTERVIEWEE,),
        "author": (Role.AUTHOR, Role.INTERVIEWEE),
    }.get(candidate.attribution, ())
    for role in wanted:
        linked = [p.author for p in source.people if p.role is role and p.author is not None]
        if len(linked) == 1 and linked[0] is not None:
            return linked[0]
    return f"{PLACEHOLDER}: the author's id (see predictledger author add)"


def _table(
    candidate: Candidate, source: Source, sectors: Sequence[Any], taken: set[str]
) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": derive_id(source.id, candidate.quote, taken),
        "source": source.id,
        "author": _author(candidate, source),
        "kind": candidate.kind,
        "claim": candidate.claim,
        "quote": candidate.quote,
        "resolution": candidate.resolution,
    }
    horizon: dict[str, Any] = {}
    if candidate.horizon is not None:
        horizon["phrase"] = candidate.horizon
    if candidate.horizon_start is not None:
        horizon["start"] = candidate.horizon_start
    if candidate.horizon_end is not None:
        horizon["end"] = candidate.horizon_end
    table["horizon"] = horizon or {"phrase": f"{PLACEHOLDER}: the horizon phrase, or start/end"}
    table["sector"] = sectors[0].id if len(sectors) == 1 else f"{PLACEHOLDER}: the sector's id"
    if candidate.condition is not None:
        table["condition"] = CONDITION_PLACEHOLDER
    if candidate.probability is not None and candidate.probability_basis == Basis.STATED.value:
        table["probability"] = {"value": candidate.probability, "basis": Basis.STATED.value}
    seen: dict[str, Any] = {
        "confidence": candidate.confidence,
        "cues": list(candidate.cues),
        "start": candidate.start,
        "end": candidate.end,
        "attribution": candidate.attribution,
    }
    for key in ("speaker", "hedge", "probability", "condition"):
        value = getattr(candidate, key)
        if value is not None:
            seen["implied_probability" if key == "probability" else key] = value
    table["draft"] = seen
    return table


def _render(table: dict[str, Any]) -> str:
    # A drafts file has no [source] table of its own: each prediction names its source.
    return render_table("[[prediction]]", table)
