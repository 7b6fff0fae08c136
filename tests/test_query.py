"""`predictledger query`: the ledger as SQLite tables, read-only, in three output formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.interop_helpers import make_import_ledger, run
from tests.ledger_factory import make_ledger, outcome_table


def query(capsys, root: Path, sql: str, *options: str) -> tuple[int, str, str]:
    return run(capsys, "query", sql, str(root), *options)


def test_every_table_holds_its_records(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    status, out, _ = query(
        capsys,
        root,
        "select (select count(*) from sources), (select count(*) from authors), "
        "(select count(*) from sectors), (select count(*) from predictions), "
        "(select count(*) from outcomes), (select count(*) from prediction_tags), "
        "(select count(*) from source_people)",
        "--format",
        "json",
    )
    assert status == 0
    assert list(json.loads(out)[0].values()) == [2, 2, 2, 5, 1, 1, 1]


def test_superseded_outcomes_are_kept_and_marked(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    correction = outcome_table(
        root,
        "zixi-2024-l2-competition",
        on=dt.date(2025, 2, 1),
        verdict="false",
        number=2,
        supersedes="zixi-2024-l2-competition-r1",
    )
    path = root / "predictions" / "outcomes" / "techflow-zixi-2024-outlook.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + correction, encoding="utf-8")
    _, out, _ = query(
        capsys,
        root,
        "select id, verdict, superseded_by from outcomes order by id",
        "--format",
        "json",
    )
    assert json.loads(out) == [
        {
            "id": "zixi-2024-l2-competition-r1",
            "verdict": "true",
            "superseded_by": "zixi-2024-l2-competition-r2",
        },
        {"id": "zixi-2024-l2-competition-r2", "verdict": "false", "superseded_by": None},
    ]
    # The status table takes the outcome in force on the day asked for.
    sql = "select verdict, o from status where prediction = 'zixi-2024-l2-competition'"
    assert json.loads(query(capsys, root, sql, "--as-of", "2025-01-20", "--format", "json")[1]) == [
        {"verdict": "true", "o": 1.0}
    ]
    assert json.loads(query(capsys, root, sql, "--as-of", "2025-03-01", "--format", "json")[1]) == [
        {"verdict": "false", "o": 0.0}
    ]


def test_status_is_taken_as_of_the_date(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    sql = "select prediction, status, probability, o, brier from status order by prediction"
    _, out, _ = query(capsys, root, sql, "--as-of", "2025-01-31", "--format", "json")
    rows = {row["prediction"]: row for row in json.loads(out)}
    assert rows["zixi-2024-l2-competition"] == {
        "prediction": "zixi-2024-l2-competition",
        "status": "resolved",
        "probability": 0.7,
        "o": 1.0,
        "brier": 0.09,  # the exact (0.7 - 1)^2, not 0.09000000000000002
    }
    assert rows["ana-2024-two-cuts"]["status"] == "due"
    assert rows["zixi-rollups-long-term"]["status"] == "pending"
    assert rows["zixi-eth-price-abstention"]["status"] == "abstention"
    # Before 2024-03-05 Ana's claim did not exist yet: it has no row.
    _, out, _ = query(
        capsys, root, "select prediction from status", "--as-of", "2024-01-01", "--format", "json"
    )
    assert "ana-2024-two-cuts" not in out


def test_table_csv_and_with_location(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    sql = "select id, probability from predictions where author = 'zixi-eth' order by id"
    _, out, _ = query(capsys, root, sql, "--with-location")
    assert out.splitlines()[0].split() == ["id", "probability", "location"]
    assert out.splitlines()[1].split() == [
        "zixi-2024-l2-competition",
        "0.7",
        "predictions/sources/techflow-zixi-2024-outlook.toml:10",
    ]
    assert out.splitlines()[2].split() == [
        "zixi-2025-btc-100k",
        "-",
        "predictions/sources/techflow-zixi-2024-outlook.toml:21",
    ]
    _, out, _ = query(capsys, root, sql, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0] == {"id": "zixi-2024-l2-competition", "probability": "0.7"}
    assert rows[1]["probability"] == ""


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("selec id from predictions", 'near "selec": syntax error'),
        ("select nope from predictions", "no such column: nope"),
        ("select 1; select 2", "You can only execute one statement at a time."),
        ("delete from predictions", "not authorized"),
        ("insert into authors (id) values ('x')", "not authorized"),
        ("attach database 'other.db' as other", "not authorized"),
        ("pragma query_only = off", "not authorized"),
        ("create table t (x)", "not authorized"),
    ],
)
def test_a_bad_or_writing_query_is_one_line_and_exit_2(
    tmp_path: Path, capsys, sql: str, message: str
) -> None:
    root = make_ledger(tmp_path)
    status, out, err = query(capsys, root, sql)
    assert status == 2
    assert out == ""
    assert err == f"predictledger: error: the query failed: {message} (SQLite)\n"
    assert not (tmp_path / "other.db").exists()


def test_imported_forecasts_are_queryable_with_their_provenance(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    run(
        capsys,
        "import",
        "fatebook",
        str(root / "exports" / "fatebook.csv"),
        "--path",
        str(root),
        "--author",
        "ana-lopez",
        "--sector",
        "forecasting",
    )
    _, out, _ = query(
        capsys,
        root,
        "select t.tag, count(*) n from prediction_tags t group by t.tag order by t.tag",
        "--format",
        "json",
    )
    assert {row["tag"]: row["n"] for row in json.loads(out)} == {
        "ethereum": 1,
        "fatebook": 4,
        "logistics": 1,
        "politics": 1,
        "shipping": 1,
    }


def test_a_blob_is_shown_as_hex_in_every_format(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    for form, shown in (("json", '"00ff"'), ("csv", "00ff"), ("table", "00ff")):
        status, out, _ = query(capsys, root, "select x'00ff' as blob", "--format", form)
        assert status == 0
        assert shown in out
