"""Every table and key of a TOML file gets its line."""

from __future__ import annotations

import tomllib
from pathlib import Path

from predictledger._read.lines import index_lines

TEXT = (Path(__file__).parent / "golden" / "locate.toml").read_text(encoding="utf-8")


def test_tables_and_keys_get_their_lines() -> None:
    tomllib.loads(TEXT)  # the scanner only ever sees valid TOML
    lines = index_lines(TEXT)
    assert lines.line(("source",)) == 2
    assert lines.line(("source", "people")) == 4
    assert lines.line(("prediction", 0)) == 8
    assert lines.line(("prediction", 0, "quote")) == 10
    assert lines.line(("prediction", 0, "horizon")) == 14
    assert lines.line(("prediction", 0, "horizon", "start")) == 14
    assert lines.line(("prediction", 1)) == 16
    assert lines.line(("prediction", 1, "id")) == 17
    assert lines.line(("prediction", 1, "horizon", "end")) == 20
    assert lines.line(("prediction", 1, "probability", "value")) == 22


def test_unknown_paths_fall_back_to_the_closest_known_table() -> None:
    lines = index_lines(TEXT)
    assert lines.line(("prediction", 1, "tags", 3)) == 16
    assert lines.line(("outcome", 0)) == 0


def test_a_line_separator_inside_a_string_does_not_shift_lines() -> None:
    text = 'a = "x\u2028y\u0085z"\n[[prediction]]\nid = "p"\n'
    assert index_lines(text).line(("prediction", 0, "id")) == 3
