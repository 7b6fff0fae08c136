"""Which language a text is in, told by its commonest small words.

Drafting supports French and English. The test counts, among the text's words, the stop words
of each of a handful of languages; the language with the most wins if it has at least 5 % of the
words and clearly more than the runner-up. Other languages are recognised only to be refused
by name.
"""

from __future__ import annotations

import re
from collections import Counter

from ..errors import PredictLedgerError

__all__ = ["SUPPORTED", "UnsupportedLanguage", "detect_language"]

SUPPORTED = ("fr", "en")

_STOP = {
    "fr": "le la les des du de un une et est sont que qui dans pour pas sur au aux ce cette il"
    " elle nous vous je ne plus avec mais ou son ses leur par été être",
    "en": "the of and to in is are that it for on with as this be was by not or from at have"
    " has will an they we you our their which",
    "de": "der die das und ist nicht mit den dem ein eine zu von auf für sich auch wird sind",
    "es": "el los las y es que en por para con una del al lo como más pero sus fue está",
    "it": "il di che la per non con una sono del della gli anche come più questo alla nel",
    "pt": "o os as e é que em por para com uma do da não se mais como mas foi são",
    "nl": "de het een en van is dat op te zijn niet met voor er maar ook als bij",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _STOP.items()}
_NAMES = {
    "fr": "French",
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


class UnsupportedLanguage(PredictLedgerError):
    """A language drafting cannot read, or a text whose language cannot be told."""


def supported_message() -> str:
    return "drafting supports fr (French) and en (English)"


def detect_language(text: str) -> str:
    """ "fr" or "en"; raises `UnsupportedLanguage` for another language or an unclear text."""
    tokens = [t.casefold() for t in _TOKEN.findall(text[:200_000])]
    if not tokens:
        raise UnsupportedLanguage(
            f"the text has no words to tell its language; {supported_message()}"
        )
    counts = Counter({lang: sum(t in words for t in tokens) for lang, words in _WORDS.items()})
    (best, hits), *rest = counts.most_common()
    runner_up = rest[0][1] if rest else 0
    if hits < max(3, 0.05 * len(tokens)) or hits < 1.3 * runner_up:
        raise UnsupportedLanguage(
            f"cannot tell the language of the text; {supported_message()}: pass --language"
        )
    if best not in SUPPORTED:
        raise UnsupportedLanguage(f"the text looks {_NAMES[best]} ({best}); {supported_message()}")
    return best


def check_language(language: str) -> str:
    """`language` if drafting supports it; raises `UnsupportedLanguage` otherwise."""
    code = language.strip().casefold()
    if code not in SUPPORTED:
        raise UnsupportedLanguage(f"unknown language {language!r}; {supported_message()}")
    return code
