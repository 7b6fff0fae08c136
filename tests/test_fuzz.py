"""Fuzzing the reader: a mutated ledger gives problems, never an unexpected exception.

Each case takes the sound ledger of `tests/broken/base/`, mutates one of its files (flipped
bytes, a truncation, inserted Unicode, a duplicated table, deleted lines, a value moved to
another key) and reads and checks it as every entry point does. Whatever the bytes, reading
must end in problems that each fit on one line, `load` may raise only `LedgerError`, and
`predictledger check` must exit with 0 or 1 and print no traceback.

The mutations are plain functions of a `random.Random`, so that hypothesis drives them here
(and shrinks what fails) and `benchmarks/fuzz_loader.py` replays them by the ten thousand.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictledger._checks import check
from predictledger._cli import main
from predictledger._loader import load, read_ledger
from predictledger.errors import LedgerError

BASE = Path(__file__).parent / "broken" / "base"
FILES = (
    "predictions/authors.toml",
    "predictions/sectors.toml",
    "predictions/sources/techflow-2024-outlook.toml",
    "predictions/outcomes/techflow-2024-outlook.toml",
    "seeds/techflow-2024-outlook.txt",
)

# Characters that mean something to TOML or to a terminal, beside ordinary and exotic text.
_SPECIAL = [*"[]{}\"'=\\\n\r\t#.,:-+_ 0123456789eExn", '"""', "'''", "[[", "]]", "\\u"]
_EXOTIC = ["é", "e\u0301", "日本", "🙂", "\x00", "\x1b", "\x7f", "\u2028", "\u202e", "\ufeff"]

Mutation = Callable[[random.Random, bytes], bytes]


def _random_text(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.5:
            pieces.append(rng.choice(_SPECIAL))
        elif roll < 0.8:
            pieces.append(rng.choice(_EXOTIC))
        else:
            code = rng.randint(0, 0x10FFFF)
            pieces.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "?")
    return "".join(pieces)


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    changed = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if changed:
            changed[rng.randrange(len(changed))] ^= rng.randint(1, 255)
    return bytes(changed)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def insert_text(rng: random.Random, data: bytes) -> bytes:
    # At a byte position, so a multi-byte character may be split: that is a mutation too.
    at = rng.randint(0, len(data))
    return data[:at] + _random_text(rng).encode("utf-8") + data[at:]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def duplicate_table(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith(b"[")] or [0]
    bounds = [*starts, len(lines)]
    which = rng.randrange(len(starts))
    block = lines[bounds[which] : bounds[which + 1]]
    at = rng.choice(bounds)
    return b"".join([*lines[:at], *block, *lines[at:]])


def delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    start = rng.randrange(len(lines))
    return b"".join(lines[:start] + lines[start + rng.randint(1, 5) :])


def move_value(rng: random.Random, data: bytes) -> bytes:
    """Give one key the value of another: a date where a string was, a table for a number."""
    lines = _lines(data)
    pairs = [i for i, line in enumerate(lines) if b" = " in line]
    if len(pairs) < 2:
        return data
    target, donor = rng.sample(pairs, 2)
    key = lines[target].split(b" = ", 1)[0]
    lines[target] = key + b" = " + lines[donor].split(b" = ", 1)[1]
    return b"".join(lines)


MUTATIONS: dict[str, Mutation] = {
    "flip-bytes": flip_bytes,
    "truncate": truncate,
    "insert-text": insert_text,
    "duplicate-table": duplicate_table,
    "delete-lines": delete_lines,
    "move-value": move_value,
}


def mutate(rng: random.Random, root: Path) -> str:
    """Mutate one file of the ledger at `root` one to three times; says what was done."""
    name = rng.choice(FILES)
    path = root / name
    data = path.read_bytes()
    done = []
    for _ in range(rng.randint(1, 3)):
        label = rng.choice(sorted(MUTATIONS))
        data = MUTATIONS[label](rng, data)
        done.append(label)
    path.write_bytes(data)
    return f"{name}: {', '.join(done)}"


_LINE = re.compile(r"[^\n]+?(:\d+)?: [^\n]+")


def read_and_check(root: Path) -> int:
    """Read and check `root` through the library and the command line; count the problems.

    Raises whatever the library lets escape, and `AssertionError` for output that breaks
    the promises: one line per problem, a known exit status, no traceback, no file touched.
    """
    before = {path: path.read_bytes() for path in _files(root)}
    result = read_ledger(root)
    problems = check(result)
    for problem in problems:
        text = str(problem)
        assert len(text.splitlines()) == 1, text
        assert _LINE.fullmatch(text), text
    refused: LedgerError | None = None
    try:
        check(load(root))
    except LedgerError as error:
        refused = error
    assert refused is None or refused.problems
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check", str(root)])
    assert status in (0, 1), err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert len(out.getvalue().splitlines()) == len(problems) + 1
    assert {path: path.read_bytes() for path in _files(root)} == before
    return len(problems)


def _files(root: Path) -> Iterator[Path]:
    return (Path(folder, name) for folder, _, names in os.walk(root) for name in names)


@contextlib.contextmanager
def restored(root: Path) -> Iterator[Path]:
    """The ledger at `root`, put back as it was after the case, so one copy serves them all."""
    try:
        yield root
    finally:
        for name in FILES:
            shutil.copyfile(BASE / name, root / name)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "ledger"
    shutil.copytree(BASE, root)
    return root


def test_the_unmutated_ledger_is_sound(ledger: Path) -> None:
    with restored(ledger):
        assert read_ledger(ledger).problems == ()
        assert check(load(ledger)) == []


@pytest.mark.parametrize("label", sorted(MUTATIONS))
@given(name=st.sampled_from(FILES), rng=st.randoms(use_true_random=False))
def test_one_mutation_gives_problems_never_a_crash(
    ledger: Path, label: str, name: str, rng: random.Random
) -> None:
    with restored(ledger):
        path = ledger / name
        path.write_bytes(MUTATIONS[label](rng, path.read_bytes()))
        read_and_check(ledger)


@given(rng=st.randoms(use_true_random=False))
def test_stacked_mutations_give_problems_never_a_crash(ledger: Path, rng: random.Random) -> None:
    with restored(ledger):
        mutate(rng, ledger)
        read_and_check(ledger)


# Every position outside CI; there, a sample keeps the run within a few seconds.
_STRIDE = 17 if os.environ.get("CI") else 1


@pytest.mark.parametrize("name", FILES[:4])
def test_a_file_cut_short_anywhere_gives_problems(ledger: Path, name: str) -> None:
    data = (BASE / name).read_bytes()
    positions = sorted({*range(0, len(data), _STRIDE), len(data) - 1})
    with restored(ledger):
        for position in positions:
            (ledger / name).write_bytes(data[:position])
            result = read_ledger(ledger)
            problems = check(result)
            assert all(len(str(problem).splitlines()) == 1 for problem in problems), position
