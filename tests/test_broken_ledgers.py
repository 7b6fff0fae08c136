"""A catalogue of broken ledgers: each one is a small change to a sound ledger.

For every case `predictledger check` must print exactly the expected `path:line: message`
lines, exit with status 1, print no traceback and leave every file as it was. The sound ledger
lives in `tests/broken/base/`; each case copies it and breaks one thing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from attrs import frozen

from predictledger._checks import check
from predictledger._cli import main
from predictledger._loader import Limits, load, read_ledger
from predictledger.errors import LedgerError

BASE = Path(__file__).parent / "broken" / "base"
AUTHORS = "predictions/authors.toml"
SECTORS = "predictions/sectors.toml"
SOURCE = "predictions/sources/techflow-2024-outlook.toml"
OUTCOMES = "predictions/outcomes/techflow-2024-outlook.toml"
SEED = "seeds/techflow-2024-outlook.txt"

Change = Callable[[Path], None]


def replace(name: str, old: str, new: str) -> Change:
    """Replace the one occurrence of `old` in a file of the ledger."""

    def change(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        # A case whose anchor vanished from the base would silently test nothing.
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return change


def append(name: str, text: str) -> Change:
    def change(root: Path) -> None:
        with (root / name).open("a", encoding="utf-8") as file:
            file.write(text)

    return change


def write(name: str, content: str | bytes) -> Change:
    def change(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)

    return change


def outside(name: str, content: str) -> Change:
    """A file next to the ledger root, outside it: what a symbolic link may point to."""

    def change(root: Path) -> None:
        (root.parent / name).write_text(content, encoding="utf-8")

    return change


def symlink(link: str, target: str) -> Change:
    def change(root: Path) -> None:
        (root / link).symlink_to(target)

    return change


def sized(name: str, size: int) -> Change:
    """A file of `size` bytes, sparse, so that a huge file costs no time to make."""

    def change(root: Path) -> None:
        with (root / name).open("wb") as file:
            file.write(b"# padding\n")
            file.truncate(size)

    return change


def both(*changes: Change) -> Change:
    def change(root: Path) -> None:
        for each in changes:
            each(root)

    return change


@frozen
class Case:
    id: str
    change: Change
    expected: tuple[str, ...]
    args: tuple[str, ...] = ()


ORPHAN = """\
[[prediction]]
id = "orphan"
author = "zixi-eth"
claim = "Someone will predict something."
quote = "Selon moi"
horizon = { phrase = "en 2024", start = 2024-01-01 }
sector = "markets"
"""

LONG_NAME = "seeds/" + "a" * 5000 + ".txt"

OUTCOME_3 = """
[[outcome]]
id = "zixi-2024-l2-competition-r2"
prediction = "zixi-2024-l2-competition"
verdict = "false"
resolved_on = 2025-02-01
evidence = ["A second look at the 2024 fee data."]
digest = "sha256:232ccc82ba891f331accb3dd9d5854dac30c81d81d3003dd7f7c32bbb71ddddd"
"""

CASES: list[Case] = [
    # -- malformed TOML ---------------------------------------------------------------------
    Case(
        "unclosed-string",
        replace(SOURCE, 'publisher = "TechFlow"', 'publisher = "TechFlow'),
        (
            "predictions/sources/techflow-2024-outlook.toml:4: TOML syntax error: a string "
            "is not closed on this line: add the closing quote, or use triple quotes for text "
            "over several lines",
        ),
    ),
    Case(
        "unclosed-multiline-string",
        replace(SOURCE, 'claim = "The US stock', 'claim = """The US stock'),
        (
            "predictions/sources/techflow-2024-outlook.toml:28: TOML syntax error: the "
            'multi-line string opened on this line is never closed; add the closing """ or '
            "''' (prediction 'zixi-us-market-correction' at line 24 is left out until this "
            "is fixed)",
        ),
    ),
    Case(
        "missing-equals",
        replace(SOURCE, 'language = "fr"', 'language "fr"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:6: TOML syntax error: Expected "
            "'=' after a key in a key/value pair",
        ),
    ),
    Case(
        "duplicate-key",
        replace(SOURCE, 'language = "fr"\n', 'language = "fr"\nlanguage = "en"\n'),
        (
            "predictions/sources/techflow-2024-outlook.toml:7: TOML syntax error: the key "
            "language is already set above in this table; keep one (a dotted key such as "
            "horizon.start and an inline table horizon = { ... } cannot both give the same "
            "key)",
        ),
    ),
    Case(
        "table-declared-twice",
        append(SOURCE, '\n[source]\nnote = "again"\n'),
        (
            "predictions/sources/techflow-2024-outlook.toml:58: TOML syntax error: the "
            "table [source] is declared twice; merge the two",
        ),
    ),
    Case(
        "bad-array-header",
        replace(OUTCOMES, '[[outcome]]\nid = "zixi-us', '[[outcome]\nid = "zixi-us'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: TOML syntax error: Expected "
            "']]' at the end of an array declaration (outcome 'zixi-us-market-correction-r1' "
            "at line 9 is left out until this is fixed)",
        ),
    ),
    Case(
        "bad-table-header",
        replace(SOURCE, "[source]", "[source"),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: TOML syntax error: Expected "
            "']' at the end of a table declaration",
        ),
    ),
    Case(
        "invalid-escape",
        replace(SOURCE, "Perspectives 2024 :", "Perspectives\\q2024 :"),
        (
            "predictions/sources/techflow-2024-outlook.toml:3: TOML syntax error: Unescaped "
            "'\\' in a string; \\q is not an escape: write \\\\ for a backslash",
        ),
    ),
    Case(
        "toml-1.1-escape-e",
        replace(SOURCE, "Perspectives 2024 :", "Perspectives\\e2024 :"),
        (
            "predictions/sources/techflow-2024-outlook.toml:3: TOML syntax error: Unescaped "
            "'\\' in a string; \\e is TOML 1.1, and ledgers are TOML 1.0: write \\u001b",
        ),
    ),
    Case(
        "toml-1.1-escape-x",
        replace(SOURCE, "Perspectives 2024 :", "Perspectives\\x412024 :"),
        (
            "predictions/sources/techflow-2024-outlook.toml:3: TOML syntax error: Unescaped "
            "'\\' in a string; \\x41 is TOML 1.1, and ledgers are TOML 1.0: write \\u0041",
        ),
    ),
    Case(
        "toml-1.1-time-without-seconds",
        replace(OUTCOMES, "resolved_on = 2025-01-15", "resolved_on = 2025-01-15T10:30"),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:5: TOML syntax error: Expected "
            "newline or end of document after a statement; a time without seconds is TOML "
            "1.1, and ledgers are TOML 1.0; ledger dates take no time at all: write "
            "2025-01-15 (outcome 'zixi-2024-l2-competition-r1' at line 1 is left out until "
            "this is fixed)",
        ),
    ),
    Case(
        "toml-1.1-multiline-inline-table",
        replace(SOURCE, 'phrase = "d\'ici 2026", start', 'phrase = "d\'ici 2026",\n  start'),
        (
            "predictions/sources/techflow-2024-outlook.toml:54: TOML syntax error: Invalid "
            "initial character for a key part; an inline table { ... } must stay on one "
            "line in TOML 1.0: write it on one line or as a [table] (prediction "
            "'zixi-defi-comeback' at line 48 is left out until this is fixed)",
        ),
    ),
    Case(
        "toml-1.1-trailing-comma",
        replace(SOURCE, 'basis = "stated" }', 'basis = "stated", }'),
        (
            "predictions/sources/techflow-2024-outlook.toml:56: TOML syntax error: Invalid "
            "initial character for a key part; TOML 1.0 allows no comma after the last "
            "entry of an inline table (prediction 'zixi-defi-comeback' at line 48 is left "
            "out until this is fixed)",
        ),
    ),
    Case(
        "calendar-date-rejected-by-toml",
        replace(OUTCOMES, "resolved_on = 2025-01-15", "resolved_on = 2024-02-30"),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:5: TOML syntax error: 2024-02-30 "
            "is not a day of the calendar; write a real date (outcome "
            "'zixi-2024-l2-competition-r1' at line 1 is left out until this is fixed)",
        ),
    ),
    Case(
        "integer-too-long",
        replace(SOURCE, "value = 0.9", "value = " + "9" * 5000),
        (
            "predictions/sources/techflow-2024-outlook.toml:56: holds an integer too long "
            "to read; no field of a ledger needs one",
        ),
    ),
    # -- wrong types ------------------------------------------------------------------------
    Case(
        "id-integer",
        replace(AUTHORS, 'id = "marie-lefort"', "id = 123"),
        (
            "predictions/authors.toml:7: author #2: field 'id': expected a string, got an "
            "integer (123); put text in quotes",
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'author': unknown author 'marie-lefort'; add it "
            "to the author registry or correct the id",
        ),
    ),
    Case(
        "probability-value-string",
        replace(SOURCE, "value = 0.9", 'value = "0.9"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:56: prediction "
            "'zixi-defi-comeback': field 'probability.value': expected a number, got the "
            'string "0.9"; write numbers without quotes',
        ),
    ),
    Case(
        "probability-string-not-table",
        replace(SOURCE, 'probability = { value = 0.9, basis = "stated" }', 'probability = "0.9"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:56: prediction "
            "'zixi-defi-comeback': field 'probability': expected a table, got the string "
            '"0.9"',
        ),
    ),
    Case(
        "probability-number-not-table",
        replace(SOURCE, 'probability = { value = 0.9, basis = "stated" }', "probability = 0.9"),
        (
            "predictions/sources/techflow-2024-outlook.toml:56: prediction "
            "'zixi-defi-comeback': field 'probability': expected a table, got a float (0.9)",
        ),
    ),
    Case(
        "tags-string",
        replace(SOURCE, 'tags = ["ethereum", "scaling"]', 'tags = "ab"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:21: prediction "
            "'zixi-2024-l2-competition': field 'tags': expected an array of strings, got "
            'the string "ab"; write ["ab"]',
        ),
    ),
    Case(
        "date-as-string",
        replace(OUTCOMES, "resolved_on = 2025-01-15", 'resolved_on = "2025-01-15"'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:5: outcome "
            "'zixi-2024-l2-competition-r1': field 'resolved_on': expected a date, got the "
            'string "2025-01-15"; write it without quotes: 2025-01-15',
        ),
    ),
    Case(
        "date-time-not-date",
        replace(OUTCOMES, "resolved_on = 2025-01-15", "resolved_on = 2025-01-15T09:00:00"),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:5: outcome "
            "'zixi-2024-l2-competition-r1': field 'resolved_on': expected a date such as "
            "2024-12-31, got a date-time (2025-01-15 09:00:00)",
        ),
    ),
    Case(
        "table-instead-of-string",
        replace(SOURCE, 'publisher = "TechFlow"', 'publisher = { name = "TechFlow" }'),
        (
            "predictions/sources/techflow-2024-outlook.toml:4: source "
            "'techflow-2024-outlook': field 'publisher': expected a string, got a table",
        ),
    ),
    Case(
        "evidence-string",
        replace(
            OUTCOMES,
            '["The S&P 500 fell about 5% in April 2024, short of a 10% correction."]',
            '"The S&P 500 fell about 5% in April 2024, short of a 10% correction."',
        ),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:15: outcome "
            "'zixi-us-market-correction-r1': field 'evidence': expected an array of "
            'strings, got the string "The S&P 500 fell about 5% in April 20..."; write '
            '["The S&P 500 fell about 5% in April 2024, short of a 10% correction."]',
        ),
    ),
    Case(
        "unknown-verdict",
        replace(OUTCOMES, 'verdict = "true"', 'verdict = "correct"'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:4: outcome "
            "'zixi-2024-l2-competition-r1': field 'verdict': \"correct\" is not one of "
            '"true", "false", "partial", "void", "ambiguous"',
        ),
    ),
    Case(
        "misspelt-kind",
        replace(SOURCE, 'kind = "abstention"', 'kind = "abstension"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:42: prediction "
            "'zixi-ether-2030': field 'kind': \"abstension\" is not one of \"forecast\", "
            '"commitment", "abstention", "stance" (did you mean \'abstention\'?)',
        ),
    ),
    # -- missing and unknown fields ---------------------------------------------------------
    Case(
        "missing-claim",
        replace(
            SOURCE,
            'claim = "Decentralised finance will be back in favour by the end of 2026."\n',
            "",
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'claim': required field is missing",
        ),
    ),
    Case(
        "missing-author-name",
        replace(AUTHORS, 'name = "Marie Lefort"\n', ""),
        (
            "predictions/authors.toml:6: author 'marie-lefort': field 'name': required "
            "field is missing",
        ),
    ),
    Case(
        "missing-verdict",
        replace(OUTCOMES, 'verdict = "partial"\n', ""),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome "
            "'zixi-us-market-correction-r1': field 'verdict': required field is missing",
        ),
    ),
    Case(
        "misspelt-field",
        replace(SOURCE, "probability = { value = 0.9", "probabilty = { value = 0.9"),
        (
            "predictions/sources/techflow-2024-outlook.toml:56: prediction "
            "'zixi-defi-comeback': field 'probabilty': unknown field 'probabilty' (did you "
            "mean 'probability'?)",
        ),
    ),
    Case(
        "misspelt-nested-field",
        replace(SOURCE, "start = 2030-01-01, end", "start = 2030-01-01, ends"),
        (
            "predictions/sources/techflow-2024-outlook.toml:45: prediction "
            "'zixi-ether-2030': field 'horizon.ends': unknown field 'ends' (did you mean "
            "'end'?)",
        ),
    ),
    Case(
        "misspelt-top-level-table",
        replace(SOURCE, '[[prediction]]\nid = "zixi-defi', '[[predictions]]\nid = "zixi-defi'),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: unknown table [predictions] "
            "(did you mean 'prediction'?); a ledger file holds [source], [[prediction]], "
            "[[outcome]], [[question]], [[reference]], [[author]] or [[sector]] tables",
        ),
    ),
    # -- dates ------------------------------------------------------------------------------
    Case(
        "published-not-a-calendar-date",
        replace(SOURCE, 'published = "2023-12"', 'published = "2023-02-30"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:5: source "
            "'techflow-2024-outlook': field 'published': '2023-02-30' is not a calendar "
            "date: day is out of range for month",
        ),
    ),
    Case(
        "published-in-words",
        replace(SOURCE, 'published = "2023-12"', 'published = "December 2023"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:5: source "
            "'techflow-2024-outlook': field 'published': expected a date (2025-04-03), a "
            'month ("2025-04"), a year ("2025") or a range { earliest = 2025-04-03, latest = '
            '2025-04-30, reason = "..." }, got the string "December 2023"',
        ),
    ),
    Case(
        "horizon-end-before-start",
        replace(
            SOURCE, "start = 2024-01-01, end = 2026-12-31", "start = 2026-12-31, end = 2024-01-01"
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'horizon.end': ends on 2024-01-01, before it "
            "starts on 2026-12-31",
        ),
    ),
    Case(
        "horizon-before-made-on",
        replace(
            SOURCE,
            'end = 2026-12-31 }\nsector = "markets"',
            'end = 2026-12-31 }\nmade_on = 2027-01-02\nsector = "markets"',
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'horizon.end': the horizon ends on 2026-12-31, "
            "before the claim was made on 2027-01-02: a prediction is about the future",
        ),
    ),
    Case(
        "outcome-before-made-on",
        replace(OUTCOMES, "resolved_on = 2024-07-01", "resolved_on = 2023-12-01"),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome "
            "'zixi-us-market-correction-r1': field 'resolved_on': 2023-12-01 is before "
            "prediction 'zixi-us-market-correction' could have been made (2023-12-15)",
        ),
    ),
    # -- numbers ----------------------------------------------------------------------------
    Case(
        "probability-nan",
        replace(SOURCE, "value = 0.9", "value = nan"),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'probability.value': nan is not a finite number; "
            "give a probability between 0 and 1",
        ),
    ),
    Case(
        "probability-inf",
        replace(SOURCE, "value = 0.9", "value = inf"),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'probability.value': inf is not a finite number; "
            "give a probability between 0 and 1",
        ),
    ),
    Case(
        "probability-negative",
        replace(SOURCE, "value = 0.9", "value = -0.1"),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'probability.value': -0.1 is outside [0, 1]; write "
            "probabilities as fractions, 0.7 not 70",
        ),
    ),
    Case(
        "probability-over-one",
        replace(SOURCE, "value = 0.9", "value = 1.5"),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'probability.value': 1.5 is outside [0, 1]; write "
            "probabilities as fractions, 0.7 not 70",
        ),
    ),
    Case(
        "probability-as-percent",
        replace(SOURCE, "value = 0.9", "value = 90"),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'probability.value': 90.0 is outside [0, 1]; write "
            "probabilities as fractions, 0.7 not 70",
        ),
    ),
    Case(
        "credit-out-of-range",
        replace(OUTCOMES, "credit = 0.5", "credit = -0.2"),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome "
            "'zixi-us-market-correction-r1': field 'credit': -0.2 is outside [0, 1]; write "
            "probabilities as fractions, 0.7 not 70",
        ),
    ),
    # -- identity and references ------------------------------------------------------------
    Case(
        "duplicate-id-across-files",
        write("predictions/more-authors.toml", '[[author]]\nid = "zixi-eth"\nname = "Zixi"\n'),
        (
            "predictions/more-authors.toml:1: author 'zixi-eth': field 'id': the id is "
            "already used by the author at predictions/authors.toml:1; ids must be unique",
        ),
    ),
    Case(
        "duplicate-prediction-id",
        replace(SOURCE, 'id = "zixi-defi-comeback"', 'id = "zixi-ether-2030"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-ether-2030': field 'id': the id is already used by the prediction at "
            "predictions/sources/techflow-2024-outlook.toml:39; ids must be unique",
        ),
    ),
    Case(
        "unknown-author",
        replace(
            SOURCE,
            'author = "zixi-eth"\nclaim = "Decentralised',
            'author = "zixi-et"\nclaim = "Decentralised',
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'author': unknown author 'zixi-et' (did you mean "
            "'zixi-eth'?); add it to the author registry or correct the id",
        ),
    ),
    Case(
        "unknown-author-in-people",
        replace(SOURCE, 'author = "marie-lefort"', 'author = "marie-lefor"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'author': unknown author 'marie-lefor' (did you "
            "mean 'marie-lefort'?); add it to the author registry or correct the id",
        ),
    ),
    Case(
        "unknown-sector",
        replace(SOURCE, 'sector = "layer-2"', 'sector = "layer2"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:13: prediction "
            "'zixi-2024-l2-competition': field 'sector': unknown sector 'layer2' (did you "
            "mean 'layer-2'?); add it to the sector registry or correct the id",
        ),
    ),
    Case(
        "unknown-prediction",
        replace(
            OUTCOMES,
            'prediction = "zixi-us-market-correction"',
            'prediction = "zixi-us-market-corection"',
        ),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome "
            "'zixi-us-market-correction-r1': field 'prediction': unknown prediction "
            "'zixi-us-market-corection' (did you mean 'zixi-us-market-correction'?)",
        ),
    ),
    Case(
        "unknown-superseded-outcome",
        append(OUTCOMES, OUTCOME_3 + 'supersedes = "zixi-2024-l2-competition-r9"\n'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:18: outcome "
            "'zixi-2024-l2-competition-r2': field 'supersedes': prediction "
            "'zixi-2024-l2-competition' already has outcome 'zixi-2024-l2-competition-r1' "
            "at predictions/outcomes/techflow-2024-outlook.toml:1; a correction says "
            'supersedes = "zixi-2024-l2-competition-r1"',
            "predictions/outcomes/techflow-2024-outlook.toml:18: outcome "
            "'zixi-2024-l2-competition-r2': field 'supersedes': unknown outcome "
            "'zixi-2024-l2-competition-r9'",
        ),
    ),
    Case(
        "supersedes-another-predictions-outcome",
        append(OUTCOMES, OUTCOME_3 + 'supersedes = "zixi-us-market-correction-r1"\n'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:18: outcome "
            "'zixi-2024-l2-competition-r2': field 'supersedes': outcome "
            "'zixi-us-market-correction-r1' resolves prediction "
            "'zixi-us-market-correction', not 'zixi-2024-l2-competition'; a correction "
            "supersedes an outcome of the same prediction",
            "predictions/outcomes/techflow-2024-outlook.toml:18: outcome "
            "'zixi-2024-l2-competition-r2': field 'supersedes': prediction "
            "'zixi-2024-l2-competition' already has outcome 'zixi-2024-l2-competition-r1' "
            "at predictions/outcomes/techflow-2024-outlook.toml:1; a correction says "
            'supersedes = "zixi-2024-l2-competition-r1"',
        ),
    ),
    Case(
        "id-with-path-separator",
        replace(AUTHORS, 'id = "marie-lefort"', 'id = "people/marie-lefort"'),
        (
            "predictions/authors.toml:6: author 'people/marie-lefort': field 'id': "
            "'people/marie-lefort' looks like a path; ids are slugs, never paths",
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'author': unknown author 'marie-lefort' (did "
            "you mean 'people/marie-lefort'?); add it to the author registry or correct the "
            "id",
        ),
    ),
    Case(
        "id-with-dot-dot",
        replace(OUTCOMES, 'id = "zixi-us-market-correction-r1"', 'id = "../zixi-us-market-r1"'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome "
            "'../zixi-us-market-r1': field 'id': '../zixi-us-market-r1' looks like a path; "
            "ids are slugs, never paths",
        ),
    ),
    Case(
        "id-with-line-break",
        replace(OUTCOMES, 'id = "zixi-us-market-correction-r1"', 'id = "r1\\nfake.toml:1: ok"'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome 'r1\\nfake.toml:1: "
            "ok': field 'id': 'r1\\nfake.toml:1: ok' is not a slug (use lowercase ascii "
            "letters, digits and single hyphens)",
        ),
    ),
    Case(
        "id-not-a-slug",
        replace(SECTORS, 'id = "layer-2"', 'id = "Layer_2"'),
        (
            "predictions/sectors.toml:1: sector 'Layer_2': field 'id': 'Layer_2' is not a "
            "slug (use lowercase ascii letters, digits and single hyphens)",
            "predictions/sources/techflow-2024-outlook.toml:13: prediction "
            "'zixi-2024-l2-competition': field 'sector': unknown sector 'layer-2' (did you "
            "mean 'Layer_2'?); add it to the sector registry or correct the id",
        ),
    ),
    # -- encodings and sizes ----------------------------------------------------------------
    Case(
        "not-utf-8",
        write(SECTORS, (BASE / SECTORS).read_bytes().replace(b"Markets", b"March\xe9s")),
        (
            "predictions/sectors.toml:8: is not valid UTF-8 (byte 0xe9 at column 14); save "
            "the file as UTF-8",
        ),
    ),
    Case(
        "empty-file",
        write("predictions/empty.toml", ""),
        (
            "predictions/empty.toml: is empty; remove it or add tables such as [source] or "
            "[[outcome]]",
        ),
    ),
    Case(
        "file-over-configured-limit",
        write("predictions/big.toml", "# " + "x" * 4000 + "\n"),
        (
            "predictions/big.toml: is 4,003 bytes, over the limit of 3,072; split it into "
            "smaller files (one per source) or raise the limit (check --max-file-size, "
            "Limits.max_file_bytes)",
        ),
        ("--max-file-size", "3K"),
    ),
    Case(
        "file-over-default-limit",
        sized("predictions/huge.toml", 16 * 1024 * 1024 + 1),
        (
            "predictions/huge.toml: is 16,777,217 bytes, over the limit of 16,777,216; "
            "split it into smaller files (one per source) or raise the limit (check "
            "--max-file-size, Limits.max_file_bytes)",
        ),
    ),
    Case(
        "nested-over-max-depth",
        write(
            "predictions/deep.toml",
            '[[author]]\nid = "deep"\nname = "Deep"\naliases = '
            + "[" * 20
            + '"x"'
            + "]" * 20
            + "\n",
        ),
        (
            "predictions/deep.toml:4: nests arrays or inline tables more than 16 levels "
            "deep, over the limit of 16; the ledger format needs no more than 4",
        ),
    ),
    Case(
        "nested-tables-and-arrays",
        write(
            "predictions/deep.toml",
            '[[author]]\nid = "deep"\nname = "Deep"\naliases = '
            + "[" * 15
            + '"x"'
            + "]" * 15
            + "\n",
        ),
        (
            "predictions/deep.toml:4: is nested 18 levels deep, over the limit of 16; the "
            "ledger format needs no more than 4",
        ),
    ),
    Case(
        "dotted-key-100000-parts",
        write(
            "predictions/deep.toml",
            '[[author]]\nid = "deep"\nname = "Deep"\nx' + ".x" * 100_000 + " = 1\n",
        ),
        (
            "predictions/deep.toml:4: has a dotted key of more than 16 parts, over the "
            "nesting limit of 16; the ledger format needs no more than 4",
        ),
    ),
    Case(
        "nested-100000-levels",
        write("predictions/deep.toml", "a = " + "[" * 100_000 + "\n"),
        (
            "predictions/deep.toml:1: nests arrays or inline tables more than 16 levels "
            "deep, over the limit of 16; the ledger format needs no more than 4",
        ),
    ),
    Case(
        "nested-inline-tables",
        write("predictions/deep.toml", "a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n"),
        (
            "predictions/deep.toml:1: nests arrays or inline tables more than 16 levels "
            "deep, over the limit of 16; the ledger format needs no more than 4",
        ),
    ),
    # -- paths ------------------------------------------------------------------------------
    Case(
        "text-escapes-root",
        replace(
            SOURCE, 'text = "seeds/techflow-2024-outlook.txt"', 'text = "seeds/../../outside.txt"'
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'text': 'seeds/../../outside.txt' leaves the "
            "ledger root through '..'; keep source texts under seeds/",
        ),
    ),
    Case(
        "text-absolute",
        replace(SOURCE, 'text = "seeds/techflow-2024-outlook.txt"', 'text = "/etc/passwd"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'text': '/etc/passwd' is an absolute path; give "
            "a path relative to the ledger root",
        ),
    ),
    Case(
        "text-symlink-outside",
        both(
            outside("outside.txt", (BASE / SEED).read_text(encoding="utf-8")),
            symlink("seeds/link.txt", "../../outside.txt"),
            replace(SOURCE, 'text = "seeds/techflow-2024-outlook.txt"', 'text = "seeds/link.txt"'),
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'text': 'seeds/link.txt' resolves outside the "
            "ledger root (through a symbolic link); keep source texts inside it",
        ),
    ),
    Case(
        "text-with-control-character",
        replace(
            SOURCE,
            'text = "seeds/techflow-2024-outlook.txt"',
            'text = "seeds/techflow-2024-outlook.txt\\u0000.pdf"',
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'text': "
            "'seeds/techflow-2024-outlook.txt\\x00.pdf' holds a control or invisible "
            "character; give a plain relative path",
        ),
    ),
    Case(
        "text-name-too-long",
        replace(SOURCE, f'text = "{SEED}"', f'text = "{LONG_NAME}"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            f"'techflow-2024-outlook': field 'text': '{LONG_NAME}' cannot be resolved: File "
            "name too long",
        ),
    ),
    Case(
        "text-not-utf-8",
        write(SEED, "Le march\xe9 am\xe9ricain".encode("latin-1")),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'text': 'seeds/techflow-2024-outlook.txt' is "
            "not UTF-8 text",
        ),
    ),
    Case(
        "text-missing",
        replace(SOURCE, 'text = "seeds/techflow-2024-outlook.txt"', 'text = "seeds/missing.txt"'),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: source "
            "'techflow-2024-outlook': field 'text': 'seeds/missing.txt' names no file; copy "
            "the source's full text there",
        ),
    ),
    Case(
        "ledger-file-symlink-outside",
        both(
            outside("outside.toml", '[[sector]]\nid = "defi"\nname = "DeFi"\n'),
            symlink("predictions/defi.toml", "../../outside.toml"),
        ),
        (
            "predictions/defi.toml: is a symbolic link or lies outside the ledger root; "
            "ledger files must be regular files inside it",
        ),
    ),
    Case(
        "ledger-file-is-a-directory",
        write("predictions/odd.toml/keep.txt", "x"),
        (
            "predictions/odd.toml: is a folder or a special file, not a regular file; "
            "rename it so that its name does not end in .toml",
        ),
    ),
    # -- outcomes ---------------------------------------------------------------------------
    Case(
        "two-outcomes-without-supersedes",
        append(OUTCOMES, OUTCOME_3),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:18: outcome "
            "'zixi-2024-l2-competition-r2': field 'supersedes': prediction "
            "'zixi-2024-l2-competition' already has outcome 'zixi-2024-l2-competition-r1' "
            "at predictions/outcomes/techflow-2024-outlook.toml:1; a correction says "
            'supersedes = "zixi-2024-l2-competition-r1"',
        ),
    ),
    Case(
        "digest-mismatch",
        replace(SOURCE, "will be intense in 2024.", "will be fierce in 2024."),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:1: outcome "
            "'zixi-2024-l2-competition-r1': field 'digest': goalposts moved: prediction "
            "'zixi-2024-l2-competition' changed since this verdict; restore it or supersede "
            "this outcome",
        ),
    ),
    Case(
        "digest-malformed",
        replace(OUTCOMES, '"sha256:cf70a7e8', '"sha1:cf70a7e8'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome "
            "'zixi-us-market-correction-r1': field 'digest': "
            "'sha1:cf70a7e87de9b7acd585490e639e8e05cc70a1ffbbd3f36a5405eb1f88919682' is not "
            "'sha256:' and 64 hex digits; `predictledger resolve` computes it",
        ),
    ),
    Case(
        "partial-without-credit",
        replace(OUTCOMES, "credit = 0.5\n", ""),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome "
            "'zixi-us-market-correction-r1': field 'credit': a partial verdict needs a "
            "credit in [0, 1]: the share that came true",
        ),
    ),
    Case(
        "credit-on-true-verdict",
        replace(OUTCOMES, 'verdict = "true"\n', 'verdict = "true"\ncredit = 1.0\n'),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:1: outcome "
            "'zixi-2024-l2-competition-r1': field 'credit': only a partial verdict has a "
            "credit, not 'true'",
        ),
    ),
    Case(
        "empty-evidence",
        replace(
            OUTCOMES,
            'evidence = ["The S&P 500 fell about 5% in April 2024, short of a 10% correction."]',
            "evidence = []",
        ),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:9: outcome "
            "'zixi-us-market-correction-r1': field 'evidence': cite at least one piece of "
            "evidence, and no empty ones",
        ),
    ),
    Case(
        "outcome-of-abstention",
        append(
            OUTCOMES,
            OUTCOME_3.replace("zixi-2024-l2-competition", "zixi-ether-2030").replace(
                "232ccc82ba891f331accb3dd9d5854dac30c81d81d3003dd7f7c32bbb71ddddd",
                "0f6602656630924fc8b04cd9694dd4adbba238144fabded674e495320dd0f5e3",
            ),
        ),
        (
            "predictions/outcomes/techflow-2024-outlook.toml:18: outcome "
            "'zixi-ether-2030-r2': field 'prediction': prediction 'zixi-ether-2030' is an "
            "abstention; it is never resolved",
        ),
    ),
    # -- claims -----------------------------------------------------------------------------
    Case(
        "quote-not-in-text",
        replace(SOURCE, "la DeFi reviendra en force", "la DeFi reviendra très fort"),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'quote': does not occur in the text of source "
            "'techflow-2024-outlook' (seeds/techflow-2024-outlook.txt); copy it verbatim "
            "(only whitespace, Unicode form and apostrophes may differ)",
        ),
    ),
    Case(
        "hedge-not-in-quote",
        replace(
            SOURCE,
            'basis = "stated" }',
            'basis = "hedge", hedge = "sans doute", scale = "kent-1964" }',
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'probability.hedge': the hedge 'sans doute' does "
            "not occur in the quote",
        ),
    ),
    Case(
        "abstention-with-probability",
        replace(
            SOURCE,
            'kind = "abstention"\n',
            'kind = "abstention"\nprobability = { value = 0.1, basis = "judgement", note = "?" }\n',
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:39: prediction "
            "'zixi-ether-2030': field 'probability': an abstention is never scored; remove "
            "its probability",
        ),
    ),
    Case(
        "forecast-without-resolution",
        replace(
            SOURCE,
            'resolution = "True if the total value locked',
            'note = "Left unresolved: true if the total value locked',
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'resolution': a forecast needs resolution "
            "criteria: what would make it true or false",
        ),
    ),
    Case(
        "judgement-without-note",
        replace(SOURCE, 'basis = "stated" }', 'basis = "judgement" }'),
        (
            "predictions/sources/techflow-2024-outlook.toml:48: prediction "
            "'zixi-defi-comeback': field 'probability.note': a judgement says why in a note",
        ),
    ),
    # -- file structure ---------------------------------------------------------------------
    Case(
        "prediction-without-source",
        write("predictions/sources/orphan.toml", ORPHAN),
        (
            "predictions/sources/orphan.toml:1: [[prediction]] tables need the [source] "
            "they come from in the same file",
        ),
    ),
    Case(
        "source-as-array",
        replace(SOURCE, "[source]", "[[source]]"),
        (
            "predictions/sources/techflow-2024-outlook.toml:1: a file holds one [source] "
            "table, not an array; give each source its own file",
        ),
    ),
    Case(
        "unknown-top-level-table",
        append(SECTORS, '\n[settings]\ncurrency = "EUR"\n'),
        (
            "predictions/sectors.toml:10: unknown table [settings]; a ledger file holds "
            "[source], [[prediction]], [[outcome]], [[question]], [[reference]], [[author]] or "
            "[[sector]] tables",
        ),
    ),
    Case(
        "prediction-with-source-field",
        replace(
            SOURCE,
            'id = "zixi-defi-comeback"\n',
            'id = "zixi-defi-comeback"\nsource = "techflow-2024-outlook"\n',
        ),
        (
            "predictions/sources/techflow-2024-outlook.toml:50: prediction "
            "'zixi-defi-comeback': field 'source': remove it; a prediction belongs to the "
            "[source] of its file",
        ),
    ),
]


