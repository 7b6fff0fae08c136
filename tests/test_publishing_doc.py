"""Every shell example of docs/publishing.md runs, in order, on a copy of the bundled ledger."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from tests.site_helpers import REPO, copy_bundled

DOC = REPO / "docs" / "publishing.md"


def examples() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text("utf-8"), flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _install(words: list[str]) -> None:
    # Installing is not repeated here (no network in a test): the extra it names must exist,
    # and what it installs must be importable, as it is in the environment the tests run in.
    requirement = words[-1]
    extra = re.fullmatch(r"predictledger\[(\w+)\]", requirement)
    assert extra, requirement
    extras = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
    for needed in extras[extra.group(1)]:
        module = re.split(r"[<>=\[ ]", needed, maxsplit=1)[0].lower()
        __import__(module)


def _serve(words: list[str], cwd: Path) -> None:
    # A server runs until stopped: it is started on a free port, asked for the index, stopped.
    port = str(_free_port())
    words = [sys.executable if w == "python3" else port if w == "8000" else w for w in words]
    server = subprocess.Popen(words, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2) as r:
                    assert r.status == 200
                    assert b"Leaderboard" in r.read()
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_doc_has_examples() -> None:
    assert any(line.startswith("predictledger site") for line in examples())


def test_every_shell_example_runs(tmp_path: Path) -> None:
    root = copy_bundled(tmp_path / "ledger")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    for line in examples():
        words = shlex.split(line)
        if words[:2] == ["pip", "install"]:
            _install(words)
            continue
        if "http.server" in words:
            _serve(words, root)
            continue
        if words[0] == "predictledger":
            words = [sys.executable, "-m", "predictledger", *words[1:]]
        done = subprocess.run(words, cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{line}\n{done.stderr}"
    assert (root / "public" / "index.html").is_file()
    assert (root / "record.tar.gz").stat().st_size > 1000


@pytest.mark.parametrize("line", [line for line in examples() if line.startswith("predictledger")])
def test_each_command_of_the_doc_is_known(line: str) -> None:
    from predictledger._cli import build_parser

    words = shlex.split(line)[1:]
    build_parser(words).parse_args(words)
