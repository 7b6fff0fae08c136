"""The JSON Schema of a ledger file, generated from the record classes.

Editors with a TOML language server (taplo, "Even Better TOML") use it to flag a mistake while
the user types. It is derived from the attrs classes rather than written by hand so that the two
cannot drift apart; the shipped copy in `data/ledger.schema.json` is kept equal to this output
by a test. Regenerate it with
`python -m predictledger._schema > src/predictledger/data/ledger.schema.json`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any, get_args, get_origin

import attrs

from ._convert.fields import file_fields, optional_inner
from ._convert.strict import MOMENT
from ._records import KINDS, Dating, PartialDate, Prediction
from ._text import SLUG_MAX

__all__ = ["ledger_schema", "render_schema"]

_SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": SLUG_MAX}
# Fields whose values are ids of other records: they are slugs too.
_SLUG_FIELDS = frozenset({"id", "author", "sector", "prediction", "question", "supersedes"})


_LOCAL_DATETIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"


def _schema_of(hint: Any, name: str, definitions: dict[str, Any]) -> dict[str, Any]:
    inner = optional_inner(hint)
    if inner is not None:
        return _schema_of(inner, name, definitions)
    if hint is str:
        return dict(_SLUG) if name in _SLUG_FIELDS else {"type": "string"}
    if hint is float:
        return {"type": "number"}
    if hint is int:
        return {"type": "integer"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is dt.date:
        return {"type": "string", "format": "date"}
    if hint == MOMENT:
        return {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
                {
                    "type": "string",
                    "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
                },
            ],
            "description": "a date, or a date-time with or without its offset",
        }
    if hint is PartialDate:
        return {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{4}(-\d{2})?$"},
            ],
            "description": 'a date, a month ("2025-04") or a year ("2025")',
        }
    if hint is Dating:
        day = {"type": "string", "format": "date"}
        return {
            "anyOf": [
                day,
                {"type": "string", "pattern": r"^\d{4}(-\d{2})?$"},
                {
                    "type": "object",
                    "properties": {
                        "earliest": day,
                        "latest": day,
                        "reason": {"type": "string", "minLength": 1},
                    },
                    "required": ["earliest", "latest", "reason"],
                    "additionalProperties": False,
                },
            ],
            "description": 'a date, a month ("2025-04"), a year ("2025"), or a range '
            "{ earliest, latest, reason }",
        }
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if get_origin(hint) is tuple:
        item = get_args(hint)[0]
        return {"type": "array", "items": _schema_of(item, "", definitions)}
    if attrs.has(hint):
        definitions.setdefault(hint.__name__, None)
        definitions[hint.__name__] = _record_schema(hint, definitions)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    raise TypeError(f"no schema for {hint!r}")


def _record_schema(kind: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for spec in file_fields(kind):
        properties[spec.name] = _schema_of(spec.inner, spec.name, definitions)
        if spec.required_in_files:
            required.append(spec.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if kind is not Prediction and {"prediction", "question"} <= properties.keys():
        # An outcome or a reference is of a prediction or of a question: exactly one of the two.
        schema["oneOf"] = [{"required": ["prediction"]}, {"required": ["question"]}]
    return schema


def ledger_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every file under `predictions/` satisfies."""
    definitions: dict[str, Any] = {}

    def array_of(kind: type) -> dict[str, Any]:
        return {"type": "array", "items": _schema_of(kind, "", definitions)}

    properties = {
        kind.name: array_of(kind.type) if kind.many else _schema_of(kind.type, "", definitions)
        for kind in KINDS
    }
    # The order files have always been described in: [source], then the arrays.
    order = ("source", "prediction", "outcome", "author", "sector", "question", "reference")
    properties = {name: properties[name] for name in order}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "predictledger ledger file",
        "description": "A TOML file under predictions/: see docs/format.md.",
        "type": "object",
        "properties": properties,
        "dependentRequired": {"prediction": ["source"]},
        "additionalProperties": False,
        "$defs": dict(sorted(definitions.items())),
    }


def render_schema() -> str:
    return json.dumps(ledger_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render_schema(), end="")
