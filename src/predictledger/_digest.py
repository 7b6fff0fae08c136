"""The digest of a prediction: what an outcome remembers of the claim it resolved.

If the substance of a prediction is edited after it was resolved, its digest changes and the
outcome's stored digest no longer matches: `check` reports that the goalposts moved.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from json.encoder import encode_basestring

from ._records import Prediction

__all__ = ["DIGEST_FIELDS", "DIGEST_FORM", "DIGEST_LINES", "DIGEST_PREFIX", "prediction_digest"]

DIGEST_PREFIX = "sha256:"
DIGEST_FORM = re.compile(r"sha256:[0-9a-f]{64}")
"""The form of a digest: `sha256:` and 64 lowercase hex digits."""
DIGEST_LINES = re.compile(r"(?:sha256:[0-9a-f]{64}\n)*")
"""Digests, each followed by a line break: every digest's form in one C-speed match."""

DIGEST_FIELDS = (
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
"""The fields that define a claim. Filing (`sector`, `tags`) and remarks (the prediction's and
its probability's `note`) are left out: re-filing or annotating a prediction does not move its
goalposts."""


# For numbers that are not plain finite floats: the encoder's own spelling of NaN, an int, a bool.
_ENCODER = json.JSONEncoder()


_string = encode_basestring  # JSON text of a str, quotes included, as the encoder writes it


def _number(value: object) -> str:
    if type(value) is float and math.isfinite(value):
        return repr(value)
    return _ENCODER.encode(value)


def _claim_json(prediction: Prediction) -> str:
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
    parts += [
        '"phrase":',
        _string(horizon.phrase),
        ',"start":"',
        horizon.start.isoformat(),
        '"},"id":',
        _string(prediction.id),
        ',"kind":',
        _string(prediction.kind.value),
        ',"made_on":"',
        prediction.made_on.isoformat(),
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


def prediction_digest(prediction: Prediction) -> str:
    """`sha256:` and the hex SHA-256 of the canonical JSON of the claim-defining fields.

    >>> import datetime as dt
    >>> from predictledger import Horizon, Prediction
    >>> p = Prediction(id="p", source="s", author="a", made_on=dt.date(2024, 1, 1),
    ...                claim="It rains.", quote="Il pleuvra.", sector="weather",
    ...                horizon=Horizon(phrase="2024", start=dt.date(2024, 1, 1)))
    >>> prediction_digest(p)[:15]
    'sha256:6b056b88'
    """
    # The canonical JSON (sorted keys, no spaces, text as is) is written out directly: the same
    # text as `json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)` of
    # the claim's table (tested against the cattrs route), at a third of the cost.
    text = _claim_json(prediction)
    # Records read from files are NFC already; one built in Python may not be, and must
    # digest the same. (No JSON delimiter composes with a combining mark, so normalising the
    # whole text equals normalising each string.)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
