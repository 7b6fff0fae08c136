"""The held-out evaluation set for drafting stays consistent with its texts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from benchmarks.draft_eval.check import HERE, mismatches

ARTICLES = sorted(HERE.glob("[0-9][0-9]-*.toml"))


def test_the_set_has_french_english_and_interviews():
    data = [tomllib.loads(path.read_text(encoding="utf-8")) for path in ARTICLES]
    assert {d["language"] for d in data} == {"fr", "en"}
    assert sum(bool(d.get("interview")) for d in data) >= 1
    assert len(ARTICLES) >= 4


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_span_occurs_verbatim(path: Path):
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert mismatches(path.name, text, tomllib.loads(path.read_text(encoding="utf-8"))) == []


def test_a_changed_text_is_caught():
    path = ARTICLES[0]
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert mismatches(path.name, "nothing here", data)
