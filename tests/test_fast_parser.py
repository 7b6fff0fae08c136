"""The fast TOML path (the `fast` extra) reads exactly what tomllib reads, and rejects the rest.

A ledger must never be valid on the fast path and broken on the default one. The tests check
each TOML 1.1 addition by name, at both layers that keep it out (the screen, and toml-rs's own
1.0 mode), then compare the two paths on generated documents that mix valid TOML 1.0, TOML 1.1
syntax and corruptions, on every TOML file of the repository, and on whole ledgers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from predictledger import Ledger, Location
from predictledger._loader import read_ledger
from predictledger._speed import toml_rs as backend

toml_rs = pytest.importorskip("toml_rs")

REPO = Path(__file__).resolve().parent.parent


def _outcome(parse: Any, text: str) -> tuple[str, str]:
    """What parsing gives, comparable across parsers: the value's repr (types, key order, NaN
    included) or the error's type and message."""
    try:
        return "ok", repr(parse(text))
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
        return "error", f"{type(error).__name__}: {error}"


def _fast(text: str) -> dict[str, Any]:
    return backend.loads(text, fast=True)


# -- each TOML 1.1 addition, by name -------------------------------------------------------

TOML_1_1 = {
    "escape e": 'a = "\\e[1m"',
    "escape x": 'a = "\\x41"',
    "inline table on two lines": "a = { b = 1,\n c = 2 }",
    "nested inline table on two lines": "a = { b = { c = 1 },\n d = 2 }",
    "inline table with a trailing comma": "a = { b = 1, }",
    "time without seconds": "t = 12:30",
    "local date-time without seconds": "t = 2024-01-01T12:30",
    "offset date-time without seconds": "t = 2024-01-01 12:30Z",
}


@pytest.mark.parametrize("text", TOML_1_1.values(), ids=TOML_1_1.keys())
def test_each_toml_1_1_addition_is_kept_out_twice(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    # The screen sends it to tomllib...
    assert backend.screen(text) is not None
    # ...and toml-rs in its 1.0 mode would refuse it anyway...
    with pytest.raises(ValueError):  # noqa: PT011 - toml-rs's error type is a ValueError
        toml_rs.loads(text, toml_version="1.0.0")
    # ...so the fast path fails as tomllib does, with tomllib's words.
    assert _outcome(_fast, text) == _outcome(tomllib.loads, text)


def test_the_screen_passes_what_the_ledger_format_writes() -> None:
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in text.split("```toml\n")[1:]]
    assert blocks
    for block in blocks:
        assert backend.screen(block) is None, block


def test_a_decimal_integer_too_long_for_python_fails_as_in_tomllib() -> None:
    text = "a = " + "9" * (sys.get_int_max_str_digits() + 1)
    assert backend.screen(text) == "a number too long for tomllib"
    assert _outcome(_fast, text) == _outcome(tomllib.loads, text)
    assert _outcome(_fast, text)[0] == "error"


