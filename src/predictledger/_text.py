"""Text rules, each stated once: the Unicode form text is stored in, which quote, apostrophe and
dash variants are forgiven, what a slug is, what may reach a terminal, how wide text is on one,
and how a near miss is suggested.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "APOSTROPHES",
    "FOLD",
    "SLUG_MAX",
    "all_slugs",
    "cell_text",
    "cell_width",
    "closest",
    "fold_phrase",
    "is_slug",
    "json_safe",
    "nfc",
    "plain_apostrophes",
    "quote_key",
    "slug_problem",
    "suggest",
    "terminal_safe",
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
# Hyphens and dashes that stand in for "-" in a typed phrase (non-breaking hyphens, en dashes).
_DASHES = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus sign
}
FOLD = str.maketrans({**APOSTROPHES, **_DASHES})
"""The `str.translate` table with which phrases (hedges, horizons) are compared: every
apostrophe variant becomes "'", every hyphen and dash "-"."""
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80

PLACEHOLDER = "TO BE WRITTEN BY THE KEEPER"
"""How a drafted field that needs the keeper's judgement starts until the keeper writes it."""


def is_placeholder(value: object) -> bool:
    """Whether a drafted field (a claim, a resolution...) still holds the drafter's placeholder."""
    return isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER)


def nfc(text: str) -> str:
    """The composed Unicode form in which the ledger stores all text."""
    return unicodedata.normalize("NFC", text)


# `str.translate` with a table looks every character up one at a time; on a source's full text
# a few `str.replace` calls, each one pass in C, are an order of magnitude faster.
_APOSTROPHE_PAIRS = tuple({**APOSTROPHES, **_QUOTE_MARKS}.items())


def fold_phrase(text: str) -> str:
    """The form in which phrases (hedge words) are compared: NFC, `FOLD`ed, casefolded, with
    single spaces and no space at either end."""
    return " ".join(nfc(text).translate(FOLD).casefold().split())


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


def is_slug(value: str) -> bool:
    """True when `value` is a slug: lowercase ascii letters and digits in words joined by single
    hyphens, at most `SLUG_MAX` characters."""
    return len(value) <= SLUG_MAX and _SLUG.fullmatch(value) is not None


_SLUG_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789-\n"


def all_slugs(ids: list[str]) -> bool:
    """True when every id is a slug (`is_slug`), tested on all of them at once.

    A ledger has tens of thousands of ids: a few C-speed passes over their text joined by line
    breaks cost less than one regular-expression match per id.
    """
    if not ids:
        return True
    joined = "\n".join(ids)
    if not joined.isascii():
        return False
    lines = b"\n" + joined.encode("ascii") + b"\n"
    return (
        not lines.translate(None, _SLUG_BYTES)  # nothing but these bytes
        and lines.count(b"\n") == len(ids) + 1  # no id holds a line break of its own
        and b"\n\n" not in lines  # nor is empty
        and b"--" not in lines
        and b"\n-" not in lines
        and b"-\n" not in lines
        and max(map(len, ids)) <= SLUG_MAX
    )


def slug_problem(value: str) -> str | None:
    """Why `value` is not a slug, or `None` if it is one."""
    if not value:
        return "is empty"
    if len(value) > SLUG_MAX:
        return f"is {len(value)} characters long; at most {SLUG_MAX} are allowed"
    if is_slug(value):
        return None
    if "/" in value or "\\" in value or ".." in value:
        return "looks like a path; ids are slugs, never paths"
    return "is not a slug (use lowercase ascii letters, digits and single hyphens)"


# What may not reach a terminal raw. The C0 and C1 control characters (ESC above all, which a
# terminal obeys; line breaks, which split a line), the line and paragraph separators, and the
# bidirectional marks, embeddings, overrides and isolates that reorder the text shown around them
# ("Trojan Source"). Other format characters are text: zero-width joiners and non-joiners hold
# emoji sequences and Persian words together.
_UNSAFE = [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x2028, 0x202F)]
_UNSAFE += range(0x2066, 0x206A)
# Lone surrogates: bytes that were not UTF-8 in a file name or an argument, which no stream
# can encode as UTF-8.
_UNSAFE += range(0xD800, 0xE000)
_ESCAPES = {code: repr(chr(code))[1:-1] for code in _UNSAFE}
# A byte that was not UTF-8, as Python hands it over (surrogateescape), is shown as that byte.
_ESCAPES.update({0xDC00 + byte: f"\\x{byte:02x}" for byte in range(0x80, 0x100)})
_ESCAPES_KEEPING_LINES = {code: text for code, text in _ESCAPES.items() if code not in (9, 10)}


def terminal_safe(text: str, *, newlines: bool = False) -> str:
    """`text` with every character that could drive a terminal or reorder a line escaped as
    Python writes it (`\\x1b`, `\\n`, `\\u202e`); with `newlines`, line feeds and tabs kept.

    Ledger text that reaches a user (a problem message, a table cell, a page) must not split
    the line it is on, move the cursor, recolour the terminal or disguise itself; the escape
    still shows what the file holds, so the keeper can find it.
    """
    return text.translate(_ESCAPES_KEEPING_LINES if newlines else _ESCAPES)


_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _UNSAFE if code >= 0x7F}
# One C-speed search spares the rewrite, character by character, of the many texts with none.
_JSON_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in _JSON_ESCAPES) + "]")


def json_safe(text: str) -> str:
    """JSON text (`json.dumps(..., ensure_ascii=False)`) with every character that could split
    a line or drive a terminal written as a `\\uXXXX` escape, which reads back the same: a
    JSON Lines record stays one line for `str.splitlines` (U+2028, U+2029, U+0085) and a
    terminal that shows it is not driven. JSON itself escapes the C0 controls."""
    return text.translate(_JSON_ESCAPES) if _JSON_UNSAFE.search(text) else text


"""The name under which problem messages were first made safe; the same rule."""


def cell_text(text: str) -> str:
    """`text` for one cell of a table: one line, terminal-safe.

    Text that holds a line break or a tab has each run of white space written as one space,
    so that one record stays one row; whatever else is unsafe is escaped (`terminal_safe`).
    """
    if any(ch in text for ch in "\n\r\t"):
        text = " ".join(text.split())
    return terminal_safe(text)


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes: East Asian wide characters two, combining marks
    none, every other character one."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def closest(word: str, choices: Iterable[str]) -> list[str]:
    """Up to three choices that `word` was probably meant to be, closest first."""
    known = list(choices)
    # Two letters swapped ("lsit") is the commonest slip: such a choice comes alone.
    swapped = [choice for choice in known if _one_swap(word, choice)]
    if swapped:
        return swapped[:3]
    close = difflib.get_close_matches(word, known, n=3, cutoff=0.6)
    if not close:
        # A fragment of a long id ("l2-compet") is too short for difflib's ratio to match.
        close = [choice for choice in known if word and word in choice][:3]
    return close


def _one_swap(word: str, choice: str) -> bool:
    """Whether `choice` is `word` with two neighbouring letters swapped."""
    if len(word) != len(choice) or word == choice:
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, choice, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == choice[differ[1]]
        and word[differ[1]] == choice[differ[0]]
    )


def suggest(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a close choice exists, else an empty string.

    The one wording of every suggestion, appended to a message that names the unknown word:
    `unknown author 'ana' (did you mean 'ana-lopez'?)`.
    """
    close = closest(word, choices)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
