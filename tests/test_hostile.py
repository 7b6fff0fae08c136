"""Hostile input, each case run as a user runs it: through the command line, in a process of its
own where the bytes of the command line, standard input or a file name matter.

Every case asserts the same things: no traceback, the exit status a script can rely on (0 done,
1 problems in the ledger, 2 bad usage), a one-line message naming `file:line` where there is
one, and, when the command refused, every byte of the ledger as it was. Each defect is a class:
the cases below are its variants, not the one input that first showed it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import predictledger
from predictledger._cli import main
from predictledger._loader import load, read_ledger
from predictledger.errors import LedgerError, NotFoundError, PredictLedgerError

REPO = Path(__file__).resolve().parent.parent
SOURCE = "predictions/sources/techflow-zixi-2024-outlook.toml"
OUTCOMES = "predictions/outcomes/techflow-zixi-2024-outlook.toml"
UNRESOLVED = "qiao-2025-alliance-invests-more-aggressively"
FIRST = "zixi-2024-2025-developer-tools-market-confident"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the bundled ledger."""
    ledger = tmp_path / "ledger"
    ledger.mkdir()
    shutil.copytree(REPO / "predictions", ledger / "predictions")
    shutil.copytree(REPO / "seeds", ledger / "seeds")
    return ledger


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as their target's name), by path."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        name = os.fsencode(path.relative_to(folder)).decode("utf-8", "surrogateescape")
        if name == ".predictledger.lock" and path.is_file() and not path.is_symlink():
            continue  # made once by the first write, empty, and left in place by design
        if path.is_symlink():
            files[name] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            files[name] = path.read_bytes()
    return files


