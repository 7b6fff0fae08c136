"""The export's rows as a Parquet file (the `parquet` extra: pyarrow).

Schema version 2 (docs/exports.md): the columns of `export --format jsonl`, in the same order,
typed: dates as `date32`, probabilities, credits and reference probabilities as `double`, tags
and evidence as `list<string>`, the outcome count as `int64`, `negates` as `bool`, everything
else `string`; an absent value is null. The file's key-value metadata says
`predictledger.schema = predictledger-rows/2`, so a reader can tell which version it holds
(version 1 had no `question`, `negates`, `reference` and `reference_probability` columns).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from .._ledger import Ledger
from .._views.rows import COLUMNS, export_rows
from ..errors import RequestError

__all__ = ["SCHEMA_NAME", "TYPES", "to_parquet"]

SCHEMA_NAME = "predictledger-rows/2"

TYPES: dict[str, str] = {
    **dict.fromkeys(COLUMNS, "string"),
    "made_on": "date32",
    "horizon_start": "date32",
    "horizon_end": "date32",
    "resolved_on": "date32",
    "probability": "double",
    "credit": "double",
    "tags": "list<string>",
    "evidence": "list<string>",
    "outcomes": "int64",
    "negates": "bool",
    "reference_probability": "double",
}
"""Each column's Arrow type, in column order."""


def _arrow_type(pa: Any, name: str) -> Any:
    return {
        "string": pa.string(),
        "date32": pa.date32(),
        "double": pa.float64(),
        "int64": pa.int64(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
    }[name]


def to_parquet(ledger: Ledger) -> bytes:
    """The ledger's export rows as the bytes of a Parquet file."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise RequestError(
            "the Parquet export needs pyarrow: pip install 'predictledger[parquet]'"
        ) from None
    rows = export_rows(ledger)
    schema = pa.schema(
        [pa.field(column, _arrow_type(pa, TYPES[column])) for column in COLUMNS],
        metadata={"predictledger.schema": SCHEMA_NAME},
    )
    columns = {column: [_value(row[column], TYPES[column]) for row in rows] for column in COLUMNS}
    table = pa.Table.from_pydict(columns, schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date32":
        return dt.date.fromisoformat(value)
    if kind == "double" and isinstance(value, float) and value != value:  # NaN
        return None
    return value
