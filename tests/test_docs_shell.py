"""Every shell example of README.md and docs/*.md runs, against a copy of the bundled ledger.

The convention, for whoever writes an example:

- A fenced block whose info string starts with `console`, `sh`, `shell` or `bash` is a shell
  example. (A block without a language, or `text`, is not run: use it for file listings and
  synopses.)
- In a `console` block, a line starting with `$ ` is a command; the lines after it, up to the
  next command, are the output it shows. In `sh`, `shell` and `bash` blocks every line is a
  command and no output is shown; a `#` comment on its own line is skipped.
- A command continues on the next line when its line ends with `\\`, and a here-document
  (`<<'EOF'`) runs to its terminator line.
- Words after the language set how the block runs:
  `exit=N` — every command of the block must exit with status N (default 0);
  `skip="reason"` — the block is not run, and its test is reported skipped with that reason
  (for steps that install the package or rerun this suite);
  `needs=MODULE` — the block needs an optional extra: it runs alone, in its own copy of the
  ledger, when MODULE can be imported, and its test is skipped naming MODULE otherwise.
- Where a `console` block shows output, the output (standard output and standard error, as a
  terminal interleaves them) must be exactly those lines, except that a line `...` stands for
  any number of lines and `...` inside a line for any text, as in doctest. Where no output is
  shown, only the exit status is checked.

The blocks of one document run in order, in one fresh copy of the ledger (its `predictions/`
and `seeds/`), so a document can resolve a claim in one example and correct it in a later one.
Commands run with bash from the copy's root, with this environment's `predictledger` first on
the PATH, no `COLUMNS` (so tables keep whole lines) and `NO_COLOR` set.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from attrs import frozen

REPO = Path(__file__).resolve().parents[1]
OWN_LEDGER = {"query.md", "imports.md", "exports.md"}
"""Pages whose examples need the platforms' export files and a ledger made for them: they run
in `tests/test_interop_docs.py`, against that ledger."""
DOCUMENTS = [
    REPO / "README.md",
    *sorted(p for p in (REPO / "docs").glob("*.md") if p.name not in OWN_LEDGER),
]
SHELL_LANGUAGES = {"console", "sh", "shell", "bash"}
_FENCE = re.compile(r"^```(\S*)[ \t]*(.*)$")
_HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")


@frozen
class Command:
    text: str
    line: int
    output: tuple[str, ...] | None
    """The output the document shows, or `None` when it shows none."""


@frozen
class Block:
    document: Path
    line: int
    language: str
    status: int
    skip: str | None
    needs: str | None
    commands: tuple[Command, ...]

    @property
    def where(self) -> str:
        return f"{self.document.relative_to(REPO)}:{self.line}"


def _options(info: str) -> dict[str, str]:
    options = {}
    for word in shlex.split(info):
        name, _, value = word.partition("=")
        options[name] = value
    return options


def _commands(lines: list[str], first: int, console: bool) -> tuple[Command, ...]:
    commands: list[Command] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if console and not line.startswith("$ "):
            raise AssertionError(f"line {first + index}: output before any command: {line!r}")
        text = line[2:] if console else line
        if not console and (not text.strip() or text.lstrip().startswith("#")):
            index += 1
            continue
        start = index
        parts = [text]
        while parts[-1].endswith("\\") and index + 1 < len(lines):
            index += 1
            parts.append(lines[index])
        heredoc = _HEREDOC.search(parts[-1])
        if heredoc is not None:
            while index + 1 < len(lines):
                index += 1
                parts.append(lines[index])
                if lines[index] == heredoc.group(1):
                    break
        index += 1
        output: list[str] | None = None
        if console:
            output = []
            while index < len(lines) and not lines[index].startswith("$ "):
                output.append(lines[index])
                index += 1
        commands.append(
            Command("\n".join(parts), first + start, None if not output else tuple(output))
        )
    return tuple(commands)


def blocks(document: Path) -> list[Block]:
    """The shell examples of a Markdown document, in order."""
    found = []
    lines = document.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if fence is None:
            index += 1
            continue
        end = index + 1
        while not lines[end].startswith("```"):
            end += 1
        language, info = fence.group(1), fence.group(2)
        if language in SHELL_LANGUAGES:
            options = _options(info)
            body = lines[index + 1 : end]
            found.append(
                Block(
                    document=document,
                    line=index + 1,
                    language=language,
                    status=int(options.get("exit", "0")),
                    skip=options.get("skip"),
                    needs=options.get("needs"),
                    commands=_commands(body, index + 2, language == "console"),
                )
            )
        index = end + 1
    return found


def matches(shown: tuple[str, ...], actual: list[str]) -> bool:
    """True when the `actual` lines are those `shown`, with doctest's `...`."""
    if not shown:
        return not actual
    head, rest = shown[0], shown[1:]
    if head == "...":
        return any(matches(rest, actual[skip:]) for skip in range(len(actual) + 1))
    if not actual:
        return False
    pattern = ".*".join(re.escape(part) for part in head.split("..."))
    return re.fullmatch(pattern, actual[0].rstrip()) is not None and matches(rest, actual[1:])


