"""Candidates as JSON (an array of objects) or TOML (an array of `[[candidate]]` tables)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import tomli_w

from .candidate import Candidate

__all__ = ["as_dict", "render"]

_FIELDS = (
    "quote", "start", "end", "speaker", "attribution", "kind", "confidence", "cues", "hedge",
    "probability", "probability_basis", "scale", "term", "horizon", "horizon_start",
    "horizon_end", "condition", "claim", "resolution",
)  # fmt: skip


def as_dict(candidate: Candidate) -> dict[str, Any]:
    """The candidate's fields in a stable order; dates as ISO strings, absent values `None`."""
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(candidate, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def render(candidates: Sequence[Candidate], fmt: str) -> str:
    """`fmt` is "json" or "toml". In TOML, absent values are left out (TOML has no null)."""
    rows = [as_dict(c) for c in candidates]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "toml":
        tables = [{k: v for k, v in row.items() if v is not None} for row in rows]
        header = (
            "# Candidate claims drafted by predictledger: review each one, write its claim and\n"
            "# resolution, and delete those that are not claims.\n"
        )
        return header + ("\n" + tomli_w.dumps({"candidate": tables}) if tables else "")
    raise ValueError(f"unknown format {fmt!r}: json or toml")