def test_deep_nesting_never_reaches_the_rust_parser() -> None:
    # toml-rs overflows its stack (and kills the process) at a few thousand levels; tomllib
    # raises RecursionError, which the loader reports. A child process shows a crash plainly.
    script = (
        "from predictledger._speed.toml_rs import loads\n"
        "for opener, closer in (('[', ']'), ('{b = ', '}')):\n"
        "    text = 'a = ' + opener * 100_000 + '1' + closer * 100_000\n"
        "    try:\n"
        "        loads(text, fast=True)\n"
        "    except RecursionError:\n"
        "        print('refused')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["refused", "refused"]


def test_nesting_at_the_limit_still_takes_the_fast_path() -> None:
    depth = backend.MAX_FAST_NESTING
    assert backend.screen("a = " + "[" * (depth - 1) + "]" * (depth - 1)) is None
    assert backend.screen("a = " + "[" * (depth + 1) + "]" * (depth + 1)) is not None


def test_the_environment_can_force_tomllib(monkeypatch: pytest.MonkeyPatch) -> None:
    assert backend.backend_name().startswith("toml-rs")
    monkeypatch.setenv("PREDICTLEDGER_TOML", "tomllib")
    assert backend.backend_name() == "tomllib"
    assert not backend.fast_available()


# -- generated documents ----------------------------------------------------------------------

_keys = st.sampled_from(["a", "b", "key-1", "_x", '"quoted key"', "'lit'", "a.b", '"a"."b"', "é"])
_strings = st.sampled_from(
    [
        '"plain"',
        '"caf\\u00e9"',
        '"tab\\tnew\\nline"',
        '"\\e"',
        '"\\x41"',
        '"\\\\"',
        '"\\""',
        '"\\uD800"',
        '"\\U0001F600"',
        "'literal \\e'",
        '"""multi\nline"""',
        '"""a\\\n  b"""',
        "'''raw\nlines'''",
        '"""ends with ""quotes"""""',
        '"x\r\ny"',
        '"""x\r\ny"""',
        "'''x\r\ny'''",
        '"unterminated',
        '"{[,]}"',
        "'# not a comment'",
        '"12:30"',
    ]
)
_numbers = st.sampled_from(
    [
        "1",
        "-0",
        "+17",
        "1_000",
        "0x_1",
        "0xDEAD_beef",
        "0o17",
        "0b101",
        "01",
        "1__2",
        "9223372036854775808",
        "1.5",
        "-0.0",
        "1e1000",
        "6.626e-34",
        "inf",
        "-nan",
        ".5",
        "5.",
        "1e",
        "1_000.0_1",
        "true",
        "false",
    ]
)
_datetimes = st.sampled_from(
    [
        "1979-05-27",
        "1979-05-27T07:32:00",
        "1979-05-27 07:32:00Z",
        "1979-05-27t07:32:00z",
        "1979-05-27T00:32:00.999999999-07:00",
        "07:32:00",
        "07:32",
        "1979-05-27T07:32",
        "2024-02-30",
        "1979-05-27T23:59:60Z",
        "24:00:00",
        "1979-05-27T00:32:00+24:00",
    ]
)


def _values(depth: int = 2) -> st.SearchStrategy[str]:
    leaf = _strings | _numbers | _datetimes
    if depth == 0:
        return leaf
    inner = _values(depth - 1)
    separator = st.sampled_from([", ", ",", ",\n", " , ", ",\n# c\n"])
    arrays = st.builds(
        lambda items, sep, end: "[" + sep.join(items) + end + "]",
        st.lists(inner, max_size=3),
        separator,
        st.sampled_from(["", ",", ",\n", "\n"]),
    )
    tables = st.builds(
        lambda pairs, sep, end: "{ " + sep.join(f"{k} = {v}" for k, v in pairs) + end + " }",
        st.lists(st.tuples(_keys, inner), max_size=3),
        separator,
        st.sampled_from(["", ",", "\n", ",\n"]),
    )
    return leaf | arrays | tables


_lines = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", _keys, _values()),
    st.builds(lambda k: f"[{k}]", _keys),
    st.builds(lambda k: f"[[{k}]]", _keys),
    st.sampled_from(["", "# a comment", "#\x7f", "[prediction.horizon]", "x = 1 # c"]),
)
_noise = st.sampled_from([*"\"'{}[],.=#:\\\n \t\r", "\x00", "\u2028", '"""', "'''"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    text = "\n".join(draw(st.lists(_lines, max_size=6)))
    for _ in range(draw(st.integers(0, 2))):  # a few corruptions at random places
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_noise) + text[at + draw(st.integers(0, 2)) :]
    return text


@settings(max_examples=400)
@given(documents())
def test_the_fast_path_reads_every_document_as_tomllib_does(text: str) -> None:
    assert _outcome(_fast, text) == _outcome(tomllib.loads, text)


@settings(max_examples=400)
@given(documents())
def test_what_passes_the_screen_and_toml_rs_is_what_tomllib_reads(text: str) -> None:
    # The guarantee itself, without the fallback: a value from the fast parser is tomllib's.
    if backend.screen(text) is not None:
        return
    try:
        fast = toml_rs.loads(text, toml_version="1.0.0")
    except ValueError:
        return
    assert _outcome(tomllib.loads, text) == ("ok", repr(fast))


# -- real files and whole ledgers -----------------------------------------------------------


def _repository_toml() -> list[Path]:
    return sorted(
        path
        for folder in ("tests", "predictions", "src", "docs")
        for path in (REPO / folder).rglob("*.toml")
    )


def test_every_toml_file_of_the_repository_reads_the_same() -> None:
    files = _repository_toml()
    assert len(files) > 10
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert _outcome(_fast, text) == _outcome(tomllib.loads, text), path


def _origins(ledger: Ledger) -> list[Location | None]:
    return [
        *(record.origin for record in ledger.sources),
        *(record.origin for record in ledger.predictions),
        *(record.origin for record in ledger.outcomes),
    ]


def _ledger_roots() -> list[Path]:
    roots = [REPO, REPO / "tests" / "golden" / "ledger", REPO / "tests" / "broken" / "base"]
    return [root for root in roots if (root / "predictions").is_dir()]


@pytest.mark.parametrize("root", _ledger_roots(), ids=lambda root: root.name or "bundled")
def test_ledgers_read_to_the_same_records_and_problems(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREDICTLEDGER_NO_CACHE", "1")
    fast = read_ledger(root, jobs=1)
    monkeypatch.setenv("PREDICTLEDGER_TOML", "tomllib")
    slow = read_ledger(root, jobs=1)
    assert fast.ledger == slow.ledger
    assert fast.problems == slow.problems
    assert fast.unreadable == slow.unreadable
    assert _origins(fast.ledger) == _origins(slow.ledger)
    assert fast.ledger.predictions or fast.problems
