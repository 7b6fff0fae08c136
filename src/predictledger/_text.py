"""Text normalisation: one Unicode form for storage, a looser form for finding quotes."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "APOSTROPHES",
    "closest",
    "nfc",
    "one_line",
    "plain_apostrophes",
    "quote_key",
    "slug_problem",
    "suggest",
]

# Typographic apostrophes that editors, translators and keyboards swap freely.
APOSTROPHES = {
    "\u2019": "'",  # right single quotation mark
    "\u2018": "'",  # left single quotation mark
    "\u02bc": "'",  # modifier letter apostrophe
    "\u2032": "'",  # prime
    "\u00b4": "'",  # acute accent used as an apostrophe
}
# ... and the double quotation marks that stand in for '"'.
_QUOTE_MARKS = {"\u201c": '"', "\u201d": '"'}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80


def nfc(text: str) -> str:
    """The composed Unicode form in which the ledger stores all text."""
    return unicodedata.normalize("NFC", text)


# `str.translate` with a table looks every character up one at a time; on a source's full text
# a few `str.replace` calls, each one pass in C, are an order of magnitude faster.
_APOSTROPHE_PAIRS = tuple({**APOSTROPHES, **_QUOTE_MARKS}.items())


def plain_apostrophes(text: str) -> str:
    """`text` with every apostrophe and quotation-mark variant that `quote_key` forgives
    written plainly."""
    for variant, plain in _APOSTROPHE_PAIRS:
        if variant in text:
            text = text.replace(variant, plain)
    return text


def quote_key(text: str) -> str:
    """A quote reduced to what verbatim means here: same words, any whitespace, any apostrophe.

    Only whitespace, the Unicode form and apostrophe variants are forgiven; a changed letter or
    a dropped word is not.
    """
    text = plain_apostrophes(nfc(text))
    # `str.split()` splits at exactly the characters `\s` matches and drops both ends: the same
    # as `re.sub(r"\s+", " ", text).strip()`, in one pass instead of two.
    return " ".join(text.split())


def slug_problem(value: str) -> str | None:
    """Why `value` is not a slug, or `None` if it is one."""
    if not value:
        return "is empty"
    if len(value) > SLUG_MAX:
        return f"is {len(value)} characters long; at most {SLUG_MAX} are allowed"
    if _SLUG.fullmatch(value):
        return None
    if "/" in value or "\\" in value or ".." in value:
        return "looks like a path; ids are slugs, never paths"
    return "is not a slug (use lowercase ascii letters, digits and single hyphens)"


# What would break a `path:line: message` line or reorder it on a terminal: line breaks and
# the other control characters, and the bidirectional overrides of "Trojan Source" attacks.
_UNSEEN = [*range(0x20), *range(0x7F, 0xA0), 0x200E, 0x200F, *range(0x2028, 0x202F)]
_UNSEEN += range(0x2066, 0x206A)
_ESCAPES = {code: repr(chr(code))[1:-1] for code in _UNSEEN}


def one_line(text: str) -> str:
    """`text` with line breaks, control characters and direction overrides escaped (`\\n`).

    Ledger text that reaches a problem message (an id, a key, a value) must not split the
    message over lines or disguise it.
    """
    return text.translate(_ESCAPES)


def closest(word: str, choices: Iterable[str]) -> list[str]:
    """Up to three choices that `word` was probably meant to be, closest first."""
    known = list(choices)
    close = difflib.get_close_matches(word, known, n=3, cutoff=0.6)
    if not close:
        # A fragment of a long id ("l2-compet") is too short for difflib's ratio to match.
        close = [choice for choice in known if word and word in choice][:3]
    return close


def suggest(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a close choice exists, else an empty string."""
    close = closest(word, choices)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
