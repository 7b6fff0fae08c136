"""Nothing in a ledger escapes the ledger.

A ledger is data from whoever wrote it: reading and checking it never runs what it holds,
never connects anywhere, never reads a file outside the ledger root, and never lets its text
rewrite the terminal that shows the problems. Ids are slugs, never paths.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import threading
import unicodedata
import urllib.request
import webbrowser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictledger._checks import check, check_ledger
from predictledger._cli import main
from predictledger._loader import load, read_ledger
from predictledger._text import slug_problem

BASE = Path(__file__).parent / "broken" / "base"
SOURCE = "predictions/sources/techflow-2024-outlook.toml"
SEED = "seeds/techflow-2024-outlook.txt"

# What would do harm if anything in the reader ever evaluated, expanded or fetched it.
PAYLOADS = [
    "$(touch pwned)",
    "`touch pwned`",
    "__import__('os').system('touch pwned')",
    "{{ 7 * 7 }} ${7*7} %(x)s {0.__class__}",
    "${jndi:ldap://127.0.0.1:1389/a}",
    "http://127.0.0.1:9/track.gif",
    "file:///etc/passwd",
    "\\\\127.0.0.1\\share\\x",
]


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Caching is a separate concern with its own tests; here every read comes from the ledger.
    monkeypatch.setenv("PREDICTLEDGER_NO_CACHE", "1")
    root = tmp_path / "ledger"
    shutil.copytree(BASE, root)
    return root


def _run_everything(root: Path) -> str:
    """Every way of reading a ledger: the library, `check` as text and as JSON."""
    result = read_ledger(root)
    check(result)
    with contextlib.suppress(Exception):
        check(load(root))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        main(["check", str(root)])
        main(["check", "--format", "json", str(root)])
    return out.getvalue()


def _forbid(monkeypatch: pytest.MonkeyPatch, target: Any, name: str) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"reading a ledger called {name}{args!r}")

    monkeypatch.setattr(target, name, refuse)


def _hostile_ledger(root: Path) -> None:
    """Payloads in every kind of field: text, ids, references, paths, URLs, evidence."""
    source = root / SOURCE
    text = source.read_text(encoding="utf-8")
    text = text.replace('publisher = "TechFlow"', f"publisher = {json.dumps(PAYLOADS[0])}")
    text = text.replace('language = "fr"', f'language = "fr"\nurl = {json.dumps(PAYLOADS[5])}')
    text = text.replace('sector = "layer-2"', f"sector = {json.dumps(PAYLOADS[2])}")
    source.write_text(text, encoding="utf-8")
    evil = "\n".join(
        f"[[author]]\nid = {json.dumps(payload)}\nname = {json.dumps(payload)}\n"
        f"aliases = {json.dumps(PAYLOADS)}\n"
        for payload in PAYLOADS
    )
    (root / "predictions" / "evil.toml").write_text(evil, encoding="utf-8")
    outcomes = root / "predictions/outcomes/techflow-2024-outlook.toml"
    with outcomes.open("a", encoding="utf-8") as file:
        file.write(
            '\n[[outcome]]\nid = "evil-r1"\nprediction = "$(id)"\nverdict = "true"\n'
            f"resolved_on = 2025-01-01\nevidence = {json.dumps(PAYLOADS)}\n"
            f"digest = {json.dumps(PAYLOADS[1])}\n"
        )


def test_nothing_in_a_ledger_is_run_or_fetched(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hostile_ledger(ledger)
    for name in ("connect", "connect_ex", "sendto", "bind"):
        _forbid(monkeypatch, socket.socket, name)
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        _forbid(monkeypatch, socket, name)
    _forbid(monkeypatch, urllib.request, "urlopen")
    _forbid(monkeypatch, webbrowser, "open")
    _forbid(monkeypatch, subprocess, "Popen")
    for name in ("system", "popen", "execv", "execve", "execvp", "spawnv", "posix_spawn"):
        if hasattr(os, name):
            _forbid(monkeypatch, os, name)
    monkeypatch.chdir(ledger)  # where a `touch pwned` would land

    output = _run_everything(ledger)

    assert not list(ledger.parent.rglob("pwned"))
    # The payloads come back as data, quoted in problems, never as their effect.
    assert "unknown sector '__import__('os').system('touch pwned')'" in output
    assert "author '{{ 7 * 7 }} ${7*7} %(x)s {0.__class__}': field 'id'" in output


def test_a_payload_is_kept_verbatim_as_text(ledger: Path) -> None:
    source = ledger / SOURCE
    text = source.read_text(encoding="utf-8")
    note = " ".join(PAYLOADS)
    source.write_text(text + f"note = {json.dumps(note)}\n", encoding="utf-8")
    assert load(ledger).prediction("zixi-defi-comeback").note == note


# -- ids are slugs, never paths ----------------------------------------------------------------


@given(st.text(max_size=90))
def test_a_slug_is_a_plain_file_name(text: str) -> None:
    if slug_problem(text) is None:
        assert text.isascii()
        assert text.isprintable()
        assert not set(text) & set("/\\.")
        assert text[:1].isalnum()
        assert os.path.basename(text) == text


@pytest.mark.parametrize(
    "bad",
    ["../etc/passwd", "..", "a/b", "a\\b", "/abs", "C:", "x\x00y", "a\nb", "é"],
)
def test_a_path_is_never_a_slug(bad: str) -> None:
    assert slug_problem(bad) is not None


@pytest.mark.parametrize("kind", ["author", "sector", "outcome"])
def test_an_id_that_looks_like_a_path_is_reported(
    ledger: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    (ledger / "predictions" / "extra.toml").write_text(
        {
            "author": '[[author]]\nid = "../../etc/passwd"\nname = "x"\n',
            "sector": '[[sector]]\nid = "seeds/x"\nname = "x"\n',
            "outcome": '[[outcome]]\nid = "..\\\\x"\nprediction = "zixi-defi-comeback"\n'
            'verdict = "void"\nresolved_on = 2025-01-01\nevidence = ["e"]\n'
            'digest = "sha256:8caad034fc426df1064cf971ba5c879c237776555ded1ee33fe6fb48ad8fbe74"\n',
        }[kind],
        encoding="utf-8",
    )
    assert main(["check", str(ledger)]) == 1
    out = capsys.readouterr().out
    assert "predictions/extra.toml:1: " in out
    assert "looks like a path; ids are slugs, never paths" in out


# -- every path a ledger names stays inside the root --------------------------------------------


@contextlib.contextmanager
def _opened_files(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every file opened through Python's `open`, as it was named."""
    opened: list[Path] = []
    real_open = io.open

    def recording_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)):
            opened.append(Path(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr("builtins.open", recording_open)
    yield opened


def _escaping_ledger(root: Path) -> Path:
    """A ledger whose sources point out of it in every way, and a secret just outside."""
    secret = root.parent / "secret.txt"
    secret.write_text("the secret", encoding="utf-8")
    (root.parent / "secret.toml").write_text('[[sector]]\nid = "s"\nname = "S"\n')
    (root / "seeds" / "link.txt").symlink_to(secret)
    (root / "seeds" / "folder").symlink_to(root.parent, target_is_directory=True)
    (root / "predictions" / "linked.toml").symlink_to(root.parent / "secret.toml")
    (root / "predictions" / "linked-folder").symlink_to(root.parent, target_is_directory=True)
    texts = [
        "../secret.txt",
        "seeds/../../secret.txt",
        str(secret),
        "/dev/zero",
        "~/secret.txt",
        "C:\\secret.txt",
        "\\\\host\\share\\secret.txt",
        "seeds/link.txt",
        "seeds/folder/secret.txt",
        "file:///dev/zero",
    ]
    for number, text in enumerate(texts):
        (root / "predictions" / "sources" / f"escape-{number}.toml").write_text(
            f'[source]\nid = "escape-{number}"\ntitle = "t"\npublisher = "p"\n'
            f'published = "2024"\nlanguage = "en"\ntext = {json.dumps(text)}\n\n'
            f'[[prediction]]\nid = "escape-{number}-p"\nauthor = "zixi-eth"\n'
            f'claim = "c"\nquote = "the secret"\nresolution = "r"\n'
            f'horizon = {{ phrase = "2025", start = 2025-01-01 }}\nsector = "markets"\n',
            encoding="utf-8",
        )
    return secret


def test_no_file_outside_the_root_is_ever_opened(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _escaping_ledger(ledger)
    with _opened_files(monkeypatch) as opened:
        output = _run_everything(ledger)

    # Python opens its own files too (package metadata): only the ledger's neighbours and
    # devices are what a ledger could point at.
    root, around = ledger.resolve(), ledger.parent.resolve()
    resolved = [path.resolve() for path in opened]
    outside = [path for path in resolved if path.is_relative_to(around)]
    outside = [path for path in outside if not path.is_relative_to(root)]
    assert outside == []
    assert not [path for path in resolved if path.is_relative_to("/dev")]
    assert any(path.name == "techflow-2024-outlook.txt" for path in opened)  # the spy works
    for number in range(10):
        assert f"predictions/sources/escape-{number}.toml:1: source 'escape-{number}': " in output
    assert "predictions/linked.toml: is a symbolic link or lies outside the ledger root" in output
    # The quote "the secret" is never found, since the secret is never read.
    assert output.count("does not occur in the text of source 'escape-") == 0


def test_a_source_text_through_a_link_inside_the_root_is_read(ledger: Path) -> None:
    (ledger / "seeds" / "alias.txt").symlink_to("techflow-2024-outlook.txt")
    source = ledger / SOURCE
    text = source.read_text(encoding="utf-8").replace(SEED, "seeds/alias.txt")
    source.write_text(text, encoding="utf-8")
    assert check(load(ledger)) == []


def test_loops_of_links_are_reported_not_raised(ledger: Path) -> None:
    # Path.resolve raises RuntimeError (not OSError) on a loop in Python 3.11.
    (ledger / "seeds" / "loop.txt").symlink_to("loop.txt")
    (ledger / "seeds" / "round").symlink_to("round", target_is_directory=True)
    (ledger / "predictions" / "round").symlink_to("round", target_is_directory=True)
    source = ledger / SOURCE
    source.write_text(
        source.read_text(encoding="utf-8").replace(SEED, "seeds/loop.txt"), encoding="utf-8"
    )
    output = _run_everything(ledger)
    assert "field 'text': 'seeds/loop.txt' cannot be resolved: a loop of symbolic links" in output
    assert "Traceback" not in output
    assert "predictions/round" not in output  # a folder is never followed through a link
    source.write_text(
        source.read_text(encoding="utf-8").replace("seeds/loop.txt", "seeds/round/x.txt"),
        encoding="utf-8",
    )
    problems = [problem.message for problem in check_ledger(read_ledger(ledger).ledger)]
    assert any("'seeds/round/x.txt' cannot be resolved" in message for message in problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_never_waited_on(ledger: Path) -> None:
    os.mkfifo(ledger / "predictions" / "pipe.toml")
    os.mkfifo(ledger / "seeds" / "pipe.txt")
    source = ledger / SOURCE
    source.write_text(
        source.read_text(encoding="utf-8").replace(SEED, "seeds/pipe.txt"), encoding="utf-8"
    )
    outputs: list[str] = []
    # Opening a pipe with no writer blocks for ever: a thread lets the test fail instead.
    reader = threading.Thread(target=lambda: outputs.append(_run_everything(ledger)), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert outputs, "reading the ledger waited on a named pipe"
    assert "predictions/pipe.toml: is a folder or a special file, not a regular file" in outputs[0]
    assert "field 'text': 'seeds/pipe.txt' names no file" in outputs[0]


# -- the terminal shows text, never commands --------------------------------------------------


def test_ledger_text_cannot_rewrite_the_terminal(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tricks = ["\x1b[2J\x1b[31m", "\r", "\u202e", "\x85", "\u2028", "\x00", "\x07", "\x9b"]
    hostile = "".join(tricks)
    (ledger / "predictions" / "tricks.toml").write_text(
        f"[[author]]\nid = {json.dumps('a' + hostile)}\nname = {json.dumps(hostile)}\n"
        f"{json.dumps('key' + hostile)} = 1\n\n"
        f"[[sector]]\nid = {json.dumps(hostile)}\n\n"
        f"[{json.dumps('table' + hostile)}]\nx = 1\n",
        encoding="utf-8",
    )
    source = ledger / SOURCE
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            'sector = "layer-2"', f"sector = {json.dumps('layer' + hostile)}"
        ),
        encoding="utf-8",
    )
    (ledger / "predictions" / f"named{hostile.replace(chr(0), '')}.toml").write_text("")
    assert main(["check", str(ledger)]) == 1
    out = capsys.readouterr().out
    lines = out.split("\n")
    assert lines[-1] == ""
    for line in lines:
        unseen = [c for c in line if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
        assert unseen == [], line
    assert "\\x1b[2J\\x1b[31m\\r\\u202e\\x85\\u2028\\x00\\x07\\x9b" in out
    assert out.count("\n") == len(lines) - 1 >= 5


# -- a ledger cannot keep check busy ------------------------------------------------------------


def test_did_you_mean_stops_after_a_fixed_amount_of_work(
    ledger: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each suggestion compares a reference with every author: thousands of both would take
    # hours. A small budget shows the rule that bounds the real one.
    monkeypatch.setattr("predictledger._checks._SUGGESTION_BUDGET", 10 * 502)
    authors = "".join(f'[[author]]\nid = "author-{n:04d}"\nname = "A"\n\n' for n in range(500))
    (ledger / "predictions" / "many-authors.toml").write_text(authors, encoding="utf-8")
    source = ledger / SOURCE
    text = source.read_text(encoding="utf-8")
    for n in range(30):
        text += (
            f'\n[[prediction]]\nid = "dangling-{n}"\nauthor = "author-{n:04d}x"\n'
            'claim = "c"\nquote = "Selon moi"\nresolution = "r"\n'
            'horizon = { phrase = "en 2025", start = 2025-01-01 }\nsector = "markets"\n'
        )
    source.write_text(text, encoding="utf-8")
    assert main(["check", str(ledger)]) == 1
    out = capsys.readouterr().out.splitlines()
    unknown = [line for line in out if "field 'author': unknown author" in line]
    assert len(unknown) == 30
    assert sum("(did you mean 'author-" in line for line in unknown) == 10
    assert "unknown author 'author-0000x' (did you mean 'author-0000'" in unknown[0]
    assert unknown[-1].endswith(
        "unknown author 'author-0029x'; add it to the author registry or correct the id"
    )