def _ledger_copy(root: Path) -> Path:
    for folder in ("predictions", "seeds"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREDICTLEDGER")}
    env.pop("COLUMNS", None)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    env["PYTHONUNBUFFERED"] = "1"  # standard output and error in the order they were written
    env["PREDICTLEDGER_CACHE_DIR"] = os.environ.get("PREDICTLEDGER_CACHE_DIR", "")
    return {key: value for key, value in env.items() if value}


def run_block(block: Block, root: Path) -> None:
    for command in block.commands:
        done = subprocess.run(
            ["bash", "-c", f"{command.text}\n"],
            cwd=root,
            env=_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
        )
        where = f"{block.document.relative_to(REPO)}:{command.line}"
        actual = done.stdout.splitlines()
        assert done.returncode == block.status, (
            f"{where}: exit status {done.returncode}, the document expects {block.status}; "
            f"output:\n{done.stdout}"
        )
        if command.output is not None:
            assert matches(command.output, actual), (
                f"{where}: the output differs from the document's.\nshown:\n"
                + "\n".join(command.output)
                + "\nactual:\n"
                + done.stdout
            )


ALL = [block for document in DOCUMENTS for block in blocks(document)]


def test_the_documents_hold_shell_examples() -> None:
    """The convention is found: a parser that found nothing would pass every test below."""
    by_document = {block.document.name for block in ALL}
    assert {"README.md", "keeping.md", "tutorial.md"} <= by_document
    assert sum(len(block.commands) for block in ALL if block.skip is None) >= 20
    assert any(block.status != 0 for block in ALL)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize(
    "document", [d for d in DOCUMENTS if any(b.document == d for b in ALL)], ids=lambda d: d.name
)
def test_every_example_of_a_document_runs(document: Path, tmp_path: Path) -> None:
    root = _ledger_copy(tmp_path)
    for block in blocks(document):
        if block.skip is None and block.needs is None:
            run_block(block, root)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("block", [b for b in ALL if b.needs is not None], ids=lambda b: b.where)
def test_examples_that_need_an_extra_run_when_it_is_installed(block: Block, tmp_path: Path) -> None:
    assert block.needs is not None
    if importlib.util.find_spec(block.needs) is None:
        pytest.skip(f"{block.where}: needs {block.needs}, which is not installed")
    run_block(block, _ledger_copy(tmp_path))


@pytest.mark.parametrize("block", [b for b in ALL if b.skip is not None], ids=lambda b: b.where)
def test_examples_not_run_say_why(block: Block) -> None:
    assert block.skip, f"{block.where}: skip= needs a reason"
    pytest.skip(f"{block.where}: {block.skip}")


@pytest.mark.parametrize(
    ("shown", "actual", "expected"),
    [
        (("a", "b"), ["a", "b"], True),
        (("a", "b"), ["a", "b", "c"], False),
        (("a", "..."), ["a", "b", "c"], True),
        (("...", "c"), ["a", "b", "c"], True),
        (("...", "d"), ["a", "b", "c"], False),
        (("a...c",), ["abbbc"], True),
        (("a...c",), ["abbbd"], False),
        (("x = 1",), ["x = 1   "], True),
        ((), [], True),
    ],
)
def test_output_matching(shown: tuple[str, ...], actual: list[str], expected: bool) -> None:
    assert matches(shown, actual) is expected


def test_the_parser_reads_the_convention(tmp_path: Path) -> None:
    document = tmp_path / "doc.md"
    document.write_text(
        "text\n\n```console exit=2\n$ predictledger resolve nope \\\n    --verdict true\n"
        'predictledger: error: ...\n$ true\n```\n\n```sh skip="needs the network"\n'
        "pip install x\n```\n\n```\nnot run\n```\n\n```sh\n# a comment\nfoo <<'EOF'\n"
        "a\nEOF\nbar\n```\n",
        encoding="utf-8",
    )
    found = blocks(document)
    assert [(b.language, b.status, b.skip) for b in found] == [
        ("console", 2, None),
        ("sh", 0, "needs the network"),
        ("sh", 0, None),
    ]
    first, second = found[0].commands
    assert first.text == "predictledger resolve nope \\\n    --verdict true"
    assert first.output == ("predictledger: error: ...",)
    assert (second.text, second.output) == ("true", None)
    assert [c.text for c in found[2].commands] == ["foo <<'EOF'\na\nEOF", "bar"]
