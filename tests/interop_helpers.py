"""Shared set-up for the query, import and export tests: the small test ledger with a sector
for imported forecasts, and the platforms' export files under tests/imports/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from predictledger._cli import main
from tests.ledger_factory import make_ledger

IMPORTS = Path(__file__).parent / "imports"

FORECASTING = """
[[sector]]
id = "forecasting"
name = "Forecasting practice"
"""


def make_import_ledger(root: Path, *, resolved: bool = True) -> Path:
    """The test ledger (`tests.ledger_factory`) with a `forecasting` sector, and the platforms'
    files copied to `root/exports/`."""
    make_ledger(root, resolved=resolved)
    with (root / "predictions" / "sectors.toml").open("a", encoding="utf-8") as file:
        file.write(FORECASTING)
    shutil.copytree(IMPORTS, root / "exports")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err
