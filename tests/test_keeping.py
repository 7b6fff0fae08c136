"""Suggestions for a mistyped id: close ids by similarity, else ids that contain the fragment."""

from __future__ import annotations

from predictledger._keep.keeping import did_you_mean

IDS = ["zixi-2024-l2-competition", "zixi-2025-btc-100k", "ana-2024-two-cuts"]


def test_a_close_misspelling_is_matched() -> None:
    assert did_you_mean("zixi-l2-compet", IDS) == "; did you mean 'zixi-2024-l2-competition'?"


def test_a_short_fragment_of_a_long_id_is_matched() -> None:
    assert did_you_mean("l2-compet", IDS) == "; did you mean 'zixi-2024-l2-competition'?"


def test_several_matches_are_offered_and_none_is_silence() -> None:
    assert did_you_mean("2024", IDS) == (
        "; did you mean 'zixi-2024-l2-competition' or 'ana-2024-two-cuts'?"
    )
    assert did_you_mean("weather", IDS) == ""
    assert did_you_mean("", IDS) == ""
