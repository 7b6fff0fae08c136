"""Shell completion: `predictledger completion bash|zsh|fish` and `__complete ids`, `--version`,
and the pre-commit hook definition.

The bash script is exercised through bash's own completion machinery in a subprocess: the
function it registers is called with `COMP_WORDS` and `COMP_CWORD` set as bash sets them on Tab.
The zsh and fish scripts are checked with `zsh -n` and `fish -n` where those shells exist.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from predictledger import load
from predictledger._cli import COMMANDS, main
from predictledger._cli._complete import prediction_ids
from tests.ledger_factory import make_ledger

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def script(capsys: pytest.CaptureFixture[str], shell: str) -> str:
    assert main(["completion", shell]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PREDICTLEDGER_LEDGER", None)
    return env


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("completion")
    path = folder / "predictledger.bash"
    done = subprocess.run(
        [str(BIN / "predictledger"), "completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    )
    path.write_text(done.stdout, encoding="utf-8")
    return path


def complete(bash_script: Path, line: str, cwd: Path) -> list[str]:
    """What Tab offers after `line` (which ends where the cursor is) in bash."""
    words = shlex.split(line)
    if line.endswith(" "):
        words.append("")
    program = (
        f"source {shlex.quote(str(bash_script))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={shlex.quote(line)}\n"
        f"COMP_POINT={len(line)}\n"
        # The function `complete -p` names is the one bash would call.
        "spec=$(complete -p predictledger)\n"
        "function=${spec#*-F }; function=${function%% *}\n"
        '"$function" predictledger "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [word for word in done.stdout.splitlines() if word]


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@needs_bash
def test_bash_completes_commands_options_choices_and_ids(bash_script: Path, tmp_path: Path) -> None:
    root = make_ledger(tmp_path / "ledger", resolved=True)
    (root / "notes").mkdir()
    assert complete(bash_script, "predictledger ", root) == [c.name for c in COMMANDS] + [
        "--help",
        "--version",
    ]
    assert complete(bash_script, "predictledger sc", root) == ["scorecard"]
    assert complete(bash_script, "predictledger scorecard --fo", root) == ["--format"]
    assert complete(bash_script, "predictledger scorecard --format ", root) == [
        "table",
        "markdown",
        "json",
        "html",
    ]
    assert complete(bash_script, "predictledger list --verdict", root) == ["--verdict"]
    assert complete(bash_script, "predictledger resolve x --verdict p", root) == ["partial"]
    assert complete(bash_script, "predictledger completion ", root) == ["bash", "zsh", "fish"]
    # The ledger's ids, for show and resolve, read where the command runs.
    ids = [p.id for p in load(root).predictions]
    assert sorted(complete(bash_script, "predictledger show ", root)) == sorted(ids)
    assert complete(bash_script, "predictledger resolve zixi-2024", root) == [
        "zixi-2024-l2-competition"
    ]
    # ... or in the ledger given with --path, from anywhere.
    assert complete(bash_script, f"predictledger resolve --path {root} ana", tmp_path) == [
        "ana-2024-two-cuts"
    ]
    # ... and from a folder inside the ledger.
    assert complete(bash_script, "predictledger show ana", root / "notes") == ["ana-2024-two-cuts"]
    # After the id comes the ledger's folder; a value that takes no completion gets none.
    assert complete(bash_script, "predictledger show ana-2024-two-cuts no", root) == ["notes"]
    assert complete(bash_script, "predictledger due --as-of ", root) == []
    # Outside any ledger, no ids and no error.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert complete(bash_script, "predictledger show ", outside) == []


@needs_bash
def test_bash_offers_every_option_of_every_command(bash_script: Path, tmp_path: Path) -> None:
    import argparse
    import importlib

    for command in COMMANDS:
        parser = argparse.ArgumentParser()
        importlib.import_module(command.module, "predictledger._cli").add_arguments(parser)
        expected = {name for action in parser._actions for name in action.option_strings}
        offered = complete(bash_script, f"predictledger {command.name} -", tmp_path)
        assert set(offered) == expected, command.name


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_parse(capsys: pytest.CaptureFixture[str], shell: str) -> None:
    text = script(capsys, shell)
    assert "__complete ids" in text
    for command in COMMANDS:
        assert command.name in text
    program = shutil.which(shell)
    if program is None:
        pytest.skip(f"{shell} is not installed, so its script cannot be parsed with {shell} -n")
    done = subprocess.run([program, "-n"], input=text, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_complete_ids_matches_the_loaded_ledger() -> None:
    ledger = load(REPO)
    assert sorted(prediction_ids(REPO)) == sorted(p.id for p in ledger.predictions)


def test_complete_ids_survives_a_broken_ledger(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    (root / "predictions" / "broken.toml").write_bytes(b'[[prediction]\nid = "x\n\xff\xfe')
    assert main(["__complete", "ids", "--path", str(root)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "ana-2024-two-cuts" in out.split()
    assert main(["__complete", "ids", "--path", str(tmp_path / "nowhere")]) == 0
    assert capsys.readouterr() == ("", "")


def test_the_hidden_command_is_listed_nowhere(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "__complete" not in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from predictledger._version import __version__

    assert __version__ == version("predictledger")
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"predictledger {__version__}\n"


def test_the_pre_commit_hook_runs_check() -> None:
    """`.pre-commit-hooks.yaml` defines one hook that runs `predictledger check` on the whole
    ledger (no file names passed) when a ledger file or a source text changes."""
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entries = [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]
    fields = dict(line.lstrip("- ").split(": ", 1) for line in entries)
    assert fields["id"] == "predictledger-check"
    assert fields["entry"] == "predictledger check"
    assert fields["language"] == "python"
    assert fields["pass_filenames"] == "false"
    import re

    files = re.compile(fields["files"])
    assert files.search("predictions/sources/x.toml")
    assert files.search("seeds/x.txt")
    assert not files.search("README.md")
    # The entry is a command this version has, and it passes on the bundled ledger.
    done = subprocess.run(
        [str(BIN / "predictledger"), "check"], cwd=REPO, capture_output=True, env=_env()
    )
    assert done.returncode == 0
