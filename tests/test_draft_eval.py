"""The two annotated sets for drafting (development and held-out) stay consistent with their texts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from benchmarks.draft_eval.check import HERE, main, mismatches

HELD_OUT = HERE.parent / "draft_heldout"
SETS = {"development": HERE, "held-out": HELD_OUT}
ARTICLES = [path for folder in SETS.values() for path in sorted(folder.glob("[0-9][0-9]-*.toml"))]


@pytest.mark.parametrize("name", SETS)
def test_each_set_has_french_english_and_interviews(name: str):
    paths = sorted(SETS[name].glob("[0-9][0-9]-*.toml"))
    data = [tomllib.loads(path.read_text(encoding="utf-8")) for path in paths]
    assert {d["language"] for d in data} == {"fr", "en"}
    assert sum(bool(d.get("interview")) for d in data) >= (2 if name == "held-out" else 1)
    assert len(paths) >= (6 if name == "held-out" else 4)


def test_the_held_out_set_shares_no_text_with_the_development_set():
    development = {p.read_text(encoding="utf-8") for p in HERE.glob("[0-9][0-9]-*.txt")}
    assert not development & {p.read_text(encoding="utf-8") for p in HELD_OUT.glob("*.txt")}


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_span_occurs_verbatim(path: Path):
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert mismatches(path.name, text, tomllib.loads(path.read_text(encoding="utf-8"))) == []


def test_a_changed_text_is_caught():
    path = ARTICLES[0]
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert mismatches(path.name, "nothing here", data)


def test_the_checker_takes_either_folder(capsys: pytest.CaptureFixture[str]):
    assert main([str(HELD_OUT)]) == 0
    assert "08-latribune-croissance-2003" in capsys.readouterr().out
    assert main([]) == 0
    assert "01-ahgraber-predictions-2025" in capsys.readouterr().out
