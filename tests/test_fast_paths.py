"""The shortcuts taken for speed give exactly what the long ways give.

Header lines found by one regular expression equal those of the full line index; the quote key
built with `str.replace` and `str.split` equals the one built with `str.translate` and `\\s+`;
the path-free depth equals `_deepest`'s; and the C-speed bounds that spare the Python scans of
hostile nesting never pass a text those scans would refuse.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from predictledger import Author, Location, Outcome, Prediction, Sector, Source
from predictledger._convert import field_errors, structure, structure_record
from predictledger._convert.fast import fast_structure
from predictledger._read.file import _deepest, _long_key, table_depth
from predictledger._read.lines import LineIndex, header_line, header_lines, index_lines
from predictledger._read.toml_lex import dots_on_a_line, nested_deeper_than, nesting_at_most
from predictledger._text import APOSTROPHES, quote_key

from .strategies import ledgers

REPO = Path(__file__).resolve().parent.parent


def _record_paths(tables: dict[str, Any]) -> list[tuple[str | int, ...]]:
    paths: list[tuple[str | int, ...]] = (
        [("source",)] if isinstance(tables.get("source"), dict) else []
    )
    for kind in ("prediction", "outcome", "author", "sector"):
        value = tables.get(kind)
        if isinstance(value, list):
            paths.extend((kind, index) for index in range(len(value)))
    return paths


def _ledger_files() -> list[Path]:
    return sorted(
        path for folder in ("predictions", "tests") for path in (REPO / folder).rglob("*.toml")
    )


def test_header_lines_are_those_of_the_full_index() -> None:
    checked = 0
    for path in _ledger_files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        try:
            tables = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError):
            continue
        full = index_lines(text)
        headers = header_lines(text, tables)
        lazy = LineIndex(text, tables)
        for record in _record_paths(tables):
            if headers is not None:
                assert header_line(headers, record) == full.line(record), (path, record)
            assert lazy.line(record) == full.line(record), (path, record)
            checked += 1
    assert checked > 20


_HEADER_TEXT = st.sampled_from(
    [
        "[source]\nid = 'x'\n",
        "[[prediction]]\nid = 'p'\n",
        "  [[ prediction ]]\nid = 'p'\n",
        '[["prediction"]]\nid = "q"\n',
        "[[outcome]]\nid = 'o'\n",
        "[prediction.horizon]\nphrase = 'x'\n",
        'note = """\n[[prediction]]\n"""\n',
        "note = '''\n[source]\n'''\n",
        'quote = "[[prediction]]"\n',
        "# [[prediction]]\n",
        "tags = [\n  'a',\n]\n",
        "\n",
    ]
)


@settings(max_examples=200)
@given(st.lists(_HEADER_TEXT, max_size=8))
def test_header_lines_never_disagree_with_the_full_index(parts: list[str]) -> None:
    text = "".join(parts)
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    full = index_lines(text)
    headers = header_lines(text, tables)
    lazy = LineIndex(text, tables)
    for record in _record_paths(tables):
        if headers is not None:
            assert header_line(headers, record) == full.line(record)
        assert lazy.line(record) == full.line(record)
    # Any other path is answered by the full index, once built.
    assert lazy.line(("prediction", 0, "horizon", "phrase")) == full.line(
        ("prediction", 0, "horizon", "phrase")
    )


_SPACE = re.compile(r"\s+")


# The formula quote_key replaced, written out independently: apostrophes and double quotation
# marks folded by a translation table, whitespace by a regular expression.
_OLD_TABLE = str.maketrans({**APOSTROPHES, "\u201c": '"', "\u201d": '"'})


def _old_quote_key(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_OLD_TABLE)).strip()


_quote_chars = st.characters(exclude_categories=["Cs"]) | st.sampled_from(
    [
        "\u2019",
        "\u2018",
        "\u02bc",
        "\u2032",
        "\u00b4",
        "\u201c",
        "\u201d",
        "\u0301",
        " ",
        "\u00a0",
        "\u2028",
        "\x1c",
        "\x85",
        "\t",
        "\n",
        "\u3000",
    ]
)


@settings(max_examples=300)
@given(st.text(_quote_chars, max_size=60))
def test_the_quote_key_is_the_one_of_translate_and_a_whitespace_regex(text: str) -> None:
    assert quote_key(text) == _old_quote_key(text)


_json_like: st.SearchStrategy[Any] = st.recursive(
    st.integers() | st.text(max_size=3),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=2), children, max_size=3)
    ),
    max_leaves=30,
)


@given(_json_like)
def test_the_path_free_depth_is_deepests(value: Any) -> None:
    assert table_depth(value) == _deepest(value)[0]


_nesting_text = st.lists(
    st.sampled_from(["[", "]", "{", "}", "a = ", "'['", '"]"', "# [[[\n", "\n", ", ", "1", "b.c"]),
    max_size=40,
).map("".join)


@settings(max_examples=300)
@given(_nesting_text, st.integers(1, 6))
def test_the_nesting_bound_never_passes_what_the_exact_scan_refuses(text: str, limit: int) -> None:
    if nesting_at_most(text, limit):
        assert nested_deeper_than(text, limit) == 0


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["a", ".", " ", '"x.y"', "\n", "[", "{", ","]), max_size=40))
def test_the_dots_test_never_hides_a_long_dotted_key(parts: list[str]) -> None:
    text = "".join(parts)
    for limit in (1, 2, 3):
        if _long_key(limit).search(text):
            assert dots_on_a_line(text, limit)


# -- the fast structuring pass ----------------------------------------------------------------

_KINDS = {"author": Author, "sector": Sector, "outcome": Outcome, "prediction": Prediction}


def _valid_tables() -> list[tuple[type, dict[str, Any]]]:
    import datetime as dt

    found: list[tuple[type, dict[str, Any]]] = []
    for path in _ledger_files():
        try:
            tables = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, ValueError, UnicodeDecodeError, RecursionError):
            continue
        if isinstance(tables.get("source"), dict):
            found.append((Source, tables["source"]))
        for kind, record_type in _KINDS.items():
            for table in tables.get(kind, []) if isinstance(tables.get(kind), list) else []:
                if kind == "prediction" and isinstance(table, dict):
                    # As the loader completes it from the file's [source].
                    table = {**table, "source": "s", "made_on": dt.date(2024, 1, 31)}
                found.append((record_type, table))
    return found


_VALID = _valid_tables()
_odd_values = (
    st.sampled_from(
        [
            1,
            0.5,
            True,
            "x",
            "e\u0301",
            "2024-01",
            "2024-13",
            "",
            [],
            ["a", 1],
            ["e\u0301"],
            {},
            {"phrase": "p", "start": 1},
            None,
            float("nan"),
        ]
    )
    | st.dates()
)


def _spoilt(table: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """A copy of `table` with up to three keys dropped, added or changed, maybe in a subtable."""
    import copy

    table = copy.deepcopy(table)
    for _ in range(data.draw(st.integers(0, 3))):
        target = table
        nested = [k for k, v in table.items() if isinstance(v, dict)]
        into_nested: bool = data.draw(st.booleans()) if nested else False
        if into_nested:
            target = table[data.draw(st.sampled_from(nested))]
        action = data.draw(st.sampled_from(["drop", "add", "change"]))
        keys = sorted(target)
        # Drawn values are copied: a shared {} or [] changed in place would change the strategy.
        if action == "drop" and keys:
            del target[data.draw(st.sampled_from(keys))]
        elif action == "add":
            key = data.draw(st.sampled_from(["extra", "note", "tags", "credit"]))
            target[key] = copy.deepcopy(data.draw(_odd_values))
        elif keys:
            target[data.draw(st.sampled_from(keys))] = copy.deepcopy(data.draw(_odd_values))
    return table


@settings(max_examples=400)
@given(st.sampled_from(_VALID), st.data())
def test_the_fast_pass_returns_what_the_strict_converter_would(
    example: tuple[type, dict[str, Any]], data: st.DataObject
) -> None:
    record_type, table = example
    table = _spoilt(table, data)
    fast = fast_structure(table, record_type)
    try:
        strict: Any = structure(table, record_type)
    except Exception:  # any refusal: the fast pass must have refused too
        assert fast is None
        return
    if fast is not None:
        # Compared by repr, which shows every field: NaN != NaN, but their reprs agree.
        assert type(fast) is type(strict)
        assert repr(fast) == repr(strict)


@settings(max_examples=200)
@given(st.sampled_from(_VALID), st.data())
def test_structure_record_gives_the_strict_converters_record_or_error(
    example: tuple[type, dict[str, Any]], data: st.DataObject
) -> None:
    record_type, table = example
    table = _spoilt(table, data)
    origin = Location(path="predictions/f.toml", line=7)
    refusal: Exception | None = None
    try:
        strict: Any = structure(table, record_type)
    except Exception as error:  # any refusal: the same refusal through structure_record
        refusal = error
    if refusal is not None:
        with pytest.raises(type(refusal)) as caught:
            structure_record(table, record_type, origin)
        assert field_errors(caught.value) == field_errors(refusal)
        return
    record: Any = structure_record(table, record_type, origin)
    assert type(record) is type(strict)
    assert repr(record) == repr(strict)
    if record_type in (Source, Prediction, Outcome, Author, Sector):
        assert record.origin == origin


def test_structure_record_passes_the_origin_either_way() -> None:
    origin = Location(path="predictions/authors.toml", line=3)
    plain = structure_record({"id": "ana", "name": "Ana"}, Author, origin)
    # Not in NFC: the fast pass declines and the strict converter normalises.
    decomposed = structure_record({"id": "ana", "name": "Ana\u0301"}, Author, origin)
    assert plain.origin == decomposed.origin == origin
    assert decomposed.name == "An\u00e1"
    assert structure_record({"id": "ana", "name": "Ana"}, Author, None).origin is None


def test_the_fast_pass_takes_the_tables_of_real_ledgers() -> None:
    taken = sum(fast_structure(table, kind) is not None for kind, table in _VALID)
    assert len(_VALID) > 20
    assert taken > len(_VALID) // 2


def _digest_through_to_table(prediction: Prediction) -> str:
    # The former digest as it was first written: the whole record unstructured by cattrs, then
    # cut down to the fields it covered.
    import hashlib
    import json

    from predictledger._convert import to_table
    from predictledger._digest import LEGACY_FIELDS

    table = to_table(prediction)
    claim = {key: table[key] for key in LEGACY_FIELDS if key in table}
    if "probability" in claim:
        claim["probability"] = {k: v for k, v in claim["probability"].items() if k != "note"}
    text = json.dumps(claim, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    text = unicodedata.normalize("NFC", text)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@settings(max_examples=200)
@given(ledgers())
def test_the_direct_digest_is_the_one_through_to_table(ledger: Any) -> None:
    from predictledger._digest import legacy_digest

    for prediction in ledger.predictions:
        assert legacy_digest(prediction) == _digest_through_to_table(prediction)


# -- reading a file: the plain pass and the deferred depth check --------------------------------


def test_a_folder_turned_into_a_link_between_two_reads_is_seen(tmp_path: Path) -> None:
    from predictledger._paths import Within
    from predictledger._read.file import read_file

    root = tmp_path / "ledger"
    folder = root / "predictions" / "sources"
    folder.mkdir(parents=True)
    (folder / "a.toml").write_text('[[author]]\nid = "a"\nname = "A"\n', encoding="utf-8")
    within = Within(root)
    assert not isinstance(read_file(root, folder / "a.toml", within=within), list)
    outside = tmp_path / "elsewhere"
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    refused = read_file(root, folder / "a.toml")
    assert isinstance(refused, list)
    assert "lies outside the ledger root" in refused[0].message


def test_a_path_that_climbs_out_with_dot_dot_is_outside(tmp_path: Path) -> None:
    from predictledger._paths import inside as _inside

    root = tmp_path / "ledger"
    (root / "predictions").mkdir(parents=True)
    assert _inside(root, root / "predictions" / "a.toml")
    assert not _inside(root, root / "predictions" / ".." / "..")
    assert not _inside(root, root / "..")


def _fingerprints_through_json_dumps(prediction: Prediction) -> str:
    # The sealed digest spelled out with json.dumps: one fingerprint per sealed field.
    import hashlib
    import json

    from predictledger._digest import sealed_values

    parts = []
    for value in sealed_values(prediction):
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        text = unicodedata.normalize("NFC", text)
        parts.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8])
    return "sha256:" + "".join(parts)


@settings(max_examples=200)
@given(ledgers())
def test_the_sealed_digest_is_the_one_through_json_dumps(ledger: Any) -> None:
    from predictledger import prediction_digest

    for prediction in ledger.predictions:
        assert prediction_digest(prediction) == _fingerprints_through_json_dumps(prediction)


@pytest.mark.parametrize(
    "value", [0.7, 1, 0, True, float("nan"), float("inf"), -0.0, 1e-300, 0.1 + 0.2]
)
def test_the_direct_digest_writes_numbers_as_json_does(value: Any) -> None:
    import datetime as dt

    import attrs

    from predictledger import Basis, Horizon, Probability, prediction_digest
    from predictledger._digest import legacy_digest

    prediction = Prediction(
        id="p",
        source="s",
        author="a",
        made_on=dt.date(2024, 1, 1),
        claim='It "rains"\n\u2028\\.',
        quote="Il pleuvra \x7f\u00e9.",
        sector="weather",
        condition="If \t clouds",
        horizon=Horizon(phrase="2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
        probability=Probability(value=value, basis=Basis.JUDGEMENT, note="n", term="likely"),
    )
    assert legacy_digest(prediction) == _digest_through_to_table(prediction)
    assert prediction_digest(prediction) == _fingerprints_through_json_dumps(prediction)
    assert prediction_digest(attrs.evolve(prediction, claim="C\u0327a")) == prediction_digest(
        attrs.evolve(prediction, claim="\u00c7a")
    )  # text digests in NFC, however it was built


# -- the checks' shortcuts -------------------------------------------------------------------

_folding_text = st.lists(
    st.sampled_from(
        [
            *("a", "B", "\u00e9", "e\u0301", "\u0301", " ", "  ", "\n", "\t", "\u00a0", "'"),
            *("\u2019", "\u201c", '"', "\u00df", "SS", "\u03a3", "\u1e9e", "-"),
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=1000)
@given(_folding_text, _folding_text, _folding_text, _folding_text)
def test_the_quote_shortcut_agrees_with_folding(
    before: str, quote: str, after: str, other: str
) -> None:
    from predictledger._checks import SourceText

    # The quote within the text (as written, or not quite), and any other text.
    for text in (before + quote + after, before + other + after, other):
        source = SourceText(text)
        assert source.folded == quote_key(text)
        assert source.holds(quote) == (quote_key(quote) in quote_key(text)), (quote, text)


@settings(max_examples=500)
@given(_folding_text, _folding_text, _folding_text)
def test_the_hedge_shortcut_agrees_with_folding(before: str, hedge: str, after: str) -> None:
    from predictledger._checks import _hedge_in

    def folded(hedge: str, quote: str) -> bool:
        return quote_key(hedge).casefold() in quote_key(quote).casefold()

    quote = before + hedge + after
    assert _hedge_in(hedge, quote) == folded(hedge, quote)
    assert _hedge_in(after, before) == folded(after, before)


@pytest.mark.parametrize(
    "ids",
    [
        *(["a", "b-c"], ["a\nb"], ["", "a"], ["a" * 81], ["a" * 80], ["a--b"], ["A"], ["a/b"]),
        *(["a-"], ["-a"], ["x\n"], ["\n"], ["\u00e9"], ["a", "b", ""], ["a b"], ["a_b"]),
    ],
)
def test_the_slug_shortcut_finds_what_the_record_by_record_test_finds(ids: list[str]) -> None:
    from predictledger import Ledger
    from predictledger._checks import CheckContext, check_slugs
    from predictledger._text import slug_problem

    sectors = tuple(Sector(id=i, name="n") for i in ids)
    ledger = Ledger(root=Path("."), sectors=sectors)
    found = list(check_slugs(CheckContext(ledger)))
    assert len(found) == sum(slug_problem(i) is not None for i in ids)


# -- the screen's shortcuts ------------------------------------------------------------------

_LEXEMES = st.sampled_from(
    [b'"', b"'", b"#", b"\\", b"\n", b"[", b"]", b"{", b"}", b"a", b" ", b"=", b'"""', b"12"]
)


@settings(max_examples=1000)
@given(st.lists(_LEXEMES, max_size=30).map(b"".join))
def test_the_split_skeleton_is_the_lexers(data: bytes) -> None:
    from predictledger._read.toml_lex import STRINGS_AND_COMMENTS, skeleton

    assert skeleton(data) == STRINGS_AND_COMMENTS.sub(b"", data)


def test_the_split_skeleton_serves_ordinary_ledger_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from predictledger._read import toml_lex

    class Refused:
        def sub(self, *args: object) -> bytes:
            raise AssertionError("the regular expression was used")

    monkeypatch.setattr(toml_lex, "STRINGS_AND_COMMENTS", Refused())
    text = (REPO / "tests" / "broken" / "base" / "predictions" / "authors.toml").read_bytes()
    assert b"[[author]]" in toml_lex.skeleton(text)


@pytest.mark.parametrize("digits", [4299, 4300, 4301, 5000])
def test_the_digit_count_never_hides_a_number_too_long(digits: int) -> None:
    import sys

    from predictledger._speed.toml_rs import screen

    longest = sys.get_int_max_str_digits()
    text = f"a = {'1' * digits}\n"
    flagged = screen(text) == "a number too long for tomllib"
    assert flagged == (digits > longest)
