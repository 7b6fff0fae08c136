"""The condition of an « si … » / "if …" claim: the clause from « si » to the next comma (or
« alors », "then"), as it stands in the quote.

Not conditions: « même si » / "even if" (a concession), « comme si » / "as if", « si bien que »,
an indirect question (« savoir si », "whether"), « si » meaning "so" (« si important »), and
"if I had to bet" (a hedge).
"""

from __future__ import annotations

import re

__all__ = ["find_condition"]

_IF = re.compile(
    r"(?<![\w-])(?:si|s['\u2019]il|s['\u2019]ils|if|unless|à condition que|pourvu que)(?=\W)",
    re.IGNORECASE,
)
_NOT_BEFORE = re.compile(
    r"(?:même|meme|comme|even|as|savoir|sais|demande|demander|know|wonder|ask|see)\s*$",
    re.IGNORECASE,
)
_NOT_AFTER = re.compile(
    r"\s+(?:bien|peu|beaucoup|important\w*|grand\w*|fort\w*|I had to bet|you ask me|anything|"
    r"any|not|so|possible|nécessaire|necessary)\b",
    re.IGNORECASE,
)
_END = re.compile(r",|;|\s(?:alors|then)\b|[.!?]|\s—|\s\u2013")


def find_condition(quote: str) -> tuple[int, int] | None:
    """Offsets in `quote` of its condition clause, or `None`."""
    for m in _IF.finditer(quote):
        if _NOT_BEFORE.search(quote[: m.start()]):
            continue
        if _NOT_AFTER.match(quote, m.end()):
            continue
        stop = _END.search(quote, m.end())
        end = stop.start() if stop else len(quote)
        if len(quote[m.start() : end].split()) < 3:
            continue
        return m.start(), end
    return None
