"""The public names load on first use, and a command loads only its own modules."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import predictledger
from predictledger import _cli

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(code: str) -> set[str]:
    """The predictledger modules a fresh interpreter has imported after running `code`."""
    script = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('predictledger'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_every_public_name_is_there() -> None:
    for name in predictledger.__all__:
        assert getattr(predictledger, name) is not None, name
    assert set(predictledger.__all__) <= set(dir(predictledger))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        predictledger.nothing_here  # noqa: B018


def test_the_type_checker_sees_the_lazy_names_where_they_load_from() -> None:
    # The imports under TYPE_CHECKING and the table of lazy names must name the same things.
    tree = ast.parse(Path(predictledger.__file__).read_text(encoding="utf-8"))
    guarded = next(node for node in tree.body if isinstance(node, ast.If))
    imported = {
        alias.name: "." * node.level + (node.module or "")
        for node in guarded.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    submodules = {
        alias.name
        for node in guarded.body
        if isinstance(node, ast.ImportFrom) and not node.module
        for alias in node.names
    }
    assert imported == predictledger._LAZY
    assert submodules == predictledger._LAZY_SUBMODULES
    assert set(predictledger._LAZY) | submodules <= set(predictledger.__all__)


def test_the_public_submodules_load_on_first_use() -> None:
    loaded = _modules_after("import predictledger")
    assert "predictledger._loader" in loaded  # the core is eager
    assert not {
        m for m in loaded if m.startswith(("predictledger._score", "predictledger._report"))
    }
    assert not {"predictledger.scoring", "predictledger.hedges", "predictledger.writing"} & loaded
    for name in ("scoring", "hedges", "writing", "errors"):
        module = getattr(predictledger, name)
        assert module.__name__ == f"predictledger.{name}"
        for public in module.__all__:
            assert getattr(module, public) is not None, (name, public)


def test_a_command_loads_only_what_it_needs() -> None:
    check = _modules_after(
        "from predictledger._cli import main\nmain(['check', '.'])"  # the bundled ledger
    )
    assert "predictledger._cli.check" in check
    assert not {m for m in check if m.startswith(("predictledger._report", "predictledger._score"))}
    assert "predictledger._cli.scorecard" not in check


def test_help_lists_every_command_and_each_command_its_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        _cli.main(["--help"])
    listing = " ".join(capsys.readouterr().out.split())  # as argparse wraps it
    for command in _cli.COMMANDS:
        assert f"{command.name} {command.help}" in listing
    for command in _cli.COMMANDS:
        with pytest.raises(SystemExit):
            _cli.main([command.name, "--help"])
        own = " ".join(capsys.readouterr().out.split())
        assert f"usage: predictledger {command.name} [-h]" in own
        assert command.help in own
    # Built for every command at once, the parser knows every command's options.
    every = _cli.build_parser()
    assert every.parse_args(["scorecard", "--by", "sector"]).by == ("sector",)
    assert every.parse_args(["check", "--no-cache"]).no_cache


def test_a_misspelt_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli.main(["chek"]) == 2
    assert "unknown command 'chek' (did you mean 'check'?)" in capsys.readouterr().err


def test_the_version_is_looked_up_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        _cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"predictledger {version('predictledger')}\n"
    assert "importlib.metadata" not in _modules_after(
        "from predictledger._cli import build_parser\nbuild_parser(['check'])"
    )


def test_every_exception_class_derives_from_the_base():
    """Every exception class the package defines is a `PredictLedgerError`, and survives pickling
    (helper processes send errors back)."""
    import importlib
    import pickle
    import pkgutil

    import predictledger
    from predictledger.errors import PredictLedgerError

    found = []
    for info in pkgutil.walk_packages(predictledger.__path__, "predictledger."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == info.name
            ):
                found.append(value)
                assert issubclass(value, PredictLedgerError), value
    assert len(found) >= 8
    from predictledger._problems import Problem
    from predictledger.errors import HorizonError, LedgerError, LedgerWriteError

    for error in (
        LedgerError([Problem(path="a.toml", line=3, message="bad")]),
        LedgerWriteError("a.toml", "disk full"),
        HorizonError("soon", "not understood"),
    ):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert str(again) == str(error)
