"""The digest of a prediction: what an outcome remembers of the claim it judged.

An outcome seals the fields its verdict judged: who claimed it (its id, source and author),
its kind, claim, quote, resolution, condition, window (`horizon.start` and `horizon.end`) and
probability. If one of them is edited after the verdict was recorded, `check` reports that the
goalposts moved and names the field. What does not change the verdict is left out: when the
claim was made (`made_on`, which decides when it counts, while the window it was judged over
is sealed), the horizon's `phrase` (the author's words; the window is what is judged), its
filing (`sector`, `tags`) and remarks (`note`s).

The digest is `sha256:` and eight 8-digit hex fingerprints, one per sealed field, each the
first 32 bits of the SHA-256 of that field's canonical JSON: a changed field shows as its own
fingerprint. Digests written before this rule (`legacy_digest`: one SHA-256 over the same
fields with `made_on` and `horizon.phrase`) are still accepted, see `seals`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any

from ._records import Dating, Prediction, Question

__all__ = [
    "DIGEST_FIELDS",
    "DIGEST_FORM",
    "DIGEST_LINES",
    "DIGEST_PREFIX",
    "LEGACY_FIELDS",
    "QUESTION_SEALED",
    "SEALED",
    "changed_fields",
    "changed_question_fields",
    "legacy_digest",
    "prediction_digest",
    "question_digest",
    "sealed_values",
    "seals",
]

DIGEST_PREFIX = "sha256:"
DIGEST_FORM = re.compile(r"sha256:[0-9a-f]{64}")
"""The form of a digest: `sha256:` and 64 lowercase hex digits."""
DIGEST_LINES = re.compile(r"(?:sha256:[0-9a-f]{64}\n)*")
"""Digests, each followed by a line break: every digest's form in one C-speed match."""

LEGACY_FIELDS = (
    "id",
    "source",
    "author",
    "made_on",
    "kind",
    "claim",
    "quote",
    "resolution",
    "condition",
    "horizon",
    "probability",
)
"""The fields the former digest covered (see `legacy_digest`)."""

SEALED = (
    "author",
    "kind",
    "claim",
    "quote",
    "resolution",
    "condition",
    "window",
    "probability",
)
"""The sealed fields, one fingerprint each, in the digest's order. `author` stands for the
prediction's id, source and author; `window` for `horizon.start` and `horizon.end`."""

DIGEST_FIELDS = ("id", "source", *SEALED[:6], "horizon", "probability")
"""The prediction's fields an outcome seals (`horizon` for its start and end only)."""


# For numbers that are not plain finite floats: the encoder's own spelling of NaN, an int, a bool.
_ENCODER = json.JSONEncoder()


_string = encode_basestring  # JSON text of a str, quotes included, as the encoder writes it


def _number(value: object) -> str:
    if type(value) is float and math.isfinite(value):
        return repr(value)
    return _ENCODER.encode(value)


def _claim_json(prediction: Prediction, made_on: str | None = None) -> str:
    # Keys in sorted order; optional ones only when set, as `to_table` drops `None` fields.
    parts = [
        '{"author":',
        _string(prediction.author),
        ',"claim":',
        _string(prediction.claim),
    ]
    if prediction.condition is not None:
        parts += [',"condition":', _string(prediction.condition)]
    horizon = prediction.horizon
    parts.append(',"horizon":{')
    if horizon.end is not None:
        parts += ['"end":"', horizon.end.isoformat(), '",']
    if horizon.phrase is not None:
        parts += ['"phrase":', _string(horizon.phrase), ","]
    parts += [
        '"start":"',
        horizon.start.isoformat(),
        '"},"id":',
        _string(prediction.id),
        ',"kind":',
        _string(prediction.kind.value),
        ',"made_on":"',
        str(prediction.made_on) if made_on is None else made_on,
        '"',
    ]
    probability = prediction.probability
    if probability is not None:
        # The probability's `note` is a remark, not part of the claim (see DIGEST_FIELDS).
        parts += [',"probability":{"basis":', _string(probability.basis.value)]
        for name in ("hedge", "scale", "term"):
            value = getattr(probability, name)
            if value is not None:
                parts += [f',"{name}":', _string(value)]
        parts += [',"value":', _number(probability.value), "}"]
    parts += [',"quote":', _string(prediction.quote)]
    if prediction.resolution is not None:
        parts += [',"resolution":', _string(prediction.resolution)]
    parts += [',"source":', _string(prediction.source), "}"]
    return "".join(parts)


