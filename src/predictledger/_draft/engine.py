"""`draft`: every forward-looking claim of a text, as candidates for a keeper to review.

The text is cut into lines and sentences (`sentences`), each line is given its speaker
(`speakers`), each sentence or clause its cues (`cues`); those whose confidence reaches
`THRESHOLD` become candidates, with their hedge, horizon, condition and kind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence

from predictledger import hedges

from . import cues as cue_rules
from .candidate import Candidate
from .conditions import find_condition
from .french import Word
from .horizons import find_horizon
from .language import check_language
from .sentences import Span, clauses, lines, sentences, strip_span
from .speakers import (
    EDITOR,
    Attribution,
    Turn,
    editor_asides,
    is_heading,
    quoted_speaker,
    reported_by,
    title_block,
    turns,
)

__all__ = ["THRESHOLD", "draft"]

THRESHOLD = 0.4
"""The lowest confidence proposed: one strong cue (a future, « va + infinitif », will), or two
weaker ones (a year ahead and a hedge, a stance and a period ahead)."""

_QUESTION = re.compile(r"\?[\s\"'»”\u2019)]*$")
_TITLE_LINES = 4
_MARKER = re.compile(r"(?:[-*\u2022\u2013]|\d{1,2}[.)])\s+")
_NUMBERED = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)*)\.?\s")


def draft(
    text: str,
    *,
    language: str,
    published: dt.date | None = None,
    speakers: Mapping[str, str] | None = None,
) -> list[Candidate]:
    """The candidate claims of `text`, in the order of the text.

    `language` is "fr" or "en"; `published`, the day the text was published, dates horizon
    windows and tells years ahead from years past; `speakers` maps interview labels to
    "interviewer" or "interviewee" when the layout alone does not tell them apart.
    French needs spaCy and its French model (`pip install 'predictledger[draft]'`); without them
    `MissingDependency` is raised.
    """
    language = check_language(language)
    all_lines = lines(text)
    all_turns, interview = turns(text, all_lines, speakers)
    words: list[Word] = []
    if language == "fr" and all_turns:
        from .french import tag

        words = list(tag(text, [(t.body.start, t.body.end) for t in all_turns]))
    interviewees = [
        t.speaker for t in all_turns if t.attribution is Attribution.INTERVIEWEE and t.speaker
    ]
    titles = set() if interview else {all_lines[i].start for i in title_block(text, all_lines)}
    found: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for unit, attribution, speaker, framed, list_item in _units(
        text, all_turns, interview, set(interviewees), published, titles
    ):
        if (unit.start, unit.end) in seen:
            continue
        candidate = _candidate(
            text, unit, language, published, words, attribution, speaker, framed, list_item
        )
        if candidate is not None:
            seen.add((unit.start, unit.end))
            found.append(candidate)
    return found


def _units(
    text: str,
    all_turns: Sequence[Turn],
    interview: bool,
    interviewees: set[str],
    published: dt.date | None,
    titles: set[int],
) -> Iterator[tuple[Span, Attribution, str | None, bool, bool]]:
    """Each sentence or clause that may be proposed: (span, attribution, speaker, whether it
    stands in an outlook section, whether it is a list item). `titles` are the starts of the
    lines of the title block, which are an editor's."""
    known = {name.casefold(): name for name in interviewees}
    whole_frame = False
    frame = False
    top_frame = False
    for index, turn in enumerate(all_turns):
        body = text[turn.body.start : turn.body.end]
        if turn.attribution is not Attribution.INTERVIEWEE and is_heading(body):
            forward = cue_rules.frame_words(body, published)
            if index < _TITLE_LINES:  # the title (after any front matter) frames the article
                whole_frame = whole_frame or forward
            numbered = _NUMBERED.match(body)
            if numbered and "." in numbered["n"]:
                frame = top_frame or forward
            else:
                frame = top_frame = forward
            continue
        if turn.attribution is Attribution.INTERVIEWER:
            continue
        framed = whole_frame or frame
        list_item = bool(cue_rules.LIST_ITEM.match(body))
        for sentence in sentences(text, turn.body):
            words = text[sentence.start : sentence.end]
            if turn.attribution is Attribution.NARRATION or turn.attribution is Attribution.AUTHOR:
                quoted = quoted_speaker(words)
                if quoted is not None and quoted[2] is not None:
                    name = quoted[2]
                    who = next(
                        (known[k] for k in known if k in name.casefold() or name.casefold() in k),
                        None,
                    )
                    inner = Span(sentence.start + quoted[0], sentence.start + quoted[1])
                    for part in sentences(text, inner):
                        if who is not None:
                            yield part, Attribution.INTERVIEWEE, who, framed, False
                        else:
                            yield part, Attribution.THIRD_PARTY, name, framed, False
                    continue
                if turn.attribution is Attribution.NARRATION:
                    continue
            attribution, speaker = turn.attribution, turn.speaker
            if turn.line.start in titles:
                attribution, speaker = Attribution.THIRD_PARTY, EDITOR
            for piece, editors in _without_asides(text, sentence):
                if editors:
                    yield piece, Attribution.THIRD_PARTY, EDITOR, framed, False
                    continue
                reporter = reported_by(text[piece.start : piece.end])
                owner, said_by = attribution, speaker
                if reporter is not None and reporter.casefold() not in known:
                    owner, said_by = Attribution.THIRD_PARTY, reporter
                for part in clauses(text, piece):
                    yield part, owner, said_by, framed, list_item


