"""Every shell example of docs/query.md, docs/imports.md and docs/exports.md, run.

Each page runs in a fresh copy of the test ledger (`tests.interop_helpers`), from its root, with
the platforms' files of tests/imports/ in `exports/`. A ```console block holds commands
(`$ predictledger ...`, continued with a trailing backslash) each followed by what it prints,
standard output then standard error, which must match exactly. The page's ```python blocks
(reading the exports with pandas, DuckDB or Polars) run after its commands, each skipped when
its library is not installed.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest

from predictledger._cli import main
from tests.interop_helpers import make_import_ledger

DOCS = Path(__file__).parent.parent / "docs"
PAGES = ("query.md", "imports.md", "exports.md")
_BLOCK = re.compile(r"```(console|python)\n(.*?)```", re.DOTALL)


def blocks(page: str) -> list[tuple[str, str]]:
    return [
        (m.group(1), m.group(2)) for m in _BLOCK.finditer((DOCS / page).read_text(encoding="utf-8"))
    ]


def commands(block: str) -> list[tuple[str, str]]:
    """The block's commands and the output each is shown to print."""
    found: list[tuple[str, list[str]]] = []
    lines = block.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                index += 1
                command = command[:-1] + " " + lines[index].strip()
            found.append((command, []))
        elif found:
            found[-1][1].append(line)
        index += 1
    return [(command, "".join(line + "\n" for line in output)) for command, output in found]


def needs_missing_pyarrow(text: str) -> bool:
    """True for a command or snippet about Parquet when pyarrow is not installed."""
    return "parquet" in text and importlib.util.find_spec("pyarrow") is None


def run_command(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    words = shlex.split(command)
    assert words[0] == "predictledger", command
    main(words[1:])
    out, err = capsys.readouterr()
    return out + err


def _library(code: str) -> str | None:
    match = re.search(r"^import (\w+)", code, re.MULTILINE)
    return match.group(1) if match else None


@pytest.mark.parametrize("page", PAGES)
def test_every_shell_example_prints_what_the_page_shows(
    page: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_import_ledger(tmp_path / "ledger")
    monkeypatch.chdir(root)
    ran = 0
    for language, block in blocks(page):
        if language != "console":
            continue
        for command, expected in commands(block):
            if needs_missing_pyarrow(command):
                continue  # the Parquet export needs pyarrow (the parquet extra)
            assert run_command(command, capsys) == expected, command
            ran += 1
    assert ran > 0


def python_blocks() -> list[tuple[str, int, str]]:
    return [
        (page, number, code)
        for page in PAGES
        for number, (language, code) in enumerate(blocks(page))
        if language == "python"
    ]


@pytest.mark.parametrize(("page", "number", "code"), python_blocks())
def test_every_python_example_runs(
    page: str,
    number: int,
    code: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library = _library(code)
    if library is not None and importlib.util.find_spec(library) is None:
        pytest.skip(f"{library} is not installed")
    if needs_missing_pyarrow(code):
        pytest.skip("pyarrow is not installed: the Parquet export needs the parquet extra")
    root = make_import_ledger(tmp_path / "ledger")
    monkeypatch.chdir(root)
    for language, block in blocks(page):
        if language == "console":
            for command, _ in commands(block):
                if not needs_missing_pyarrow(command):
                    run_command(command, capsys)
    exec(compile(code, f"{page} block {number}", "exec"), {})