def legacy_digest(prediction: Prediction, made_on: str | None = None) -> str:
    """The digest as first defined: one SHA-256 over the canonical JSON (sorted keys, no
    spaces, NFC text, ISO dates) of `LEGACY_FIELDS`, with `made_on` as given (default: the
    prediction's). Outcomes recorded under it stay valid."""
    # The canonical JSON is written out directly: the same text as `json.dumps(...,
    # sort_keys=True, separators=(",", ":"), ensure_ascii=False)` of the claim's table (tested
    # against the cattrs route), at a third of the cost.
    text = _claim_json(prediction, made_on)
    # Records read from files are NFC already; one built in Python may not be, and must
    # digest the same. (No JSON delimiter composes with a combining mark, so normalising the
    # whole text equals normalising each string.)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def sealed_values(prediction: Prediction) -> tuple[Any, ...]:
    """The value of each sealed field (`SEALED`), as plain JSON values: what is fingerprinted."""
    horizon, probability = prediction.horizon, prediction.probability
    sealed_probability = None
    if probability is not None:
        sealed_probability = {
            "value": probability.value,
            "basis": probability.basis.value,
            "hedge": probability.hedge,
            "scale": probability.scale,
            "term": probability.term,
        }
    return (
        [prediction.id, prediction.source, prediction.author],
        prediction.kind.value,
        prediction.claim,
        prediction.quote,
        prediction.resolution,
        prediction.condition,
        [horizon.start.isoformat(), None if horizon.end is None else horizon.end.isoformat()],
        sealed_probability,
    )


def _optional(text: str | None) -> str:
    return "null" if text is None else _string(text)


def _sealed_json(prediction: Prediction) -> tuple[str, ...]:
    # The canonical JSON of each of `sealed_values`, written out directly: the same text as
    # `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` (tested),
    # at a fraction of the cost.
    horizon, probability = prediction.horizon, prediction.probability
    end = "null" if horizon.end is None else f'"{horizon.end.isoformat()}"'
    if probability is None:
        sealed_probability = "null"
    else:
        sealed_probability = (
            f'{{"basis":{_string(probability.basis.value)},"hedge":{_optional(probability.hedge)},'
            f'"scale":{_optional(probability.scale)},"term":{_optional(probability.term)},'
            f'"value":{_number(probability.value)}}}'
        )
    return (
        f"[{_string(prediction.id)},{_string(prediction.source)},{_string(prediction.author)}]",
        _string(prediction.kind.value),
        _string(prediction.claim),
        _string(prediction.quote),
        _optional(prediction.resolution),
        _optional(prediction.condition),
        f'["{horizon.start.isoformat()}",{end}]',
        sealed_probability,
    )


def _fingerprint(text: str) -> str:
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def prediction_digest(prediction: Prediction) -> str:
    """`sha256:` and one 8-hex-digit fingerprint per sealed field (`SEALED`), in order.

    >>> import datetime as dt
    >>> from predictledger import Horizon, Prediction
    >>> p = Prediction(id="p", source="s", author="a", made_on=dt.date(2024, 1, 1),
    ...                claim="It rains.", quote="Il pleuvra.", sector="weather",
    ...                horizon=Horizon(phrase="2024", start=dt.date(2024, 1, 1)))
    >>> len(prediction_digest(p)) == len("sha256:") + 64
    True
    """
    return DIGEST_PREFIX + "".join(map(_fingerprint, _sealed_json(prediction)))