def cli(
    *args: str | bytes,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> tuple[int, str, str]:
    """`predictledger ARGS`: status, standard output, standard error. In a process of its own
    (output decoded leniently, so that a test can look at whatever came out) when the bytes of
    the command line or standard input, the folder or the environment matter; else in this
    one, which is faster."""
    if stdin is None and cwd is None and env is None and all(type(a) is str for a in args):
        out_buffer, err_buffer = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(err_buffer):
            status = main([str(arg) for arg in args])
        out, err = out_buffer.getvalue(), err_buffer.getvalue()
        assert "Traceback" not in out + err, err
        return status, out, err
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    environment.pop("PREDICTLEDGER_LEDGER", None) if not env else None
    done = subprocess.run(
        [sys.executable, "-m", "predictledger", *args],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err, err
    return done.returncode, out, err


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`predictledger ARGS` in this process (`main`), for cases where bytes do not matter."""
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, err
    return status, out, err


def refused(root: Path, status: int, err: str, before: dict[str, bytes], wanted: int = 2) -> None:
    assert status == wanted, err
    assert err.strip(), "a refusal says why"
    assert snapshot(root) == before, "a refused command changed the ledger"


def edit(root: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = root / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), "utf-8")


# -- 1. finding the ledger -------------------------------------------------------------------


def test_the_ledger_is_found_from_a_subfolder(root: Path) -> None:
    deep = root / "seeds" / "a" / "b"
    deep.mkdir(parents=True)
    for command in (["check"], ["due"], ["list"], ["scorecard"], ["export", "--format", "csv"]):
        status, out, _ = cli(*command, cwd=deep)
        assert status == 0, command
        assert out
    # From inside predictions/ too: its parent is the ledger.
    assert cli("check", cwd=root / "predictions" / "sources")[0] == 0


def test_the_variable_names_the_ledger_and_an_argument_wins(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PREDICTLEDGER_LEDGER": str(root)}
    status, out, _ = cli("check", cwd=elsewhere, env=env)
    assert (status, out.splitlines()[-1].endswith(": ok")) == (0, True)
    # -f, the positional PATH and --path each win over the variable.
    broken = {"PREDICTLEDGER_LEDGER": str(elsewhere)}
    assert cli("check", "-f", str(root), cwd=elsewhere, env=broken)[0] == 0
    assert cli("check", str(root), cwd=elsewhere, env=broken)[0] == 0
    assert cli("due", "--ledger", str(root), cwd=elsewhere, env=broken)[0] == 0
    before = snapshot(root)
    status, _, err = cli(
        "resolve", UNRESOLVED, "--verdict", "true", "--evidence", "x", "--dry-run",
        "--path", str(root), cwd=elsewhere, env=broken,
    )  # fmt: skip
    assert status == 0, err
    assert snapshot(root) == before
    # A variable naming no ledger says so, naming the variable.
    status, _, err = cli("list", cwd=elsewhere, env=broken)
    assert status == 2
    assert "PREDICTLEDGER_LEDGER" in err
    assert len(err.strip().splitlines()) == 1


def test_no_ledger_found_is_one_line_and_status_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in (
        ["check"],
        ["due"],
        ["list"],
        ["scorecard"],
        ["export", "--format", "csv"],
        ["resolve", "x", "--verdict", "true", "--evidence", "e"],
        ["add", "--stdin"],
    ):
        status, _, err = cli(*command, cwd=empty, env={"PREDICTLEDGER_LEDGER": ""})
        assert status == 2, command
        assert len(err.strip().splitlines()) == 1, err
        assert "no ledger found" in err
        assert "-f PATH" in err
    assert list(empty.iterdir()) == []


def test_two_different_ledgers_named_is_refused(root: Path) -> None:
    status, _, err = cli("check", str(root), "-f", str(root / "seeds"))
    assert status == 2
    assert "give one of them" in err


# -- 5. one problem no longer blocks every read ---------------------------------------------


def test_a_misspelt_field_blocks_check_but_not_the_reads(root: Path) -> None:
    edit(root, SOURCE, 'sector = "developer-tools"', 'sectr = "developer-tools"')
    status, out, _ = cli("check", "-f", str(root))
    assert status == 1
    assert f"{SOURCE}:" in out
    for command in (
        ["due", "--as-of", "2026-12-01"],
        ["list"],
        ["scorecard"],
        ["export", "--format", "jsonl"],
    ):
        status, out, err = cli(*command, "-f", str(root))
        assert status == 0, (command, err)
        lines = err.strip().splitlines()
        assert lines[0].startswith(f"{SOURCE}:")
        assert "sectr" in lines[0]
        assert "1 record left out (1 prediction)" in lines[-1]
        assert FIRST not in out
        assert out
        # --strict refuses, as every read did before.
        status, out, err = cli(*command, "--strict", "-f", str(root))
        assert (status, out) == (1, "")


def test_outcomes_of_a_prediction_left_out_are_left_out(root: Path) -> None:
    """A prediction with an outcome that cannot be read is left out with its outcomes: it is
    neither listed as due nor scored on an old verdict."""
    resolved = "zixi-2024-2025-developer-tools-m-and-a"
    edit(root, OUTCOMES, 'verdict = "true"', 'verdict = "yes"')
    status, out, err = cli("list", "--format", "json", "-f", str(root))
    assert status == 0
    assert resolved not in out
    assert "left out" in err.splitlines()[-1]
    status, out, _ = cli("due", "--as-of", "2030-01-01", "-f", str(root))
    assert resolved not in out
    reading = read_ledger(root)
    sound = reading.sound()
    assert not sound.ledger.has_prediction(resolved)
    assert not sound.ledger.outcomes_of(resolved)
    assert sound.dependent["prediction"] == 1
    assert reading.ledger.has_prediction(resolved)  # read, but not sound


def test_a_record_the_scorecard_cannot_score_is_left_out(root: Path) -> None:
    # A partial verdict without a credit reads, and `check` reports it; the scorecard leaves
    # its prediction out and says so, or refuses with --strict.
    edit(
        root,
        OUTCOMES,
        'prediction = "zixi-2024-l2-competition-fierce"\nverdict = "true"',
        'prediction = "zixi-2024-l2-competition-fierce"\nverdict = "partial"',
    )  # an outcome in force, never superseded
    status, out, err = cli("scorecard", "-f", str(root))
    assert status == 0
    assert f"{OUTCOMES}:" in err
    assert "partial but has no credit" in err
    assert "1 prediction left out of the scorecard" in err
    assert out
    status, out, err = cli("scorecard", "--strict", "-f", str(root))
    assert (status, out) == (1, "")
    assert "cannot score this ledger" in err


# -- 9. the Python API ----------------------------------------------------------------------


def test_load_is_strict_and_read_ledger_gives_the_sound_records(root: Path) -> None:
    edit(root, SOURCE, 'sector = "developer-tools"', 'sectr = "developer-tools"')
    with pytest.raises(LedgerError) as raised:
        load(root)
    assert "sectr" in str(raised.value)
    ledger = load(root, strict=False)
    assert not ledger.has_prediction(FIRST)
    assert len(ledger.predictions) == 47
    reading = read_ledger(root)
    assert [p.field for p in reading.problems] == ["sectr"]
    assert reading.sound().left_out == 1
    # `check(ledger)` lists the problem that left the record out, and nothing more: the
    # sound records have no problem between them.
    assert [p.field for p in predictledger.check(ledger)] == ["sectr"]
    assert predictledger.check(load(root / "predictions", strict=False)) == predictledger.check(
        ledger
    )
    assert predictledger.check(load(REPO)) == []


def test_an_unknown_id_raises_a_key_error_with_the_closest_ids(root: Path) -> None:
    ledger = load(root)
    with pytest.raises(NotFoundError) as raised:
        ledger.prediction(FIRST[:-2])
    assert isinstance(raised.value, KeyError)
    assert isinstance(raised.value, PredictLedgerError)
    assert f"did you mean '{FIRST}'" in str(raised.value)
    for lookup in (ledger.author, ledger.source, ledger.sector):
        with pytest.raises(KeyError, match="no "):
            lookup("nope")


@pytest.mark.parametrize(
    "day", ["20240101", "2024-W05-3", "2024-1-5", "\uff12\uff10\uff12\uff14-01-01", "2024-02-30"]
)
def test_as_of_takes_only_year_month_day(root: Path, day: str) -> None:
    for command in ("due", "list", "scorecard"):
        status, out, err = cli(command, "--as-of", day, "-f", str(root))
        assert (status, out) == (2, "")
        assert "YYYY-MM-DD" in err


def test_a_whole_number_probability_is_accepted(root: Path) -> None:
    # docs/format.md: a probability is a number; 0 and 1 may be written as integers.
    edit(root, SOURCE, "value = 0.7", "value = 1")
    assert cli("check", "-f", str(root))[0] == 0
    assert load(root).prediction(FIRST).probability.value == 1.0  # type: ignore[union-attr]


# -- 6. TOML mistakes -----------------------------------------------------------------------

MISTAKES = [
    ("start = 2024-01-01", "start = 2024/01/01", "write dates as 2024-01-01"),
    ("start = 2024-01-01", 'start = "2024-01-01"', "without quotes"),
    ("end = 2025-12-31", "end = 2025-12-32", "2025-12-32 is not a day of the calendar"),
    ('tags = ["market-size"]', 'tags = ["market-size"],', "remove the comma at the end"),
    ('tags = ["market-size"]', "tags = True", "write true, in lower case"),
    ('sector = "developer-tools"', "sector = developer-tools", "put text in double quotes"),
    ('sector = "developer-tools"', 'sector = "developer-tools', "not closed on this line"),
    ("value = 0.7", "value = 0,7", "write decimals with a point"),
    ("value = 0.7", "value = 70%", "0.7, not 70%"),
    ('sector = "developer-tools"', 'sector = "developer-tools"\nhorizon.phrase = "x"', "already"),
]


@pytest.mark.parametrize(("old", "new", "advice"), MISTAKES, ids=[m[1] for m in MISTAKES])
def test_toml_mistakes_get_advice_and_lose_only_their_record(
    root: Path, old: str, new: str, advice: str
) -> None:
    edit(root, SOURCE, old, new)
    status, out, _ = cli("check", "-f", str(root))
    assert status == 1
    problems = out.splitlines()[:-1]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{SOURCE}:")
    assert int(problems[0].split(":")[1]) > 0  # a line
    assert advice in problems[0]
    for tomllib_words in ("Unclosed inline table", "immutable namespace", "Invalid value"):
        assert tomllib_words not in problems[0]
    # The other records of the file are still read: the reads show the 47 others.
    status, out, err = cli("list", "--format", "json", "-f", str(root))
    assert status == 0
    assert out.count('"id":') == 47
    assert "1 record left out (1 prediction)" in err


def test_a_duplicate_dotted_key_is_said_in_plain_words(root: Path) -> None:
    edit(
        root, SOURCE, 'horizon = { phrase = "pour les années 2024-2025"', 'horizon = { phrase = "x"'
    )
    edit(root, SOURCE, 'tags = ["market-size"]', 'tags = ["market-size"]\nhorizon.end = 2025-12-31')
    status, out, _ = cli("check", "-f", str(root))
    assert status == 1
    (problem,) = out.splitlines()[:-1]
    assert "Cannot mutate" not in problem
    assert "horizon' is already given whole above" in problem


def test_an_error_in_the_source_table_loses_the_file_and_says_how_much(root: Path) -> None:
    edit(root, SOURCE, 'language = "fr"', "language = fr")
    status, out, _ = cli("check", "-f", str(root))
    assert status == 1
    assert "24 predictions" in out.splitlines()[-1]
    assert "records left out (1 source, 24 predictions, " in out.splitlines()[-1]
    status, out, err = cli("list", "-f", str(root))
    assert status == 0
    assert "left out (1 source, 24 predictions" in err


def test_a_byte_order_mark_is_read(root: Path) -> None:
    path = root / SOURCE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    status, out, _ = cli("check", "-f", str(root))
    assert (status, out.splitlines()[-1].endswith(": ok")) == (0, True)
    # And a record can be appended after it; the mark stays, once.
    status, _, err = cli("add", "--stdin", "-f", str(root), stdin=_snippet().encode("utf-8"))
    assert status == 0, err
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf[") or data.startswith(b"\xef\xbb\xbf#")
    assert data.count(b"\xef\xbb\xbf") == 1


def _snippet(**fields: str) -> str:
    quote = "Néanmoins, nous restons confiants quant à ce marché pour les années 2024-2025."
    values = {
        "source": "techflow-zixi-2024-outlook",
        "author": "zixi-eth",
        "claim": "A new claim for the test.",
        "quote": quote,
        "sector": "developer-tools",
        "resolution": "True if the test passes.",
        "id": "zixi-test-new-claim",
        **fields,
    }
    lines = ["[[prediction]]", *(f'{key} = "{value}"' for key, value in values.items())]
    lines.append('horizon = { phrase = "en 2024" }')
    return "\n".join(lines) + "\n"


# -- defect 1: no output inside the ledger's data -------------------------------------------


def test_no_output_lands_in_the_ledgers_data(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "link-to-sources").symlink_to(root / "predictions" / "sources")
    (tmp_path / "link-to-seed").symlink_to(next((root / "seeds").iterdir()))
    targets = [
        root / SOURCE,
        root / "predictions" / "new.toml",
        root / "predictions" / "x" / ".." / "sources" / "y.toml",
        next((root / "seeds").iterdir()),
        root / "seeds" / "new.txt",
        tmp_path / "link-to-sources" / "techflow-zixi-2024-outlook.toml",
        tmp_path / "link-to-seed",
        root / ".predictledger.lock",
    ]
    before = snapshot(root)
    for target in targets:
        for command in (
            ["scorecard", "--format", "html"],
            ["export", "--format", "csv"],
        ):
            status, _, err = run(capsys, *command, "-o", str(target), "-f", str(root))
            refused(root, status, err, before)
            assert len(err.strip().splitlines()) == 1
        # The same from inside the ledger, by a relative path.
        monkeypatch.chdir(root)
        status, _, err = run(capsys, "scorecard", "-o", os.path.relpath(target, root))
        refused(root, status, err, before)
    # Beside the data, at the ledger's root, is fine.
    status, _, err = run(capsys, "scorecard", "--format", "html", "-o", "scorecard.html")
    assert status == 0, err


# -- defect 2: what cannot be read is a problem ---------------------------------------------


def test_a_folder_that_cannot_be_listed_is_a_problem_everywhere(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Tests may run as root, whom permissions do not stop: the refusal is simulated.
    blocked = root / "predictions" / "outcomes"
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == blocked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setenv("PREDICTLEDGER_NO_CACHE", "1")
    before = snapshot(root)
    assert main(["check", "-f", str(root)]) == 1
    out = capsys.readouterr().out
    assert "predictions/outcomes/: cannot be listed: Permission denied" in out
    assert main(["due", "--as-of", "2030-01-01", "-f", str(root)]) == 0
    assert "predictions/outcomes/: cannot be listed" in capsys.readouterr().err
    status = main(["resolve", UNRESOLVED, "--verdict", "true", "--evidence", "x", "-f", str(root)])
    err = capsys.readouterr().err
    refused(root, status, err, before, wanted=1)
    assert "predictions/outcomes/: cannot be listed" in err


def test_a_linked_folder_under_predictions_is_a_problem(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(root / "predictions" / "outcomes", outside)
    shutil.rmtree(root / "predictions" / "outcomes")
    (root / "predictions" / "outcomes").symlink_to(outside)
    status, out, _ = cli("check", "-f", str(root))
    assert status == 1
    assert "predictions/outcomes/: is a symbolic link to a folder" in out
    status, out, err = cli("due", "--as-of", "2030-01-01", "-f", str(root))
    assert status == 0
    assert "predictions/outcomes/: is a symbolic link" in err


# -- defect 3: huge integers ----------------------------------------------------------------

HUGE = "9" * 400


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        (SOURCE, "value = 0.7", f"value = {HUGE}"),
        (SOURCE, "value = 0.7", f"value = -{HUGE}"),
        (SOURCE, "value = 0.7", "value = 1_000_000_000_000_000_000_000"),
        (SOURCE, "value = 0.7", "value = inf"),
        (SOURCE, "value = 0.7", "value = nan"),
        (OUTCOMES, 'verdict = "true"', f'verdict = "partial"\ncredit = {HUGE}'),
        (SOURCE, 'sector = "developer-tools"', f"sector = {HUGE}"),
        (SOURCE, "start = 2024-01-01", f"start = {HUGE}"),
        (SOURCE, 'tags = ["market-size"]', f"tags = [{HUGE}]"),
    ],
)
def test_huge_numbers_in_any_field_are_problems(root: Path, name: str, old: str, new: str) -> None:
    edit(root, name, old, new)
    status, out, _ = cli("check", "-f", str(root))
    assert status == 1
    problems = out.splitlines()[:-1]
    assert problems
    assert all(p.startswith(f"{name}:") for p in problems)
    assert all(HUGE not in p for p in problems), "a message never spells out 400 digits"
    for command in (["scorecard", "--by", "horizon"], ["list"], ["export", "--format", "csv"]):
        status, _, err = cli(*command, "-f", str(root))
        assert status == 0, err


def test_huge_numbers_through_add(root: Path) -> None:
    before = snapshot(root)
    snippet = _snippet() + f'probability = {{ value = {HUGE}, basis = "stated" }}\n'
    status, _, err = cli("add", "--stdin", "-f", str(root), stdin=snippet.encode())
    refused(root, status, err, before, wanted=1)
    assert "<stdin>:" in err
    assert "too large" in err
    for value in ("1e400", "-1e400", "nan", HUGE):
        status, _, err = cli(
            "add", "--source", "techflow-zixi-2024-outlook", "--author", "zixi-eth",
            "--claim", "c", "--quote", "q", "--horizon", "en 2024", "--sector", "x",
            "--probability", value, "-f", str(root),
        )  # fmt: skip
        refused(root, status, err, before)
        status, _, err = cli(
            "resolve", UNRESOLVED, "--verdict", "partial", "--credit", value,
            "--evidence", "e", "-f", str(root),
        )  # fmt: skip
        refused(root, status, err, before)


# -- defect 4: bytes that are not UTF-8 -----------------------------------------------------

BAD = b"bad \xff\xfe text"

TEXT_OPTIONS_OF_ADD = [
    "--source", "--author", "--claim", "--quote", "--resolution", "--horizon", "--sector",
    "--tag", "--condition", "--id", "--note", "--hedge",
]  # fmt: skip


@pytest.mark.parametrize("option", TEXT_OPTIONS_OF_ADD)
def test_add_refuses_arguments_that_are_not_utf8(root: Path, option: str) -> None:
    given = {
        "--source": "techflow-zixi-2024-outlook",
        "--author": "zixi-eth",
        "--claim": "c",
        "--quote": "q",
        "--horizon": "en 2024",
        "--sector": "developer-tools",
    }
    words: list[str | bytes] = []
    for flag, value in given.items():
        if flag != option:
            words += [flag, value]
    words += [option, BAD]
    before = snapshot(root)
    status, _, err = cli("add", *words, "-f", str(root))
    refused(root, status, err, before)
    assert "not UTF-8" in err
    assert "\\xff" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "words",
    [
        [UNRESOLVED, "--verdict", "true", "--evidence", BAD],
        [UNRESOLVED, "--verdict", "true", "--evidence", "ok", "--evidence", BAD],
        [UNRESOLVED, "--verdict", "true", "--evidence", "ok", "--note", BAD],
        [BAD, "--verdict", "true", "--evidence", "ok"],
    ],
)
def test_resolve_refuses_arguments_that_are_not_utf8(root: Path, words: list[str | bytes]) -> None:
    before = snapshot(root)
    status, _, err = cli("resolve", *words, "-f", str(root))
    refused(root, status, err, before)
    assert "not UTF-8" in err


def test_filters_and_paths_that_are_not_utf8(root: Path) -> None:
    for option in ("--author", "--sector", "--source"):
        status, _, err = cli("list", option, BAD, "-f", str(root))
        assert status == 2
        assert "not UTF-8" in err
    status, _, err = cli("check", "-f", BAD)
    assert status == 2
    assert "\\xff" in err
    status, _, err = cli(
        "scorecard", "-o", str(root.parent / os.fsdecode(b"out\xff.html")), "-f", str(root)
    )
    assert status == 0, err


@pytest.mark.parametrize(
    "data",
    [
        '[[prediction]]\nclaim = "café"\n'.encode("latin-1"),
        b"\xff\xfe[\x00[\x00",  # UTF-16
        b'claim = "\xed\xa0\x80"\n',  # an encoded surrogate
    ],
)
def test_add_refuses_standard_input_that_is_not_utf8(root: Path, data: bytes) -> None:
    before = snapshot(root)
    status, _, err = cli("add", "--stdin", "-f", str(root), stdin=data)
    refused(root, status, err, before)
    assert "not UTF-8" in err
    assert "line" in err


# -- defect 5: file names that are not UTF-8 ------------------------------------------------


@pytest.mark.parametrize("cache", [True, False])
def test_a_file_name_that_is_not_utf8(root: Path, cache: bool) -> None:
    name = os.fsdecode(b"predictions/extra-\xff.toml")
    path = root / name
    path.write_text('[[author]]\nid = "extra"\nnam = "x"\n', "utf-8")
    old = dt.datetime(2020, 1, 1).timestamp()
    os.utime(path, (old, old))  # not too fresh to be cached
    env = {} if cache else {"PREDICTLEDGER_NO_CACHE": "1"}
    for _ in range(2):  # the second run answers from the cache, when there is one
        status, out, _ = cli("check", "-f", str(root), env=env)
        assert status == 1
        assert "predictions/extra-\\xff.toml:3:" in out
        for command in (
            ["list"],
            ["scorecard", "--format", "json"],
            ["export", "--format", "jsonl"],
        ):
            status, _, err = cli(*command, "-f", str(root), env=env)
            assert status == 0, err
            assert "extra-\\xff.toml:3:" in err
    # A ledger whose own folder name is not UTF-8 is read as well.
    odd = root.parent / os.fsdecode(b"ledger-\xfe")
    root.rename(odd)
    status, _, err = cli("list", env=env, cwd=odd)
    assert status == 0, err


# -- defect 6: add --stdin meets the reader's limits ----------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"x = " + b"[" * 5000 + b"\n", "nests arrays or inline tables"),
        (b"x = " + b"{a = " * 5000 + b"\n", "nests arrays or inline tables"),
        (b"a" + b".a" * 60000 + b" = 1\n", "dotted key of more than"),
        (b"[" + b"a." * 60000 + b"a]\n", "dotted key of more than"),
        (b"x = " + b"9" * 5000 + b"\n", "integer too long"),
        (b"claim = '" + b"a" * (17 * 1024 * 1024) + b"'\n", "more than"),
        (b"", "is empty"),
        (b'claim = "x"\nclaim = "y"\n', "already set"),
    ],
    ids=["brackets", "braces", "dotted-key", "dotted-header", "long-int", "size", "empty", "dup"],
)
def test_add_stdin_meets_the_readers_limits(root: Path, data: bytes, words: str) -> None:
    before = snapshot(root)
    status, _, err = cli("add", "--stdin", "-f", str(root), stdin=data)
    assert status in (1, 2)
    refused(root, status, err, before, wanted=status)
    assert words in err


# -- defect 7: the last days of the calendar ------------------------------------------------


@pytest.mark.parametrize(
    ("made_on", "end"), [("9999-01-01", "9999-12-31"), ("9998-06-30", "9999-12-31")]
)
def test_dates_near_year_9999_in_every_report(
    root: Path, made_on: str, end: str, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(root, SOURCE, "start = 2024-01-01, end = 2025-12-31", f"start = {made_on}, end = {end}")
    edit(
        root,
        SOURCE,
        'sector = "developer-tools"',
        f'sector = "developer-tools"\nmade_on = {made_on}',
    )
    assert run(capsys, "check", "-f", str(root))[0] == 0
    for by in ("horizon", "year", "author,horizon", "sector"):
        for form in ("table", "markdown", "json", "html"):
            status, _, err = run(capsys, "scorecard", "--by", by, "--format", form, "-f", str(root))
            assert status == 0, (by, form, err)
    for as_of in ("9999-12-31", "0001-01-01", "2026-12-01"):
        for command in (["due"], ["list"], ["list", "--format", "json"], ["scorecard"]):
            status, _, err = run(capsys, *command, "--as-of", as_of, "-f", str(root))
            assert status == 0, (command, as_of, err)
    assert run(capsys, "export", "--format", "csv", "-f", str(root))[0] == 0


def test_adding_near_year_9999(root: Path) -> None:
    before = snapshot(root)
    for horizon in ("dans 5 ans", "en 2024", "d'ici 10000"):
        status, _, err = cli(
            "add", "--source", "techflow-zixi-2024-outlook", "--author", "zixi-eth",
            "--claim", "c", "--quote", "q", "--horizon", horizon, "--sector", "developer-tools",
            "--made-on", "9999-06-30", "--dry-run", "-f", str(root),
        )  # fmt: skip
        assert status in (0, 1, 2), err
        assert snapshot(root) == before


# -- defect 8: no file written through a link -----------------------------------------------


def test_the_lock_file_is_never_followed(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "planted"
    lock = root / ".predictledger.lock"
    for kind in ("link out", "link to a folder", "folder", "named pipe"):
        if kind == "link out":
            lock.symlink_to(target)
        elif kind == "link to a folder":
            lock.symlink_to(root / "seeds")
        elif kind == "folder":
            lock.mkdir()
        else:
            os.mkfifo(lock)
        before = snapshot(root)
        status, _, err = cli(
            "resolve", UNRESOLVED, "--verdict", "true", "--evidence", "x", "-f", str(root)
        )
        refused(root, status, err, before, wanted=1)
        assert ".predictledger.lock" in err
        assert not target.exists()
        if lock.is_dir() and not lock.is_symlink():
            lock.rmdir()
        else:
            lock.unlink()


def test_a_ledger_file_that_is_a_link_is_never_written_through(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_bytes((root / OUTCOMES).read_bytes())
    (root / OUTCOMES).unlink()
    (root / OUTCOMES).symlink_to(outside)
    before = snapshot(root)
    kept = outside.read_bytes()
    status, _, err = cli(
        "resolve", UNRESOLVED[:4] + "2024-us-market-correction", "--verdict", "true",
        "--evidence", "x", "-f", str(root),
    )  # fmt: skip
    assert status in (1, 2), err
    assert snapshot(root) == before
    assert outside.read_bytes() == kept


# -- defect 9: messages ---------------------------------------------------------------------


def test_an_impossible_end_date_names_that_date(root: Path) -> None:
    edit(root, SOURCE, "end = 2025-12-31", "end = 2024-02-30")
    _, out, _ = cli("check", "-f", str(root))
    (problem,) = out.splitlines()[:-1]
    assert "2024-02-30 is not a day of the calendar" in problem
    assert "2024-01-01" not in problem


def test_line_separators_and_joiners_in_every_output(root: Path) -> None:
    claim = "Line\u2028Para\u2029Next \u0085 family \U0001f468\u200d\U0001f469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    edit(root, SOURCE, 'claim = "The crypto developer-tools market', f'claim = "{claim} The')
    outputs = {
        "list": cli("list", "-f", str(root))[1],
        "list-json": cli("list", "--format", "json", "-f", str(root))[1],
        "due": cli("due", "--as-of", "2026-12-01", "-f", str(root))[1],
        "jsonl": cli("export", "--format", "jsonl", "-f", str(root))[1],
    }
    for name, out in outputs.items():
        line = next(line for line in out.splitlines() if "Line" in line and "Para" in line)
        assert "Next" in line, name  # one record stays on one line, for splitlines too
        assert "\u200d" in line, name  # joiners are text, kept as they are
        assert "\u200c" in line, name
        assert "?" not in line.split("Line")[1][:60], name
    count = len(outputs["jsonl"].splitlines())
    assert count == 48


def test_people_as_a_string_is_one_problem(root: Path) -> None:
    edit(
        root,
        SOURCE,
        'people = [{ role = "author", name = "Zixi.eth", author = "zixi-eth" }]',
        'people = "Zixi.eth"',
    )
    status, out, _ = cli("check", "-f", str(root))
    problems = out.splitlines()[:-1]
    assert status == 1
    assert len([p for p in problems if "people" in p]) == 1
    assert "expected an array of tables" in problems[0]


# -- whatever the input, the answer is a line, never a traceback ------------------------------


def _hostile_ledgers() -> Iterator[tuple[str, str, str]]:
    yield SOURCE, "[source]", "[source]]"
    yield SOURCE, "[source]", "[[source]]"
    yield SOURCE, 'id = "techflow-zixi-2024-outlook"', 'id = ""'
    yield SOURCE, 'language = "fr"', 'language = ["fr"]'
    yield SOURCE, 'sector = "developer-tools"', 'sector = "../../etc/passwd"'
    yield OUTCOMES, "resolved_on = 2026-11-22", "resolved_on = 1979-05-27T07:32:00Z"
    yield OUTCOMES, 'verdict = "true"', 'verdict = "true"\nsupersedes = "nope"'


@pytest.mark.parametrize(("name", "old", "new"), list(_hostile_ledgers()))
def test_hostile_files_give_lines_not_tracebacks(root: Path, name: str, old: str, new: str) -> None:
    edit(root, name, old, new)
    status, out, _ = cli("check", "-f", str(root))
    assert status == 1
    assert all(":" in line for line in out.splitlines())
    for command in (["due"], ["list"], ["scorecard"], ["export", "--format", "csv"]):
        assert cli(*command, "-f", str(root))[0] == 0, command


# -- the advice of docs/format.md, "Mistakes and what they say" ------------------------------

ADVICE = [
    ("start = 2024/01/01", "write dates as 2024-01-01"),
    ("start = 2024-1-5", "not 2024-1-5"),
    ("start = 01/02/2024", "not 01/02/2024"),
    ('h = { phrase = "x", start = 2024/01/01 }', "write dates as 2024-01-01"),
    ("end = 2024-02-30", "2024-02-30 is not a day of the calendar"),
    ("h = { start = 2024-01-01, end = 2024-02-30 }", "2024-02-30 is not a day of the calendar"),
    ("end = 2024-13-01", "2024-13-01 is not a day of the calendar"),
    ('claim = "no closing quote', "a string is not closed on this line"),
    ('tags = ["a"],', "remove the comma at the end of the line"),
    ("x = 1;", "remove the ';'"),
    ("x = True", "write true, in lower case, not True"),
    ("x = FALSE", "write false, in lower case, not FALSE"),
    ("x = yes", "write true, in lower case, not yes"),
    ("x = None", "TOML has no None"),
    ("x = null", "TOML has no null"),
    ("sector = developer-tools", "put text in double quotes"),
    ("value = 0,7", "write decimals with a point"),
    ("value = 70%", "0.7, not 70%"),
    ("value = .7", "write a leading zero"),
    ("key: value", "TOML uses '=', not ':'"),
    ("x =", "give a value after the '='"),
    ('sector = "a"\nsector = "b"', "the key sector is already set above"),
    ("h = { a = 1 }\nh.b = 2", "'h' is already given whole above"),
    ('claim = "a 2024/01/01 date in text",', "remove the comma"),  # a date in quotes is text
]


@pytest.mark.parametrize(("text", "advice"), ADVICE, ids=[a[0] for a in ADVICE])
def test_each_mistake_gets_its_advice(text: str, advice: str) -> None:
    from predictledger._read.file import parse_text

    (problem,) = parse_text("f.toml", text + "\n")  # type: ignore[misc]
    assert advice in problem.message
    assert problem.line == text.count("\n") + 1
    assert "\n" not in str(problem)


# -- the streams ------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_on_standard_output_is_one_line(root: Path) -> None:
    for command in (["list"], ["scorecard"], ["check"], ["export", "--format", "csv"]):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "predictledger", *command, "-f", str(root)],
                stdout=full,
                stderr=subprocess.PIPE,
                check=False,
                timeout=120,
            )
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 1, command
        assert err.strip().splitlines() == [
            "predictledger: error: cannot write the output: No space left on device"
        ]


def test_standard_input_closed_is_refused(root: Path) -> None:
    before = snapshot(root)
    done = subprocess.run(
        [sys.executable, "-m", "predictledger", "add", "--stdin", "-f", str(root)],
        capture_output=True,
        check=False,
        timeout=120,
        preexec_fn=lambda: os.close(0),  # the child starts with standard input closed
    )
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert done.returncode == 2
    assert "standard input is closed" in err
    assert snapshot(root) == before


def test_the_library_finds_the_ledger_as_the_commands_do(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from predictledger._paths import find_ledger
    from predictledger.errors import LedgerNotFoundError, RequestError

    monkeypatch.delenv("PREDICTLEDGER_LEDGER", raising=False)
    monkeypatch.chdir(root / "predictions" / "outcomes")
    assert find_ledger() == root
    assert len(load().predictions) == 48
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(LedgerNotFoundError) as raised:
        read_ledger()
    assert isinstance(raised.value, RequestError)
    assert "no ledger found" in str(raised.value)
    monkeypatch.setenv("PREDICTLEDGER_LEDGER", str(root))
    assert find_ledger() == root
    assert find_ledger(root / "predictions") == root  # the predictions folder names its root
    assert find_ledger(start=root / "seeds", environ={}) == root


def test_an_output_that_is_a_pipe_is_written_to_not_replaced(root: Path, tmp_path: Path) -> None:
    # As `-o /dev/stdout` or `-o /dev/null` must be: a rename over a device would put a
    # regular file in its place for every program (a named pipe stands in for the device).
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    status, _, err = cli("export", "--format", "csv", "-o", str(pipe), "-f", str(root))
    reader.join(timeout=60)
    assert status == 0, err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert received[0].startswith(b"id,source,")


def test_an_outcome_with_a_syntax_error_leaves_its_prediction_out(root: Path) -> None:
    # Its id does not follow `<prediction>-r<N>`: the `prediction` line names the claim.
    resolved = "zixi-2024-2025-developer-tools-m-and-a"
    edit(root, OUTCOMES, f'id = "{resolved}-r1"', 'id = "hand-written-id"')
    edit(root, OUTCOMES, 'verdict = "true"', "verdict = true,")
    status, out, err = cli("list", "--format", "json", "-f", str(root))
    assert status == 0
    assert resolved not in out
    assert "remove the comma" in err
    # Its outcome r1 and the r2 that superseded it both depend on it.
    assert "(1 prediction, 2 outcomes)" in err.splitlines()[-1]


def test_no_output_lands_on_a_source_text_kept_outside_seeds(root: Path) -> None:
    (root / "texts").mkdir()
    seed = "seeds/000_78ff75fce3e49833.txt"
    (root / seed).rename(root / "texts" / "zixi.txt")
    edit(root, SOURCE, f'text = "{seed}"', 'text = "texts/zixi.txt"')
    assert cli("check", "-f", str(root))[0] == 0
    before = snapshot(root)
    target = str(root / "texts" / "zixi.txt")
    status, _, err = cli("export", "--format", "csv", "-o", target, "-f", str(root))
    refused(root, status, err, before)
    assert "the text of source 'techflow-zixi-2024-outlook'" in err
    other = str(root / "texts" / "other.csv")
    status, _, err = cli("export", "--format", "csv", "-o", other, "-f", str(root))
    assert status == 0, err
