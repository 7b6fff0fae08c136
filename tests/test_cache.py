"""The file cache: warm readings equal cold ones, and a damaged or foreign cache is never trusted."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictledger import Basis, Horizon, Location, Prediction, Probability
from predictledger._loader import Limits, read_ledger
from predictledger._problems import Problem
from predictledger._read.result import FileResult
from predictledger._read.structure import FileRecords
from predictledger._speed import cache as cache_module
from predictledger._speed import store as store_module
from predictledger._speed.cache import FileCache, cache_root, file_key
from predictledger._speed.codec import FlatError, decode, encode

from .generated_ledgers import make_ledger, same_reading


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PREDICTLEDGER_CACHE_DIR", str(folder))
    monkeypatch.delenv("PREDICTLEDGER_NO_CACHE", raising=False)
    # Generated files are seconds old: the racy-file rule would keep them all out.
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    return folder


@pytest.fixture(scope="module")
def ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_ledger(tmp_path_factory.mktemp("template") / "ledger")


@pytest.fixture
def ledger(ledger_template: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(ledger_template, tmp_path / "ledger"))


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relative paths of files parsed from here on (not served by the cache)."""
    from predictledger import _loader

    parsed: list[str] = []
    real = _loader._PARSE_FILE

    def spy(root: Path, path: Path, limits: Limits, **options: Any) -> Any:
        parsed.append(path.name)
        return real(root, path, limits, **options)

    monkeypatch.setattr(_loader, "_PARSE_FILE", spy)
    return parsed


def test_a_warm_reading_equals_the_cold_one(ledger: Path, cache_dir: Path) -> None:
    cold = read_ledger(ledger, jobs=1, cache=False)
    first = read_ledger(ledger, jobs=1)
    entries = _entries(cache_dir)
    assert len(entries) == len(list((ledger / "predictions").rglob("*.toml")))
    warm = read_ledger(ledger, jobs=1)
    assert same_reading(cold, first)
    assert same_reading(cold, warm)
    # The broken files are cached with their problems, and their ids stay "unreadable".
    assert any("TOML syntax error" in problem.message for problem in warm.problems)
    assert any("probabilty" in problem.message for problem in warm.problems)
    assert ("prediction", "zzz-bad-prediction") in warm.unreadable
    # Questions, question outcomes, references (dates and date-times, odds) and claims on a
    # question come back from the cache as they were read.
    held = warm.ledger
    assert [q.id for q in held.questions] == ["zzz-q-bitcoin", "zzz-q-open"]
    assert {r.id for r in held.references} == {
        "zzz-ref-market",
        "zzz-ref-bookmaker",
        "zzz-ref-local",
    }
    assert held.prediction("zzz-shared-2").negates
    assert held.prediction("zzz-shared-1").question == "zzz-q-bitcoin"
    assert any(o.question == "zzz-q-bitcoin" for o in held.outcomes)