def changed_fields(digest: str, prediction: Prediction) -> list[str] | None:
    """The sealed fields whose fingerprint in `digest` differs from the prediction's, or None
    when `digest` has no fingerprint in common with it (a digest of the former rule, which
    cannot tell fields apart, or one of a prediction that changed throughout)."""
    stored = digest.removeprefix(DIGEST_PREFIX)
    now = prediction_digest(prediction).removeprefix(DIGEST_PREFIX)
    pairs = [(stored[i : i + 8], now[i : i + 8]) for i in range(0, 64, 8)]
    if all(old != new for old, new in pairs):
        return None
    return [name for name, (old, new) in zip(SEALED, pairs, strict=True) if old != new]


_LEGACY_SEARCH = dt.timedelta(days=400)


def _days_around(made_on: Dating) -> Iterator[dt.date]:
    day, last = made_on.earliest - _LEGACY_SEARCH, made_on.latest + _LEGACY_SEARCH
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def seals(digest: str, prediction: Prediction) -> bool:
    """Whether an outcome's stored `digest` still seals the prediction: nothing it judged
    has changed.

    True for the prediction's digest, and for a digest of the former rule that matches the
    prediction with `made_on` as it is or as any day within 400 days of it: the former rule
    also sealed when the claim was made, which the verdict does not depend on, so a date made
    more precise (a source's "2023-12" become 2023-12-20) does not move the goalposts.
    """
    if digest == prediction_digest(prediction):
        return True
    if changed_fields(digest, prediction) is not None:
        return False  # a digest of this rule, with a sealed field changed
    if digest == legacy_digest(prediction):
        return True
    # The former digest's text differs from day to day only in `made_on`: the rest is
    # written (and put in NFC) once, and each day costs one hash.
    marker = "\x00"
    head, tail = _claim_json(prediction, made_on=marker).split(marker)
    if not unicodedata.is_normalized("NFC", head + tail):
        head, tail = unicodedata.normalize("NFC", head), unicodedata.normalize("NFC", tail)
    head_bytes, tail_bytes = head.encode("utf-8"), tail.encode("utf-8")
    wanted = digest.removeprefix(DIGEST_PREFIX)
    return any(
        hashlib.sha256(head_bytes + day.isoformat().encode() + tail_bytes).hexdigest() == wanted
        for day in _days_around(prediction.made_on)
    )


QUESTION_SEALED = ("id", "claim", "resolution", "window")
"""The sealed fields of a question, in its digest's order: `window` stands for `horizon.start`
and `horizon.end`. Its sector and note are filing and remarks."""


def _question_json(question: Question) -> tuple[str, ...]:
    horizon = question.horizon
    end = "null" if horizon.end is None else f'"{horizon.end.isoformat()}"'
    return (
        _string(question.id),
        _string(question.claim),
        _string(question.resolution),
        f'["{horizon.start.isoformat()}",{end}]',
    )


def _wide_fingerprint(text: str) -> str:
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def question_digest(question: Question) -> str:
    """`sha256:` and one 16-hex-digit fingerprint per sealed field of a question
    (`QUESTION_SEALED`), in order: the same form as a prediction's digest (64 hex digits), each
    fingerprint the first 64 bits of the SHA-256 of the field's canonical JSON."""
    return DIGEST_PREFIX + "".join(map(_wide_fingerprint, _question_json(question)))


def changed_question_fields(digest: str, question: Question) -> list[str] | None:
    """The sealed fields of a question whose fingerprint in `digest` differs from the
    question's now, or None when no fingerprint is in common (a digest of something else)."""
    stored = digest.removeprefix(DIGEST_PREFIX)
    now = question_digest(question).removeprefix(DIGEST_PREFIX)
    pairs = [(stored[i : i + 16], now[i : i + 16]) for i in range(0, 64, 16)]
    if all(old != new for old, new in pairs):
        return None
    return [name for name, (old, new) in zip(QUESTION_SEALED, pairs, strict=True) if old != new]