def _snapshot(folder: Path) -> dict[str, object]:
    """Every file and link under `folder`: links by target, files by content digest."""
    state: dict[str, object] = {}
    for directory, subdirectories, files in os.walk(folder):
        for name in [*subdirectories, *files]:
            path = Path(directory, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                state[key] = ("link", os.readlink(path))
            elif path.is_file():
                state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def _ledger(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    shutil.copytree(BASE, root)
    return root


def test_the_base_ledger_is_sound(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _ledger(tmp_path)
    assert main(["check", str(root)]) == 0
    assert capsys.readouterr().out == "1 sources, 4 predictions, 2 outcomes: ok\n"


def test_the_catalogue_is_large_and_its_ids_distinct() -> None:
    ids = [case.id for case in CASES]
    assert len(set(ids)) == len(ids)
    assert len(ids) >= 45


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_check_names_file_line_and_fix(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _ledger(tmp_path)
    case.change(root)
    before = _snapshot(tmp_path)

    status = main(["check", *case.args, str(root)])

    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err == ""
    *problems, summary = out.splitlines()
    assert problems == list(case.expected)
    count = len(case.expected)
    assert summary.endswith(f": {count} problem{'s' if count != 1 else ''}")
    assert status == 1
    assert _snapshot(tmp_path) == before


# -- the reader's shortcuts ------------------------------------------------------------------


def _read_the_long_way(root: Path, path: Path, limits: Any) -> tuple[Any, ...]:
    # Depth checked before anything is structured, and every table through `structure_file`.
    from predictledger._read.file import depth_problems, read_file
    from predictledger._read.structure import structure_file

    tables = read_file(root, path, limits)
    if isinstance(tables, list):
        return (tuple(tables), None)
    too_deep = depth_problems(tables, limits)
    if too_deep:
        return (tuple(too_deep), None)
    records = structure_file(tables, limits)
    assert not isinstance(records, list)
    # A file read in part (a record with a syntax error left out) keeps that error's problem.
    return (tables.problems, records)


def _comparable(records: Any) -> Any:
    if records is None:
        return None
    kinds = ("sources", "authors", "sectors", "predictions", "outcomes")
    return (
        [(repr(r), r.origin) for kind in kinds for r in getattr(records, kind)],
        records.problems,
    )


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_file_reads_as_the_long_way_reads_it(case: Case, tmp_path: Path) -> None:
    """The reader defers the depth check to files the fast pass does not take, and looks for
    nested brackets only after a failed parse: the same problems and records as checking the
    depth first and structuring every table strictly."""
    from predictledger._paths import find_files
    from predictledger._read import read_one
    from predictledger._read.file import Limits, read_file, table_depth
    from predictledger._read.structure import structure_file

    root = _ledger(tmp_path)
    case.change(root)
    for limits in (Limits(), Limits(max_depth=3), Limits(max_depth=2)):
        for path in find_files(root):
            result = read_one(root, path, limits)
            problems, records = _read_the_long_way(root, path, limits)
            assert result.read_problems == problems, path
            if records is not None:
                assert _comparable(result.records) == _comparable(records), path
    # A file read with no problem at all is shallow by the format's shape.
    for path in find_files(root):
        tables = read_file(root, path)
        records = structure_file(tables) if not isinstance(tables, list) else None
        if records is not None and not isinstance(records, list) and not records.problems:
            assert not isinstance(tables, list)
            assert table_depth(tables.tables) <= 4


# -- limits --------------------------------------------------------------------------------


def test_load_takes_its_limits_from_the_caller(tmp_path: Path) -> None:
    root = _ledger(tmp_path)
    with pytest.raises(LedgerError) as small:
        load(root, limits=Limits(max_file_bytes=1_000))
    assert [str(problem) for problem in small.value.problems] == [
        "predictions/sources/techflow-2024-outlook.toml: is 2,233 bytes, over the limit of "
        "1,000; split it into smaller files (one per source) or raise the limit (check "
        "--max-file-size, Limits.max_file_bytes)",
    ]
    with pytest.raises(LedgerError) as shallow:
        load(root, limits=Limits(max_depth=3))
    # The format nests four deep: aliases, evidence, a source's people (tables in an array).
    assert [str(problem) for problem in shallow.value.problems] == [
        "predictions/authors.toml:4: is nested 4 levels deep, over the limit of 3; the "
        "ledger format needs no more than 4",
        "predictions/outcomes/techflow-2024-outlook.toml:6: is nested 4 levels deep, over "
        "the limit of 3; the ledger format needs no more than 4",
        "predictions/sources/techflow-2024-outlook.toml:8: is nested 4 levels deep, over the "
        "limit of 3; the ledger format needs no more than 4",
    ]
    assert check(load(root, limits=Limits(max_file_bytes=2_233, max_depth=4))) == []


@pytest.mark.parametrize("bound", [0, -1, 1.5, True, "16M"])
def test_limits_refuse_a_bound_that_is_not_a_positive_integer(bound: object) -> None:
    with pytest.raises(ValueError, match="must be a whole number above 0"):
        Limits(max_file_bytes=bound)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must be a whole number above 0"):
        Limits(max_depth=bound)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("size", "status"), [("2233", 0), ("2232", 1), ("3K", 0), ("2k", 1), ("1M", 0), ("1G", 0)]
)
def test_check_takes_a_maximum_file_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: str, status: int
) -> None:
    assert main(["check", "--max-file-size", size, str(_ledger(tmp_path))]) == status
    assert ("over the limit" in capsys.readouterr().out) == bool(status)


@pytest.mark.parametrize("size", ["0", "-5", "12MB", "lots", "", "1.5M"])
def test_a_bad_maximum_file_size_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: str
) -> None:
    assert main(["check", "--max-file-size", size, str(_ledger(tmp_path))]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"predictledger check: argument --max-file-size: '{size}' is not a size; give a "
        "number of bytes above 0, e.g. 100000 or 16M\n"
    )


def test_dots_inside_a_quote_are_not_a_dotted_key(tmp_path: Path) -> None:
    """The guard against keys of thousands of parts must not read the words of a string."""
    root = tmp_path / "ledger"
    shutil.copytree(BASE, root)
    source = next((root / "predictions").rglob("*.toml"))
    text = source.read_text(encoding="utf-8")
    dotted = "x, " + ".".join("abcdefghijklmnopqrstuvwxyz") + " and a # not a comment"
    source.write_text(
        text + f'\n# a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s in a comment\nzz = "{dotted}"\n',
        encoding="utf-8",
    )
    problems = [str(p) for p in read_ledger(root).problems]
    assert not any("dotted key" in p for p in problems), problems
    assert any("unknown field 'zz'" in p for p in problems), problems