def test_unchanged_files_are_not_parsed_again(
    ledger: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_ledger(ledger, jobs=1)
    parsed = _counting(monkeypatch)
    read_ledger(ledger, jobs=1)
    assert parsed == []
    outcome_file = sorted((ledger / "predictions" / "outcomes").glob("*.toml"))[0]
    text = outcome_file.read_text(encoding="utf-8")
    outcome_file.write_text(text.replace('verdict = "true"', 'verdict = "false"', 1), "utf-8")
    changed = read_ledger(ledger, jobs=1)
    assert parsed == [outcome_file.name]
    assert same_reading(changed, read_ledger(ledger, jobs=1, cache=False))


def test_files_modified_just_now_are_not_cached(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREDICTLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    fresh = ledger / "predictions" / "sources" / "zzz-fresh.toml"
    fresh.write_text('[[author]]\nid = "fresh"\nname = "Fresh"\n', encoding="utf-8")
    read_ledger(ledger, jobs=1)
    names = {json.loads(p.read_bytes().split(b"\n", 1)[0])["path"] for p in _entries(tmp_path)}
    assert "predictions/sources/zzz-fresh.toml" not in names


def test_deleted_files_lose_their_entries(ledger: Path, cache_dir: Path) -> None:
    read_ledger(ledger, jobs=1)
    before = len(_entries(cache_dir))
    (ledger / "predictions" / "sources" / "zzz-broken.toml").unlink()
    read_ledger(ledger, jobs=1)
    assert len(_entries(cache_dir)) == before - 1


def _damage(entry: Path, how: str) -> None:
    data = entry.read_bytes()
    head, _, payload = data.partition(b"\n")
    header = json.loads(head)
    if how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "flipped byte":
        middle = len(head) + 1 + len(payload) // 2
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :])
    elif how == "garbage":
        entry.write_bytes(b"\x80\x04\x95 not json at all")
    elif how in ("old version", "other schema", "other ledger", "other limits"):
        field, value = {
            "old version": ("version", 0),
            "other schema": ("schema", "0" * 16),
            "other ledger": ("root", "/elsewhere"),
            "other limits": ("key", [*header["key"][:-1], 99]),
        }[how]
        header[field] = value
        entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    elif how == "forged payload":
        # A consistent checksum over a value of the wrong type: the decoder must refuse it.
        value = json.loads(payload)
        kinds = [records for records in value[2] if records]
        if kinds:
            kinds[0][0][0][0] = 12345  # the id of the file's first record
        else:
            value[1][0][0] = 12345  # the path of its first read problem
        payload = json.dumps(value).encode()
        header["sha256"] = hashlib.sha256(payload).hexdigest()
        entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "how",
    [
        "truncated",
        "flipped byte",
        "garbage",
        "old version",
        "other schema",
        "other ledger",
        "other limits",
        "forged payload",
    ],
)
def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(
    ledger: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    cold = read_ledger(ledger, jobs=1, cache=False)
    read_ledger(ledger, jobs=1)
    for entry in _entries(cache_dir):
        _damage(entry, how)
    parsed = _counting(monkeypatch)
    again = read_ledger(ledger, jobs=1)
    assert same_reading(cold, again)
    assert len(parsed) == len(_entries(cache_dir))  # every file parsed again...
    parsed.clear()
    assert same_reading(cold, read_ledger(ledger, jobs=1))
    assert parsed == []  # ...and its entry rewritten


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_may_write_is_not_used(
    ledger: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_ledger(ledger, jobs=1)
    folder = next(path for path in cache_dir.iterdir() if path.is_dir())
    folder.chmod(0o777)
    parsed = _counting(monkeypatch)
    read_ledger(ledger, jobs=1)
    assert len(parsed) == len(_entries(cache_dir))


def test_where_the_cache_lives(tmp_path: Path) -> None:
    assert cache_root({"PREDICTLEDGER_NO_CACHE": "1", "HOME": "/h"}) is None
    assert cache_root({"PREDICTLEDGER_NO_CACHE": "0", "HOME": "/h"}) == Path(
        "/h/.cache/predictledger"
    )
    assert cache_root({"XDG_CACHE_HOME": "/x", "HOME": "/h"}) == Path("/x/predictledger")
    override = {"PREDICTLEDGER_CACHE_DIR": "/p", "XDG_CACHE_HOME": "/x", "HOME": "/h"}
    assert cache_root(override) == Path("/p")


def test_caching_off_writes_nothing(
    ledger: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_ledger(ledger, jobs=1, cache=False)
    monkeypatch.setenv("PREDICTLEDGER_NO_CACHE", "1")
    read_ledger(ledger, jobs=1)
    assert not cache_dir.exists()


def test_the_cache_is_kept_outside_the_ledger(ledger: Path, cache_dir: Path) -> None:
    before = sorted(path.relative_to(ledger) for path in ledger.rglob("*"))
    read_ledger(ledger, jobs=1)
    assert sorted(path.relative_to(ledger) for path in ledger.rglob("*")) == before
    assert _entries(cache_dir)


def test_folders_of_vanished_ledgers_are_swept(
    ledger: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SWEEP_ABOVE", 2)
    gone = []
    for number in range(3):
        other = tmp_path / f"other-{number}"
        (other / "predictions").mkdir(parents=True)
        (other / "predictions" / "a.toml").write_text('[[author]]\nid = "a"\nname = "A"\n')
        read_ledger(other, jobs=1)
        gone.append(other)
    assert len([p for p in cache_dir.iterdir() if p.is_dir()]) == 3
    for other in gone:
        (other / "predictions" / "a.toml").unlink()
        (other / "predictions").rmdir()
        other.rmdir()
    read_ledger(ledger, jobs=1)  # a new ledger's folder triggers the sweep
    assert len([p for p in cache_dir.iterdir() if p.is_dir()]) == 1


def test_file_keys_change_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("a = 1\n")
    first = file_key(path)
    path.write_text("a = 22\n")
    assert first is not None
    assert file_key(path) != first
    assert file_key(tmp_path) is None  # a folder is not a ledger file
    (tmp_path / "link.toml").symlink_to(path)
    assert file_key(tmp_path / "link.toml") is None


def test_every_field_survives_the_flat_form() -> None:
    import datetime as dt

    prediction = Prediction(
        id="p",
        source="s",
        author="a",
        made_on=dt.date(2024, 2, 29),
        claim="It rains \u2019 \u00e9.",
        quote="Il pleuvra.",
        horizon=Horizon(phrase="en 2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
        sector="weather",
        probability=Probability(value=float("nan"), basis=Basis.HEDGE, hedge="probablement"),
        condition="If it is cloudy.",
        tags=("a", "b"),
        note="multi\nline",
    )
    object.__setattr__(prediction, "origin", Location(path="elsewhere.toml", line=3, column=2))
    records = FileRecords(
        predictions=(prediction,),
        problems=(Problem(path="f.toml", line=2, message="m", field="x", column=4),),
        unreadable=frozenset({("outcome", "o")}),
    )
    result = FileResult(path="f.toml", read_problems=(), records=records)
    back = decode(json.loads(json.dumps(encode(result))), "f.toml")
    (again,) = back.records.predictions
    assert again.origin == prediction.origin
    assert again.probability is not None
    assert str(again.probability.value) == "nan"
    assert again.probability.basis is Basis.HEDGE
    assert again.tags == ("a", "b")
    assert back.records.problems == records.problems
    assert back.records.unreadable == records.unreadable
    with pytest.raises(FlatError):
        decode(json.loads(json.dumps(encode(result))), "other.toml")


def test_entries_of_one_ledger_do_not_serve_another(
    ledger: Path, cache_dir: Path, tmp_path: Path
) -> None:
    store = FileCache.open(ledger, Limits(), cache_dir)
    assert store is not None
    other = FileCache.open(tmp_path, Limits(), cache_dir)
    assert other is not None
    assert store.folder != other.folder


def test_check_no_cache_writes_nothing(
    ledger: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from predictledger._cli import main

    assert main(["check", "--no-cache", str(ledger)]) == 1
    assert not cache_dir.exists()
    assert main(["check", str(ledger)]) == 1
    assert _entries(cache_dir)
    assert capsys.readouterr().out.count("problem") >= 2


def _bundled_flat() -> list[tuple[str, list[object]]]:
    """Each file of the bundled ledger as the cache stores it, outcomes and partial dates
    included."""
    from predictledger._read import read_one

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "predictions").rglob("*.toml"))
    results = [read_one(root, path, Limits()) for path in files]
    return [(result.path, json.loads(json.dumps(encode(result)))) for result in results]


_BUNDLED_FLAT = _bundled_flat()


def _leaves(value: object, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*path, i))]
    return [path]


def _replaced(value: object, path: tuple[int, ...], new: object) -> object:
    if not path:
        return new
    assert isinstance(value, list)
    copy = list(value)
    copy[path[0]] = _replaced(copy[path[0]], path[1:], new)
    return copy


_ANY_JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["2024-02-30", "2024-13", "true", "forecast", "hedge", "2024-01-01", ""]),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(st.data())
def test_a_forged_entry_decodes_to_what_it_says_or_is_refused(data: st.DataObject) -> None:
    # One leaf of a real entry replaced by any JSON value (the checksum is no help against a
    # forger): decoding refuses it with the errors the cache catches, or gives records that
    # encode back to exactly that value, so that every field has the type it must have.
    path, flat = data.draw(st.sampled_from(_BUNDLED_FLAT))
    leaf = data.draw(st.sampled_from(_leaves(flat)))
    forged = _replaced(flat, leaf, data.draw(_ANY_JSON_LEAF))
    try:
        result = decode(forged, path)
    except (ValueError, TypeError, KeyError, RecursionError):
        return
    assert json.dumps(encode(result)) == json.dumps(forged)  # NaN != NaN, but not as text


def test_questions_and_references_survive_the_flat_form() -> None:
    import datetime as dt

    from predictledger import Match, Outcome, Question, Reference, ReferenceKind, Verdict

    question = Question(
        id="q",
        claim="It rains.",
        resolution="If it rains.",
        horizon=Horizon(start=dt.date(2024, 1, 1), end=None),
        sector="weather",
        note="n",
    )
    references = tuple(
        Reference(
            id=f"r{index}",
            question="q" if index % 2 else None,
            prediction=None if index % 2 else "p",
            kind=ReferenceKind.BOOKMAKER,
            probability=0.25,
            priced_at=moment,
            match=Match.PROXY,
            evidence=("e",),
            platform="x",
            market="m",
            url="https://example.org",
            odds=(1.5, 3.0),
            note="n",
            supersedes="r0",
        )
        for index, moment in enumerate(
            [
                dt.date(2024, 1, 2),
                dt.datetime(2024, 1, 2, 3, 4, 5),
                dt.datetime(2024, 1, 2, 3, 4, 5, 600, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            ]
        )
    )
    outcome = Outcome(
        id="o",
        question="q",
        verdict=Verdict.PARTIAL,
        credit=0.5,
        resolved_on=dt.date(2024, 3, 1),
        evidence=("e",),
        digest="d",
    )
    negating = Prediction(
        id="p",
        source="s",
        author="a",
        made_on=dt.date(2024, 2, 29),
        claim="c",
        quote="q",
        horizon=Horizon(start=dt.date(2024, 1, 1)),
        sector="s",
        question="q",
        negates=True,
    )
    records = FileRecords(
        predictions=(negating,),
        outcomes=(outcome,),
        questions=(question,),
        references=references,
    )
    result = FileResult(path="f.toml", read_problems=(), records=records)
    back = decode(json.loads(json.dumps(encode(result))), "f.toml")
    assert back.records == records
    assert [type(r.priced_at) for r in back.records.references] == [
        type(r.priced_at) for r in references
    ]
    moment = back.records.references[2].priced_at
    assert isinstance(moment, dt.datetime)
    assert moment.utcoffset() == dt.timedelta(hours=-5)
