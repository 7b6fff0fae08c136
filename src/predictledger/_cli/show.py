"""`predictledger show ID`: everything the ledger holds about one prediction.

The claim and its words, who made it where and when, its window, its probability and where that
comes from, its condition, its status on the `--as-of` date, the outcome in force with its
evidence, every outcome it superseded, and the `file:line` of each record, so that the keeper
can open it. As text (each field on its own line, ledger text made terminal-safe) or as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from .._convert import to_table
from .._ledger import Ledger
from .._records import Dating, Outcome, Prediction, Probability
from .._score.status import status_of
from .._text import terminal_safe
from .._views.entries import find_prediction
from ._common import EXIT_OK, add_path_argument, parse_date, read_for_command, refusals

_LABEL = 15
"""The width of the labels of the text form, so that every value starts in one column."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the id of the prediction")
    add_path_argument(parser)
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="the day its status is given for, YYYY-MM-DD (default: today); outcomes "
        "recorded later are shown too, marked as later",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): one field a line; json: the records as data",
    )


@refusals()
def run(args: argparse.Namespace) -> int:
    as_of: dt.date = args.as_of or dt.date.today()
    ledger = read_for_command(args)
    prediction = find_prediction(ledger, args.id)
    if args.format == "json":
        text = json.dumps(show_data(ledger, prediction, as_of), ensure_ascii=False, indent=2)
        print(text)
    else:
        print(show_text(ledger, prediction, as_of), end="")
    return EXIT_OK


def _history(ledger: Ledger, prediction: Prediction) -> tuple[Outcome | None, list[Outcome]]:
    """The outcome in force (today) and the others recorded, in file order."""
    current = ledger.outcome(prediction.id)
    others = [o for o in ledger.outcomes_of(prediction.id) if o is not current]
    return current, others


def _superseded_by(ledger: Ledger, prediction: Prediction) -> dict[str, str]:
    """For each outcome of the prediction that a correction names, the correction's id."""
    return {o.supersedes: o.id for o in ledger.outcomes_of(prediction.id) if o.supersedes}


def _where(record: Prediction | Outcome) -> str | None:
    return None if record.origin is None else str(record.origin)


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def show_data(ledger: Ledger, prediction: Prediction, as_of: dt.date) -> dict[str, Any]:
    """The prediction and its outcomes as JSON-ready data."""
    current, others = _history(ledger, prediction)
    superseded_by = _superseded_by(ledger, prediction)

    def outcome(record: Outcome) -> dict[str, Any]:
        return {
            **_json_ready(to_table(record)),
            "superseded_by": superseded_by.get(record.id),
            "file": _where(record),
        }

    return {
        "prediction": {**_json_ready(to_table(prediction)), "file": _where(prediction)},
        "as_of": as_of.isoformat(),
        "status": status_of(ledger, prediction, as_of).value,
        "outcome": None if current is None else outcome(current),
        "history": [outcome(record) for record in others],
    }


def _name(ledger: Ledger, kind: str, key: str) -> str:
    lookup = {"author": ledger.author, "sector": ledger.sector, "source": ledger.source}[kind]
    try:
        record = lookup(key)
    except KeyError:
        return f"{key} (not in the ledger)"
    name = getattr(record, "title" if kind == "source" else "name")
    return f"{name} ({key})"


def _probability(probability: Probability | None) -> str | None:
    if probability is None:
        return None
    text = f"{probability.value:g} ({probability.basis.value}"
    if probability.hedge is not None:
        text += f': "{probability.hedge}"'
        if probability.scale is not None:
            text += f" on {probability.scale}"
            if probability.term is not None:
                text += f" as '{probability.term}'"
    text += ")"
    if probability.note is not None:
        text += f"; {probability.note}"
    return text


def _lines(fields: list[tuple[str, str | None]], indent: str = "") -> list[str]:
    lines = []
    for label, value in fields:
        if value is None:
            continue
        lines.append(f"{indent}{label:<{_LABEL}}{terminal_safe(value)}")
    return lines


def _outcome_lines(record: Outcome, heading: str, superseded_by: str | None) -> list[str]:
    evidence = list(record.evidence) or [""]
    credit = "" if record.credit is None else f" {record.credit:g}"
    fields: list[tuple[str, str | None]] = [
        ("verdict", record.verdict.value + credit),
        ("resolved on", record.resolved_on.isoformat()),
        ("evidence", evidence[0]),
        *(("", more) for more in evidence[1:]),
        ("note", record.note),
        ("supersedes", record.supersedes),
        ("superseded by", superseded_by),
        ("file", _where(record)),
    ]
    return ["", f"{heading}: {terminal_safe(record.id)}", *_lines(fields, "  ")]


def show_text(ledger: Ledger, prediction: Prediction, as_of: dt.date) -> str:
    """The prediction and its outcomes as lines of `label  value`."""
    status = status_of(ledger, prediction, as_of)
    horizon = prediction.horizon
    window = f"{horizon.start.isoformat()} to " + (
        horizon.end.isoformat() if horizon.end is not None else "open-ended"
    )
    fields: list[tuple[str, str | None]] = [
        ("status", f"{status.value} as of {as_of.isoformat()}"),
        ("claim", prediction.claim),
        ("quote", prediction.quote),
        ("resolution", prediction.resolution),
        ("condition", prediction.condition),
        ("horizon", f'"{horizon.phrase}": {window}'),
        ("probability", _probability(prediction.probability) or "none"),
        ("author", _name(ledger, "author", prediction.author)),
        ("source", _name(ledger, "source", prediction.source)),
        ("made on", _made_on(prediction.made_on)),
        ("sector", _name(ledger, "sector", prediction.sector)),
        ("kind", prediction.kind.value),
        ("tags", ", ".join(prediction.tags) or None),
        ("note", prediction.note),
        ("file", _where(prediction)),
    ]
    lines = [terminal_safe(prediction.id), *_lines(fields, "  ")]
    current, others = _history(ledger, prediction)
    superseded_by = _superseded_by(ledger, prediction)
    if current is None:
        lines += ["", "no outcome recorded"]
    else:
        later = " (recorded after the --as-of date)" if current.resolved_on > as_of else ""
        lines += _outcome_lines(current, f"outcome in force{later}", None)
    for record in reversed(others):
        lines += _outcome_lines(record, "earlier outcome", superseded_by.get(record.id))
    return "\n".join(lines) + "\n"


def _made_on(dating: Dating) -> str:
    if dating.reason is None:
        return dating.in_words()
    return f"{dating.in_words()} ({dating.reason})"
