"""Cutting a text into lines, sentences and clauses, each with its character offsets.

Every unit is a pair of offsets into the text as given, so that `text[start:end]` is always the
unit's words exactly: a candidate's quote is never retyped, only cut.

- A *line* is what lies between two line breaks. A line that ends with a colon and is not a
  speaker's label (« Plusieurs thématiques me semblent prometteuses : » followed by a list)
  runs on into the next line: what a colon announces belongs to the same thought. So does a
  sentence wrapped mid-way (no closing mark, the next line in lower case), as in Markdown.
- A *sentence* ends at « . ! ? … » followed by a space and a capital, a digit or an opening
  quote, and never after an abbreviation (« M. », "U.S.", "e.g.") or a list number (« 2. »).
- A *clause* is a part of a sentence between semicolons.
"""

from __future__ import annotations

import re

from attrs import frozen

__all__ = ["Line", "Span", "clauses", "lines", "sentences", "strip_span"]


@frozen
class Span:
    """A stretch of the text: `text[start:end]`."""

    start: int
    end: int


@frozen
class Line:
    """A line of the text (or several joined after a colon), with its offsets."""

    start: int
    end: int


_ABBREVIATIONS = frozenset(
    {
        "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "st", "ste", "etc", "cf", "ex", "env",
        "mr", "mrs", "ms", "prof", "vs", "inc", "ltd", "co", "corp", "jr", "sr", "no", "vol",
        "p", "pp", "fig", "e.g", "i.e", "u.s", "u.k", "e.u", "approx", "av", "apr", "janv",
        "févr", "sept", "oct", "nov", "déc", "jan", "feb", "mar", "jun", "jul", "aug", "sep",
        "dec",
    }
)  # fmt: skip
# A sentence can end after these, possibly followed by closing quotes or brackets.
_END = re.compile(r"[.!?…]+[\"'»”\u2019)\]]*(?=\s)")
_OPENERS = "«“\"'\u2018(["
_LABEL_LINE = re.compile(r"^\s*[^\s:]+(?: [^\s:]+){0,3}\s?:\s*$")
_LIST_NUMBER = re.compile(r"(?:^|\s)\(?\d{1,2}$")


def strip_span(text: str, start: int, end: int) -> Span:
    """`start:end` without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def lines(text: str) -> list[Line]:
    """The non-blank lines of `text`; a line ending with a colon runs on into the next."""
    raw: list[tuple[int, int]] = []
    position = 0
    for piece in text.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        span = strip_span(text, position, position + len(body))
        if span.end > span.start:
            raw.append((span.start, span.end))
        position += len(piece)
    joined: list[Line] = []
    i = 0
    while i < len(raw):
        start, end = raw[i]
        while i + 1 < len(raw) and _runs_on(text, start, end, *raw[i + 1]):
            i += 1
            end = raw[i][1]
        joined.append(Line(start, end))
        i += 1
    return joined


def _runs_on(text: str, start: int, end: int, next_start: int, next_end: int) -> bool:
    """Whether the line `start:end` goes on in the next one: it ends with a colon (and neither
    is a speaker's label), or it is a sentence wrapped mid-way, ending with no mark and
    followed by a line that starts in lower case, as hard-wrapped Markdown is."""
    line, following = text[start:end], text[next_start:next_end]
    if line.endswith(":"):
        return not _LABEL_LINE.match(line) and not _LABEL_LINE.match(following)
    return (
        following[:1].islower()
        and line[-1:].isalnum() | (line[-1:] in ",)*_")
        and next_start - end == 1  # a single line break, not a blank line
        and not line.lstrip().startswith("#")
    )


def _is_boundary(text: str, stop: int, after: int) -> bool:
    """Whether a sentence ends at `stop` (just after its final mark), the next one starting at
    `after`."""
    following = text[after] if after < len(text) else ""
    if not following or not (following.isupper() or following.isdigit() or following in _OPENERS):
        return False
    mark = text[stop - 1]
    if mark != ".":
        return True
    head = text[max(0, stop - 12) : stop - 1]
    word = re.split(r"[\s(«\"“]", head)[-1].casefold()
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    return not _LIST_NUMBER.search(text[max(0, stop - 5) : stop - 1])


def sentences(text: str, line: Line | Span) -> list[Span]:
    """The sentences of one line, in order, without surrounding white space."""
    found: list[Span] = []
    start = line.start
    segment = text[line.start : line.end]
    for m in _END.finditer(segment):
        stop = line.start + m.end()
        after = stop
        while after < line.end and text[after].isspace():
            after += 1
        if after >= line.end or not _is_boundary(text, stop, after):
            continue
        span = strip_span(text, start, stop)
        if span.end > span.start:
            found.append(span)
        start = after
    span = strip_span(text, start, line.end)
    if span.end > span.start:
        found.append(span)
    return found


def clauses(text: str, sentence: Span) -> list[Span]:
    """The parts of a sentence between semicolons (the sentence itself when it has none)."""
    parts: list[Span] = []
    start = sentence.start
    for i in range(sentence.start, sentence.end):
        if text[i] == ";":
            span = strip_span(text, start, i + 1)
            if span.end > span.start:
                parts.append(span)
            start = i + 1
    span = strip_span(text, start, sentence.end)
    if span.end > span.start:
        parts.append(span)
    return parts
