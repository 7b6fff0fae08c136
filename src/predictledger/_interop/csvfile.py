"""Reading an import's CSV or JSON file: UTF-8 (a byte-order mark allowed), with each problem
named `file:row`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import RequestError

__all__ = ["read_csv", "read_json", "read_text"]


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RequestError(f"cannot read {path.name}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RequestError(f"{path.name} is not UTF-8 text") from None


def read_csv(text: str, name: str, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row of a CSV text with the line it starts on; refuses a file whose header
    lacks a `required` column."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise RequestError(f"{name} is empty; expected a CSV file with a header line") from None
    except csv.Error as error:
        raise RequestError(f"{name}:1: not CSV: {error}") from None
    missing = [column for column in required if column not in header]
    if missing:
        raise RequestError(
            f"{name}: no column {', '.join(repr(c) for c in missing)} in its header line; "
            "is it the right platform's export?"
        )
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise RequestError(f"{name}:{line}: not CSV: {error}") from None
        if cells:
            yield line, dict(zip(header, cells, strict=False))
        line = reader.line_num + 1


def read_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RequestError(f"{name}:{error.lineno}: not JSON: {error.msg}") from None
