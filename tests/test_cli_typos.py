"""Typos on the command line are answered with the closest command, option or value.

One mechanism (`_cli._parser.Parser`) serves every command: each case below goes through it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from predictledger._cli import COMMANDS, main
from tests.ledger_factory import make_ledger


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.count("\n") == 1, "one line"
    assert "Traceback" not in err
    return err.rstrip("\n")


@pytest.mark.parametrize(
    ("word", "meant"),
    [("chekc", "check"), ("scorecrad", "scorecard"), ("lsit", "list"), ("resovle", "resolve")],
)
def test_a_misspelt_command_suggests_the_closest(
    capsys: pytest.CaptureFixture[str], word: str, meant: str
) -> None:
    err = usage_error(capsys, word)
    assert err == (
        f"predictledger: unknown command '{word}' (did you mean '{meant}'?); "
        "see `predictledger --help`"
    )


def test_a_word_like_no_command_lists_none(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "xyzzy")
    assert err == "predictledger: unknown command 'xyzzy'; see `predictledger --help`"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["scorecard", "--fromat", "json"],
            "predictledger scorecard: unknown option '--fromat' (did you mean '--format'?); "
            "see `predictledger scorecard --help`",
        ),
        (
            ["due", "--as-off", "2025-01-01"],
            "predictledger due: unknown option '--as-off' (did you mean '--as-of'?); "
            "see `predictledger due --help`",
        ),
        (
            ["resolve", "x", "--verdict", "true", "--evidence", "e", "--evidnce", "f"],
            "predictledger resolve: unknown option '--evidnce' (did you mean '--evidence'?); "
            "see `predictledger resolve --help`",
        ),
        (
            ["export", "--format", "csv", "--outptu=x.csv"],
            "predictledger export: unknown option '--outptu' (did you mean '--output'?); "
            "see `predictledger export --help`",
        ),
    ],
)
def test_a_misspelt_option_names_the_command_and_the_closest_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert usage_error(capsys, *argv) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["due", "--verdict", "true"],
            "predictledger due: unknown option '--verdict': it is an option of list and "
            "resolve, not of due; see `predictledger due --help`",
        ),
        (
            ["check", "--by", "author"],
            "predictledger check: unknown option '--by': it is an option of scorecard, not of "
            "check; see `predictledger check --help`",
        ),
    ],
)
def test_an_option_of_another_command_names_that_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert usage_error(capsys, *argv) == expected


def test_an_option_before_the_command_says_whose_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "--dry-run", "resolve")
    assert err.startswith("predictledger: unknown option '--dry-run' before the command: it is")
    assert "add and resolve" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["scorecard", "--format", "tabel"],
            "predictledger scorecard: argument --format: invalid choice: 'tabel' (did you mean "
            "'table'?) (choose from 'table', 'markdown', 'json', 'html')",
        ),
        (
            ["list", "--status", "pendng"],
            "predictledger list: argument --status: invalid choice: 'pendng' (did you mean "
            "'pending'?) (choose from 'pending', 'due', 'resolved', 'abstention')",
        ),
        (
            ["list", "--verdict", "true,flase"],
            "predictledger list: argument --verdict: unknown verdict 'flase' (did you mean "
            "'false'?); choose from true, false, partial, void, ambiguous",
        ),
        (
            ["resolve", "x", "--verdict", "ture", "--evidence", "e"],
            "predictledger resolve: argument --verdict: invalid choice: 'ture' (did you mean "
            "'true'?) (choose from 'true', 'false', 'partial', 'void', 'ambiguous')",
        ),
    ],
)
def test_a_misspelt_choice_suggests_the_closest(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert usage_error(capsys, *argv) == expected


def test_a_stray_word_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_ledger(tmp_path)
    err = usage_error(capsys, "due", str(root), "extra", "words")
    assert err == (
        "predictledger due: unexpected argument 'extra' (and 1 more); "
        "see `predictledger due --help`"
    )


def test_missing_arguments_point_at_help(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "resolve", "x")
    assert err == (
        "predictledger resolve: the following arguments are required: --verdict, --evidence; "
        "see `predictledger resolve --help`"
    )


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_every_command_suggests_its_options(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # `--hlep` is close to `--help`, which every command has.
    err = usage_error(capsys, command, "--hlep")
    assert err.startswith(f"predictledger {command}: unknown option '--hlep' (did you mean")
    assert "'--help'" in err
    assert err.endswith(f"see `predictledger {command} --help`")


def test_hidden_commands_are_never_suggested(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "_complete")
    assert "__complete" not in err


def test_a_value_that_looks_like_an_option_is_still_a_value(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status = main(
        [
            "resolve",
            "zixi-2024-l2-competition",
            "--verdict",
            "true",
            "--on",
            "2025-01-15",
            "--evidence",
            "--- a dashed citation",
            "--path",
            str(root),
            "--dry-run",
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert '"--- a dashed citation"' in out


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("lsit", ["site", "list", "show"], ["list"]),  # a swap beats a closer-looking word
        ("chekc", ["check", "scorecard"], ["check"]),
        ("stie", ["site", "stem"], ["site"]),
        ("list", ["list"], ["list"]),  # an exact word is no swap: difflib answers
    ],
)
def test_two_swapped_letters_suggest_that_word_alone(
    word: str, choices: list[str], expected: list[str]
) -> None:
    from predictledger._text import closest

    assert closest(word, choices) == expected
