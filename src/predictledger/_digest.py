"""The digest of a prediction: what an outcome remembers of the claim it resolved.

If the substance of a prediction is edited after it was resolved, its digest changes and the
outcome's stored digest no longer matches: `check` reports that the goalposts moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from typing import Any

from ._records import Prediction

__all__ = ["DIGEST_FIELDS", "prediction_digest"]

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


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot digest {type(value).__name__}")


# One encoder for every digest: `json.dumps` with options builds a new one per call.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_canonical
)


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
    # Built straight from the attributes rather than through `to_table` (cattrs unstructuring
    # of the whole record, then filtering), which was about half the digest's cost: the table
    # is the same, as `to_table` drops `None` fields and writes enums as their values.
    claim: dict[str, Any] = {
        "id": prediction.id,
        "source": prediction.source,
        "author": prediction.author,
        "made_on": prediction.made_on.isoformat(),
        "kind": prediction.kind.value,
        "claim": prediction.claim,
        "quote": prediction.quote,
    }
    if prediction.resolution is not None:
        claim["resolution"] = prediction.resolution
    if prediction.condition is not None:
        claim["condition"] = prediction.condition
    horizon = prediction.horizon
    claim["horizon"] = (
        {"phrase": horizon.phrase, "start": horizon.start.isoformat()}
        if horizon.end is None
        else {
            "phrase": horizon.phrase,
            "start": horizon.start.isoformat(),
            "end": horizon.end.isoformat(),
        }
    )
    probability = prediction.probability
    if probability is not None:
        # The probability's `note` is a remark, not part of the claim (see DIGEST_FIELDS).
        table: dict[str, Any] = {"value": probability.value, "basis": probability.basis.value}
        if probability.hedge is not None:
            table["hedge"] = probability.hedge
        if probability.scale is not None:
            table["scale"] = probability.scale
        if probability.term is not None:
            table["term"] = probability.term
        claim["probability"] = table
    text = _ENCODER.encode(claim)
    # Records read from files are NFC already; one built in Python may not be, and must
    # digest the same. (No JSON delimiter composes with a combining mark, so normalising the
    # whole text equals normalising each string.)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
