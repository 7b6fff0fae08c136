"""Exports that read back: the records export imports back to identical records and digests,
and the Parquet export holds the export's rows, typed (docs/exports.md)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import tempfile
from pathlib import Path

import pytest
from benchmarks.generate import generate
from hypothesis import given, settings
from hypothesis import strategies as st

import predictledger as pl
from predictledger._cli import main
from predictledger._interop.records import read_records, to_records_jsonl
from tests.interop_helpers import make_import_ledger, run
from tests.ledger_factory import snapshot
from tests.strategies import ledgers, write_ledger

KINDS = ("sources", "authors", "sectors", "predictions", "outcomes", "questions", "references")


def same_records(first: pl.Ledger, second: pl.Ledger) -> None:
    for kind in KINDS:
        assert getattr(first, kind) == getattr(second, kind), kind
    assert [pl.prediction_digest(p) for p in first.predictions] == [
        pl.prediction_digest(p) for p in second.predictions
    ]
    assert [o.origin.path for o in first.outcomes if o.origin] == [
        o.origin.path for o in second.outcomes if o.origin
    ]


@given(ledgers())
@settings(max_examples=40)
def test_the_records_export_reads_back_to_identical_records(ledger: pl.Ledger) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_ledger(ledger, root)
        loaded = pl.load(root)
        text = to_records_jsonl(loaded)
    entries, texts = read_records(text, "ledger.jsonl")
    for kind in KINDS:
        back = tuple(e.record for e in entries if e.kind + "s" == kind)
        assert back == getattr(loaded, kind), kind
    digests = [pl.prediction_digest(e.record) for e in entries if e.kind == "prediction"]
    assert digests == [pl.prediction_digest(p) for p in loaded.predictions]
    outcomes = [e.record.digest for e in entries if e.kind == "outcome"]
    assert outcomes == [o.digest for o in loaded.outcomes]
    # Every record line says which file it came from; each source's text comes along.
    assert {e.file for e in entries} == {
        r.origin.path for kind in KINDS for r in getattr(loaded, kind) if r.origin
    }
    assert set(texts) == {s.text for s in loaded.sources}


def quietly(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(list(argv))
    return status, err.getvalue()


@given(seed=st.integers(0, 2**32), size=st.integers(1, 120))
@settings(max_examples=12)
def test_import_records_rebuilds_a_generated_ledger(seed: int, size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp_path = Path(folder)
        original = tmp_path / "original"
        generate(original, size, seed=seed)
        records = str(tmp_path / "l.jsonl")
        assert quietly("export", str(original), "--format", "records", "-o", records)[0] == 0
        copy = tmp_path / "copy"
        status, err = quietly("import", "records", records, "--path", str(copy))
        assert status == 0, err
        first, second = pl.load(original), pl.load(copy)
        same_records(first, second)
        assert pl.check(second) == pl.check(first) == []
        assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*.toml")) == sorted(
            p.relative_to(original).as_posix() for p in original.rglob("*.toml")
        )
        # Reading it back again adds nothing, and writes nothing.
        before = snapshot(copy)
        status, err = quietly("import", "records", records, "--path", str(copy))
        assert status == 0
        assert err.startswith("imported nothing (")
        assert snapshot(copy) == before


def test_import_records_into_the_ledger_it_came_from_adds_nothing(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    run(capsys, "export", str(root), "--format", "records", "-o", str(tmp_path / "all.jsonl"))
    before = snapshot(root)
    status, _, err = run(
        capsys, "import", "records", str(tmp_path / "all.jsonl"), "--path", str(root)
    )
    assert (status, err) == (0, "imported nothing (13 already in the ledger)\n")
    assert snapshot(root) == before


def test_a_bad_records_line_is_refused_with_its_line(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    run(capsys, "export", str(root), "--format", "records", "-o", str(tmp_path / "all.jsonl"))
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[3])
    row["id"] = 7
    lines[3] = json.dumps(row)
    lines[4] = "{not json"
    (tmp_path / "all.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy = tmp_path / "copy"
    (copy / "predictions").mkdir(parents=True)
    status, _, err = run(
        capsys, "import", "records", str(tmp_path / "all.jsonl"), "--path", str(copy)
    )
    assert status == 1
    problems = err.splitlines()
    assert problems[0].startswith("all.jsonl:4: ")
    assert "id" in problems[0]
    assert problems[1] == "all.jsonl:5: not JSON: Expecting property name enclosed in double quotes"
    assert problems[2] == "predictledger: 2 problems (nothing was written)"
    assert not list(copy.rglob("*.toml"))


def test_a_records_file_of_another_version_is_refused(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    path = tmp_path / "future.jsonl"
    path.write_text(
        '{"record": "header", "format": "predictledger-records", "version": 3}\n', encoding="utf-8"
    )
    status, _, err = run(capsys, "import", "records", str(path), "--path", str(root))
    assert status == 1
    assert (
        err.splitlines()[0] == "future.jsonl:1: version 3; this predictledger reads versions 1, 2"
    )


def test_a_version_1_records_file_still_imports(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    run(capsys, "export", str(root), "--format", "records", "-o", str(tmp_path / "all.jsonl"))
    text = (tmp_path / "all.jsonl").read_text(encoding="utf-8")
    assert text.startswith('{"record": "header", "format": "predictledger-records", "version": 2}')
    old = text.replace('"version": 2}', '"version": 1}', 1)
    (tmp_path / "old.jsonl").write_text(old, encoding="utf-8")
    copy = tmp_path / "copy"
    (copy / "predictions").mkdir(parents=True)
    status, _, err = run(
        capsys, "import", "records", str(tmp_path / "old.jsonl"), "--path", str(copy)
    )
    assert status == 0, err
    same_records(pl.load(root), pl.load(copy))


def test_questions_references_and_question_outcomes_import_back(tmp_path: Path, capsys) -> None:
    from tests.test_cli_questions import ANA, BTC, QUESTION, add_question
    from tests.test_cli_questions import run as keep

    root = make_import_ledger(tmp_path)
    assert add_question(capsys, root)[0] == 0
    source = root / "predictions" / "sources" / "techflow-zixi-2024-outlook.toml"
    text = source.read_text(encoding="utf-8")
    marker = 'sector = "layer-2"\n\n[[prediction]]\nid = "zixi-rollups'
    source.write_text(
        text.replace(
            marker, marker.replace("\n\n", f'\nquestion = "{QUESTION}"\nnegates = true\n\n', 1)
        ),
        encoding="utf-8",
    )
    steps = [
        ("reference", "add", QUESTION, "--kind", "market", "--probability", "0.3",
         "--priced-at", "2023-12-30T09:15:00Z", "--match", "exact", "--evidence", "A page."),
        ("reference", "add", ANA, "--kind", "bookmaker", "--odds", "1.8,2.1",
         "--priced-at", "2024-03-01", "--match", "proxy", "--evidence", "A page."),
        ("resolve", QUESTION, "--verdict", "partial", "--credit", "0.25", "--on", "2025-01-02",
         "--evidence", "A record."),
    ]  # fmt: skip
    for step in steps:
        status, _, err = keep(capsys, root, *step)
        assert status == 0, err
    original = pl.load(root)
    assert pl.check(original) == []
    seen = original.outcome(BTC)
    assert seen is not None
    assert seen.credit == 0.75
    run(capsys, "export", str(root), "--format", "records", "-o", str(tmp_path / "all.jsonl"))
    copy = tmp_path / "copy"
    (copy / "predictions").mkdir(parents=True)
    status, _, err = run(
        capsys, "import", "records", str(tmp_path / "all.jsonl"), "--path", str(copy)
    )
    assert status == 0, err
    back = pl.load(copy)
    same_records(original, back)
    assert [r.origin.path for r in back.references if r.origin] == [
        r.origin.path for r in original.references if r.origin
    ]
    assert pl.check(back) == []


# -- Parquet ---------------------------------------------------------------------------------


def test_parquet_holds_the_export_rows_typed(tmp_path: Path, capsys) -> None:
    pa = pytest.importorskip(
        "pyarrow", reason="the Parquet export needs pyarrow (the parquet extra)"
    )
    import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from predictledger._interop.parquet import SCHEMA_NAME, TYPES

    root = make_import_ledger(tmp_path)
    target = tmp_path / "ledger.parquet"
    status, _, err = run(capsys, "export", str(root), "--format", "parquet", "-o", str(target))
    assert (status, err) == (0, f"wrote 5 rows to {target}\n")
    table = pq.read_table(target)
    assert table.schema.metadata[b"predictledger.schema"] == SCHEMA_NAME.encode()
    assert [str(t) for t in table.schema.types] == [
        {"date32": "date32[day]", "list<string>": "list<element: string>"}.get(TYPES[n], TYPES[n])
        for n in table.schema.names
    ]
    rows = table.to_pylist()
    expected = pl.export_rows(pl.load(root))
    for row, want in zip(rows, expected, strict=True):
        for key, value in want.items():
            got = row[key]
            if isinstance(got, dt.date):
                got = got.isoformat()
            assert got == value, key
    assert pa is not None


def test_parquet_needs_a_file(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    status, out, err = run(capsys, "export", str(root), "--format", "parquet")
    assert (status, out) == (2, "")
    assert "give --output FILE" in err or "needs pyarrow" in err


def test_records_that_would_bring_a_problem_are_refused_whole(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    run(capsys, "export", str(root), "--format", "records", "-o", str(tmp_path / "all.jsonl"))
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if '"record": "outcome"' in line)
    row = json.loads(lines[number])
    row["digest"] = "sha256:" + "0" * 64
    lines[number] = json.dumps(row, ensure_ascii=False)
    (tmp_path / "all.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy = tmp_path / "copy"
    status, _, err = run(
        capsys, "import", "records", str(tmp_path / "all.jsonl"), "--path", str(copy)
    )
    assert status == 1
    assert "goalposts moved" in err
    assert err.endswith("predictledger: 1 problem (nothing was written)\n")
    assert not list(copy.rglob("*.toml"))
    assert not copy.exists()
