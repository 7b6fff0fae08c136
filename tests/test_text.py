"""The text rules: suggestions, terminal-safe text, cell widths, slugs and the fold table."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictledger._text import (
    _JSON_ESCAPES,
    FOLD,
    all_slugs,
    cell_text,
    cell_width,
    is_slug,
    json_safe,
    slug_problem,
    suggest,
    terminal_safe,
)

IDS = ["zixi-2024-l2-competition", "zixi-2025-btc-100k", "ana-2024-two-cuts"]


# -- suggestions ---------------------------------------------------------------------------------


def test_a_close_misspelling_is_matched() -> None:
    assert suggest("zixi-l2-compet", IDS) == " (did you mean 'zixi-2024-l2-competition'?)"


def test_a_short_fragment_of_a_long_id_is_matched() -> None:
    assert suggest("l2-compet", IDS) == " (did you mean 'zixi-2024-l2-competition'?)"


def test_several_matches_are_offered_and_none_is_silence() -> None:
    assert suggest("2024", IDS) == (
        " (did you mean 'zixi-2024-l2-competition' or 'ana-2024-two-cuts'?)"
    )
    assert suggest("weather", IDS) == ""
    assert suggest("", IDS) == ""


# -- terminal-safe text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[31mb", "a\\x1b[31mb"),  # ESC: a terminal obeys it
        ("x\u202eevil", "x\\u202eevil"),  # right-to-left override ("Trojan Source")
        ("x\u2066y\u2069", "x\\u2066y\\u2069"),  # isolates
        ("x\u200fy\u061cz", "x\\u200fy\\u061cz"),  # right-to-left and Arabic letter marks
        ("one\u2028two\u2029", "one\\u2028two\\u2029"),  # line and paragraph separators
        ("bell\x07\x7f\x85\x9b", "bell\\x07\\x7f\\x85\\x9b"),  # C0, DEL and C1 controls
        ("one\ntwo\tthree\r", "one\\ntwo\\tthree\\r"),
    ],
)
def test_unsafe_characters_are_escaped_as_python_writes_them(raw: str, shown: str) -> None:
    assert terminal_safe(raw) == shown


@pytest.mark.parametrize(
    "text",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0645",  # Persian: a zero-width non-joiner
        "👩\u200d💻",  # an emoji sequence held by a zero-width joiner
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # a flag's tag characters
        "café, 日本, e\u0301, « probablement »",
    ],
)
def test_real_text_is_kept(text: str) -> None:
    assert terminal_safe(text) == text
    assert cell_text(text) == text


def test_newlines_keeps_line_feeds_and_tabs_only() -> None:
    assert terminal_safe("one\ntwo\tthree", newlines=True) == "one\ntwo\tthree"
    assert terminal_safe("one\r\ntwo\x1b", newlines=True) == "one\\r\ntwo\\x1b"


def test_a_cell_is_one_line() -> None:
    assert cell_text("one\n  two\tthree") == "one two three"
    assert cell_text("\x1b[31mred\nThe Fed") == "\\x1b[31mred The Fed"
    assert cell_text("two  spaces") == "two  spaces"  # only a line break or tab flattens


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    for safe in (terminal_safe(text), cell_text(text)):
        assert not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in safe)
        assert not any(ch in safe for ch in "\u061c\u200e\u200f\u202a\u202e\u2066\u2069")
    kept = terminal_safe(text, newlines=True)
    assert not any(unicodedata.category(ch) == "Cc" for ch in kept if ch not in "\n\t")


def test_json_safe_escapes_each_unsafe_character_wherever_it_stands() -> None:
    for code in [*_JSON_ESCAPES, 0x41, 0x7E, 0xA0, 0xE9, 0x20AC, 0x1F600]:
        for text in (chr(code), f"a{chr(code)}", f"{chr(code)}b", f"ab {chr(code)} cd"):
            assert json_safe(text) == "".join(_JSON_ESCAPES.get(ord(ch), ch) for ch in text)


@given(st.text())
def test_json_safe_leaves_nothing_unsafe_and_reads_back_the_same(text: str) -> None:
    written = json_safe(json.dumps(text, ensure_ascii=False))
    assert not any(ord(ch) in _JSON_ESCAPES for ch in written)
    assert json.loads(written) == text


def test_widths_count_terminal_cells() -> None:
    assert cell_width("abc") == 3
    assert cell_width("日本") == 4
    assert cell_width("e\u0301") == 1


# -- slugs and folding ---------------------------------------------------------------------------


@given(st.lists(st.text(alphabet="ab-\n1É", max_size=6), max_size=5))
def test_all_slugs_agrees_with_the_slug_rule(ids: list[str]) -> None:
    assert all_slugs(ids) == all(is_slug(i) for i in ids)
    assert all(is_slug(i) == (slug_problem(i) is None) for i in ids)


def test_the_fold_table_forgives_apostrophes_and_dashes() -> None:
    assert (
        "l\u2019an\u00a0\u2013 peut\u2011\u00eatre".translate(FOLD) == "l'an\u00a0- peut-\u00eatre"
    )
