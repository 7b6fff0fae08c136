"""The converter refuses what cattrs would quietly convert, and says what to write instead."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import attrs
import pytest
from cattrs.errors import ClassValidationError

import predictledger as pl
from predictledger._convert import field_errors, structure

BASE: dict[str, Any] = {
    "id": "p",
    "source": "s",
    "author": "a",
    "made_on": dt.date(2024, 1, 1),
    "claim": "c",
    "quote": "q",
    "horizon": {"phrase": "2024", "start": dt.date(2024, 1, 1)},
    "sector": "x",
}


def errors(change: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ClassValidationError) as caught:
        structure({**BASE, **change}, pl.Prediction)
    return [(e.dotted, e.message) for e in field_errors(caught.value)]


def test_a_valid_table_structures() -> None:
    prediction = structure(BASE, pl.Prediction)
    assert prediction.kind is pl.Kind.FORECAST
    assert prediction.tags == ()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id": 123}, ("id", "expected a string, got an integer (123); put text in quotes")),
        (
            {"probability": {"value": "0.7", "basis": "stated"}},
            (
                "probability.value",
                'expected a number, got the string "0.7"; write numbers without quotes',
            ),
        ),
        (
            {"tags": "ab"},
            ("tags", 'expected an array of strings, got the string "ab"; write ["ab"]'),
        ),
        (
            {"tags": ["a", 1]},
            ("tags[1]", "expected a string, got an integer (1); put text in quotes"),
        ),
        (
            {"made_on": "April 2024"},
            (
                "made_on",
                'expected a date (2025-04-03), a month ("2025-04"), a year ("2025") or a range '
                '{ earliest = 2025-04-03, latest = 2025-04-30, reason = "..." }, got the string '
                '"April 2024"',
            ),
        ),
        (
            {"made_on": dt.datetime(2024, 1, 1, 12, 0)},
            (
                "made_on",
                'expected a date (2025-04-03), a month ("2025-04"), a year ("2025") or a range '
                '{ earliest = 2025-04-03, latest = 2025-04-30, reason = "..." }, got a date-time '
                "(2024-01-01 12:00:00)",
            ),
        ),
        (
            {"probabilty": 0.7},
            ("probabilty", "unknown field 'probabilty' (did you mean 'probability'?)"),
        ),
        (
            {"kind": "forcast"},
            (
                "kind",
                '"forcast" is not one of "forecast", "commitment", "abstention", "stance" '
                "(did you mean 'forecast'?)",
            ),
        ),
        ({"horizon": "2024"}, ("horizon", 'expected a table, got the string "2024"')),
        (
            {"probability": {"value": True, "basis": "stated"}},
            ("probability.value", "expected a number, got a boolean (True)"),
        ),
    ],
)
def test_wrong_values_are_errors_with_their_path(
    change: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert expected in errors(change)


def test_a_missing_field_is_named() -> None:
    table = dict(BASE)
    del table["claim"]
    with pytest.raises(ClassValidationError) as caught:
        structure(table, pl.Prediction)
    assert [(e.dotted, e.message) for e in field_errors(caught.value)] == [
        ("claim", "required field is missing")
    ]


def test_every_problem_of_a_table_is_reported_at_once() -> None:
    assert len(errors({"id": 1, "claim": 2, "quote": 3, "tags": "x"})) == 4


def test_text_is_stored_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "prévision")
    prediction = structure({**BASE, "quote": decomposed}, pl.Prediction)
    assert prediction.quote == "prévision"
    assert unicodedata.is_normalized("NFC", prediction.quote)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025", pl.PartialDate(year=2025)),
        ("2025-04", pl.PartialDate(year=2025, month=4)),
        (dt.date(2025, 4, 3), pl.PartialDate(year=2025, month=4, day=3)),
    ],
)
def test_published_dates_keep_their_precision(value: object, expected: pl.PartialDate) -> None:
    assert structure(value, pl.PartialDate) == expected


def test_partial_date_windows() -> None:
    month = pl.PartialDate(year=2024, month=2)
    assert (month.earliest, month.latest) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert month.precision is pl.Precision.MONTH
    assert pl.PartialDate(year=2023).latest == dt.date(2023, 12, 31)
    with pytest.raises(ValueError, match="day is out of range"):
        pl.PartialDate(year=2024, month=2, day=30)
    # Beyond a C int the calendar raises OverflowError; a record says ValueError, as for 10000.
    for year in (10_000, 2**31, -(2**63)):
        with pytest.raises(ValueError, match=r"year .* is out of range"):
            pl.PartialDate(year=year)


def test_round_trip_through_tables() -> None:
    prediction = structure(BASE, pl.Prediction)
    assert structure(pl.to_table(prediction), pl.Prediction) == prediction


def test_a_misspelt_required_field_is_one_problem_not_two() -> None:
    table = dict(BASE)
    table["sectr"] = table.pop("sector")
    assert errors_of(table) == [("sectr", "unknown field 'sectr' (did you mean 'sector'?)")]


def test_an_unknown_field_far_from_any_name_leaves_the_missing_one_reported() -> None:
    table = dict(BASE)
    table["zzz"] = table.pop("sector")
    assert sorted(errors_of(table)) == [
        ("sector", "required field is missing"),
        ("zzz", "unknown field 'zzz'"),
    ]


def errors_of(table: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ClassValidationError) as caught:
        structure(table, pl.Prediction)
    return [(e.dotted, e.message) for e in field_errors(caught.value)]


def test_record_fields_leave_out_the_origin_and_file_fields_a_predictions_source() -> None:
    from predictledger._convert.fields import file_fields, record_fields

    names = [spec.name for spec in record_fields(pl.Prediction)]
    assert names[:2] == ["id", "source"]
    assert "origin" not in names
    in_files = {spec.name: spec for spec in file_fields(pl.Prediction)}
    assert "source" not in in_files
    # Filled in from the file's [source] when left out, yet required by the constructor.
    assert not in_files["made_on"].required_in_files
    assert in_files["made_on"].default is attrs.NOTHING
    note = in_files["note"]
    assert (note.hint, note.inner, note.optional, note.default) == (str | None, str, True, None)
    assert [spec.name for spec in file_fields(pl.Author)] == [
        "id",
        "name",
        "affiliation",
        "aliases",
    ]


def test_optional_inner_is_the_one_x_of_x_or_none() -> None:
    from typing import Optional, Union

    from predictledger._convert.fields import optional_inner

    assert optional_inner(int | None) is int
    assert optional_inner(Optional[int]) is int  # noqa: UP045 -- the spelling under test
    assert optional_inner(int) is None
    assert optional_inner(Union[int, str]) is None  # noqa: UP007 -- the spelling under test
    assert optional_inner(int | str | None) is None


def test_generated_code_shows_its_lines_in_tracebacks() -> None:
    import traceback

    from predictledger._convert.codegen import compile_generated

    first = compile_generated("def f(x):\n    return 1 / x\n", "test f", {})["f"]
    second = compile_generated("def f(x):\n    return 2 / x\n", "test f", {})["f"]
    again = compile_generated("def f(x):\n    return 1 / x\n", "test f", {})["f"]
    for function, line in ((first, "return 1 / x"), (second, "return 2 / x")):
        try:
            function(0)
        except ZeroDivisionError:
            assert line in traceback.format_exc()
    assert first.__code__.co_filename == again.__code__.co_filename == "<generated test f>"
    assert second.__code__.co_filename == "<generated test f #2>"
