"""The export's rows as a Parquet file (the `parquet` extra: pyarrow).

Schema version 1 (docs/exports.md): the columns of `export --format jsonl`, in the same order,
typed: dates as `date32`, probabilities and credits as `double`, tags and evidence as
`list<string>`, the outcome count as `int64`, everything else `string`; an absent value is
null. The file's key-value metadata says `predictledger.schema = predictledger-rows/1`, so a
reader can tell which version it holds.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from .._ledger import Ledger
from .._views.rows import COLUMNS, export_rows
from ..errors import RequestError

__all__ = ["SCHEMA_NAME", "TYPES", "to_parquet"]

SCHEMA_NAME = "predictledger-rows/1"

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
}
"""Each column's Arrow type, in column order."""


def _arrow_type(pa: Any, name: str) -> Any:
    return {
        "string": pa.string(),
        "date32": pa.date32(),
        "double": pa.float64(),
        "int64": pa.int64(),
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