def _without_asides(text: str, sentence: Span) -> Iterator[tuple[Span, bool]]:
    """The sentence cut around its editor's notes: each piece, and whether it is a note. A
    sentence with no note is one piece."""
    start = sentence.start
    for a, b in editor_asides(text[sentence.start : sentence.end]):
        before = strip_span(text, start, sentence.start + a)
        if before.end > before.start:
            yield before, False
        yield Span(sentence.start + a, sentence.start + b), True
        start = sentence.start + b
    rest = strip_span(text, start, sentence.end)
    if rest.end > rest.start:
        yield rest, False


def _candidate(
    text: str,
    unit: Span,
    language: str,
    published: dt.date | None,
    words: Sequence[Word],
    attribution: Attribution,
    speaker: str | None,
    framed: bool,
    list_item: bool,
) -> Candidate | None:
    if marker := _MARKER.match(text, unit.start, unit.end):
        unit = Span(marker.end(), unit.end)  # the quote starts at the item's words
    quote = text[unit.start : unit.end]
    if _QUESTION.search(quote) or len(quote.split()) < 3:
        return None
    if language == "fr":
        unit_words = list(_between(words, unit.start, unit.end))
        fired, against = cue_rules.french_cues(quote, unit_words, published)
    else:
        unit_words = []
        fired, against = cue_rules.english_cues(quote, published)
    fired += cue_rules.outlook_cues(quote, framed=framed, list_item=list_item)
    hedge = hedges.find_hedge(quote, language=language)
    if hedge is not None:
        fired.append("hedge")
    stated = cue_rules.stated_probability(quote)
    if stated is not None:
        fired.append("stated probability")
    fired = sorted(dict.fromkeys(fired), key=lambda c: -cue_rules.WEIGHTS.get(c, 0.0))
    score = cue_rules.confidence(fired, against)
    if attribution is Attribution.THIRD_PARTY:
        score = round(score * 0.8, 2)
    if score < THRESHOLD:
        return None
    if language == "fr":
        kind = cue_rules.french_kind(quote, unit_words, fired)
    else:
        kind = cue_rules.english_kind(quote, fired)
    horizon = find_horizon(quote, published)
    condition = find_condition(quote)
    return Candidate(
        quote=quote,
        start=unit.start,
        end=unit.end,
        speaker=speaker,
        attribution=(
            "third party"
            if attribution is Attribution.THIRD_PARTY
            else "interviewee"
            if attribution is Attribution.INTERVIEWEE
            else "author"
        ),
        kind=kind,
        cues=tuple(fired),
        confidence=score,
        hedge=hedge.phrase if hedge else None,
        probability=stated[2] if stated else hedge.value if hedge else None,
        probability_basis="stated" if stated else "hedge" if hedge else None,
        scale=hedge.scale if hedge and not stated else None,
        term=hedge.term if hedge and not stated else None,
        horizon=quote[horizon[0] : horizon[1]] if horizon else None,
        horizon_start=horizon[2] if horizon else None,
        horizon_end=horizon[3] if horizon else None,
        condition=quote[condition[0] : condition[1]] if condition else None,
    )


def _between(words: Sequence[Word], start: int, end: int) -> Iterator[Word]:
    # `words` is in text order: find the first by bisection, then read on.
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if words[mid].start < start:
            lo = mid + 1
        else:
            hi = mid
    for w in words[lo:]:
        if w.end > end:
            break
        yield w
