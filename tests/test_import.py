"""`predictledger import`: each platform's export, in exactly the platform's format (see the
docstrings of `predictledger._interop`'s modules for where each format is defined), becomes
checked records with their provenance; again, it adds nothing; a bad row writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import predictledger as pl
from tests.interop_helpers import make_import_ledger, run
from tests.ledger_factory import snapshot

AUTHOR = ("--author", "ana-lopez", "--sector", "forecasting")


def import_file(capsys, root: Path, platform: str, name: str, *options: str):
    path = root / "exports" / name
    return run(capsys, "import", platform, str(path), "--path", str(root), *AUTHOR, *options)


MANIFOLD = ("--markets", "MARKETS")


def _options(root: Path, options: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        str(root / "exports" / "manifold-markets.json") if o == "MARKETS" else o for o in options
    )


CASES = [
    ("fatebook", "fatebook.csv", (), 4, 3),
    ("predictionbook", "predictionbook.json", (), 2, 1),
    ("manifold", "manifold-bets.json", MANIFOLD, 3, 3),
    ("metaculus", "metaculus.zip", (), 5, 4),
]


def by_source(ledger: pl.Ledger, source: str) -> dict[str, pl.Prediction]:
    return {p.claim: p for p in ledger.by_source(source)}


@pytest.mark.parametrize(("platform", "name", "options", "predictions", "outcomes"), CASES)
def test_an_import_adds_checked_records_once(
    tmp_path: Path, capsys, platform, name, options, predictions, outcomes
) -> None:
    root = make_import_ledger(tmp_path)
    status, out, err = import_file(capsys, root, platform, name, *_options(root, options))
    assert (status, out) == (0, ""), err
    assert err == (
        f"imported 1 source, {predictions} predictions, {outcomes} outcome"
        f"{'s' if outcomes != 1 else ''} (0 already in the ledger)\n"
    )
    ledger = pl.load(root)
    assert pl.check(ledger) == []
    imported = ledger.by_source(f"{platform}-ana-lopez")
    assert len(imported) == predictions
    for prediction in imported:
        assert prediction.tags[0] == platform
        assert prediction.note is not None
        assert prediction.note.startswith(f"imported from {platform}: {Path(name).name}")
        assert prediction.probability is not None
        assert prediction.probability.basis is pl.Basis.STATED
    before = snapshot(root)
    # Importing the same file again finds every record there and writes nothing.
    status, _, err = import_file(capsys, root, platform, name, *_options(root, options))
    assert status == 0
    assert err == f"imported nothing ({predictions + outcomes} already in the ledger)\n"
    assert snapshot(root) == before


@pytest.mark.parametrize(("platform", "name", "options", "predictions", "outcomes"), CASES)
def test_a_dry_run_shows_the_appends_and_writes_nothing(
    tmp_path: Path, capsys, platform, name, options, predictions, outcomes
) -> None:
    root = make_import_ledger(tmp_path)
    before = snapshot(root)
    status, out, err = import_file(
        capsys, root, platform, name, "--dry-run", *_options(root, options)
    )
    assert status == 0, err
    assert snapshot(root) == before
    assert out.count("[[prediction]]") == predictions
    assert out.count("[[outcome]]") == outcomes
    assert f"# predictions/sources/{platform}-ana-lopez.toml: would append\n[source]\n" in out
    assert err.endswith("already in the ledger); nothing was written\n")


def test_fatebook_reads_its_dates_tags_and_resolutions(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    import_file(capsys, root, "fatebook", "fatebook.csv")
    ledger = pl.load(root)
    claims = by_source(ledger, "fatebook-ana-lopez")
    # Only Ana's rows: Bob's forecast on the same question is left out.
    assert len(claims) == 4
    canal = claims['Will the "Ever Given" canal reopen by Friday?']
    assert canal.made_on.day == dt.date(2024, 3, 1)  # from "2024-03-01 09:05:7"
    assert canal.horizon.end == dt.date(2024, 3, 8)
    assert canal.tags == ("fatebook", "shipping", "logistics")  # joined with "; "
    assert canal.probability is not None
    assert canal.probability.value == 0.7
    note = canal.note or ""
    original = json.loads(note.split("; original ", 1)[1])
    assert original["Forecast created at"] == "2024-03-01 09:05:7"
    assert original["Question tags"] == "shipping; logistics"
    verdicts = {
        ledger.prediction(o.target).claim: o.verdict
        for o in ledger.outcomes
        if o.target.startswith("fatebook")
    }
    assert verdicts == {
        'Will the "Ever Given" canal reopen by Friday?': pl.Verdict.TRUE,
        "Will it snow in Paris in April 2024?": pl.Verdict.FALSE,
        "Will the referendum be annulled?": pl.Verdict.AMBIGUOUS,
    }
    assert "Which party wins the mayoralty? [Greens]" in claims
    # The quotes stand in the source text the import wrote.
    text = (root / "seeds" / "imports" / "fatebook-ana-lopez.txt").read_text(encoding="utf-8")
    assert all(claim in text for claim in claims)


def test_fatebook_dates_are_in_the_servers_time_zone(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    status, _, err = import_file(
        capsys, root, "fatebook", "fatebook.csv", "--timezone", "Pacific/Auckland"
    )
    assert status == 0, err
    claims = by_source(pl.load(root), "fatebook-ana-lopez")
    # 2024-03-01 09:05:07 in Auckland (UTC+13) is 2024-02-29 20:05:07 UTC.
    assert claims['Will the "Ever Given" canal reopen by Friday?'].made_on.day == dt.date(
        2024, 2, 29
    )
    status, _, err = import_file(
        capsys, root, "fatebook", "fatebook.csv", "--timezone", "Mars/Olympus"
    )
    assert status == 2
    assert "'Mars/Olympus' is not a time zone" in err


def test_predictionbook_percentages_and_the_users_own_responses(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    import_file(capsys, root, "predictionbook", "predictionbook.json")
    ledger = pl.load(root)
    claims = by_source(ledger, "predictionbook-ana-lopez")
    ecb = claims["The ECB cuts its deposit rate before July 2024"]
    assert ecb.probability is not None
    assert ecb.probability.value == 0.7  # confidence 70; gwern's 60 and the comment are not hers
    assert ecb.horizon.end == dt.date(2024, 12, 31)
    outcome = ledger.outcome(ecb.id)
    assert outcome is not None
    assert (outcome.verdict, outcome.resolved_on) == (pl.Verdict.TRUE, dt.date(2024, 6, 7))
    brent = claims["Brent crude trades above 100 dollars a barrel on some day before March 2025"]
    assert brent.probability is not None
    assert brent.probability.value == 0.2
    assert ledger.outcome(brent.id) is None


def test_manifold_milliseconds_mkt_and_cancel(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    status, _, err = import_file(
        capsys, root, "manifold", "manifold-bets.json", *_options(root, MANIFOLD)
    )
    assert status == 0, err
    ledger = pl.load(root)
    claims = by_source(ledger, "manifold-ana-lopez")
    seine = claims["Will the Paris 2024 opening ceremony be held on the Seine?"]
    assert seine.made_on.day == dt.date(2024, 2, 3)  # 1707000000000 ms
    assert seine.horizon.end == dt.date(2024, 6, 30)
    assert seine.probability is not None
    assert (
        seine.probability.value == 0.85
    )  # probAfter; the sale and the cancelled order are skipped
    outcomes = {
        ledger.prediction(o.target).claim: o
        for o in ledger.outcomes
        if o.target.startswith("manifold")
    }
    mkt = outcomes[
        "Global average temperature anomaly for 2024 above 1.5 C (resolves to the reported value's probability)"
    ]
    assert (mkt.verdict, mkt.credit) == (pl.Verdict.PARTIAL, 0.62)
    assert outcomes["Will the stadium vote happen in February?"].verdict is pl.Verdict.VOID
    assert outcomes[
        "Will the Paris 2024 opening ceremony be held on the Seine?"
    ].resolved_on == dt.date(2024, 7, 25)
    # The multiple-choice market is not imported.
    assert "Which city hosts the 2036 Olympics?" not in claims


def test_manifold_needs_the_markets(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    status, _, err = import_file(capsys, root, "manifold", "manifold-bets.json")
    assert status == 2
    assert "needs the markets' JSON too: --markets FILE" in err


def test_metaculus_annulled_ambiguous_and_each_update(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    import_file(capsys, root, "metaculus", "metaculus.zip")
    ledger = pl.load(root)
    imported = ledger.by_source("metaculus-ana-lopez")
    ceasefire = [p for p in imported if p.claim.startswith("Will a ceasefire")]
    assert sorted(p.probability.value for p in ceasefire if p.probability) == [0.2, 0.3]
    verdicts = {p.claim: ledger.outcome(p.id).verdict for p in imported if ledger.outcome(p.id)}  # type: ignore[union-attr]
    assert verdicts == {
        "Will a ceasefire be announced before 1 July 2024?": pl.Verdict.FALSE,
        "Will the summit take place in Geneva?": pl.Verdict.VOID,  # annulled
        "Will the contested election result be certified by June 2024?": pl.Verdict.AMBIGUOUS,
    }
    # The numeric question and the aggregate's row are not imported.
    assert not any("seats" in p.claim for p in imported)


def test_metaculus_csv_with_the_question_file_beside_it(tmp_path: Path, capsys) -> None:
    import zipfile

    root = make_import_ledger(tmp_path)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(root / "exports" / "metaculus.zip") as archive:
        archive.extractall(folder)
    status, _, err = run(
        capsys,
        "import",
        "metaculus",
        str(folder / "forecast_data.csv"),
        "--path",
        str(root),
        *AUTHOR,
    )
    assert status == 0, err
    assert len(pl.load(root).by_source("metaculus-ana-lopez")) == 5


def test_a_newer_export_adds_only_what_is_new(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    exports = root / "exports"
    lines = (exports / "fatebook.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # The first export: the canal question, not yet resolved.
    first = lines[1].replace("YES,2024-03-06 10:00:3", ",")
    (exports / "old.csv").write_text(lines[0] + first, encoding="utf-8")
    import_file(capsys, root, "fatebook", "old.csv")
    assert len(pl.load(root).by_source("fatebook-ana-lopez")) == 1
    status, _, err = import_file(capsys, root, "fatebook", "fatebook.csv")
    assert status == 0
    assert err == "imported 3 predictions, 3 outcomes (1 already in the ledger)\n"
    ledger = pl.load(root)
    assert pl.check(ledger) == []
    assert len(ledger.by_source("fatebook-ana-lopez")) == 4


BAD_FATEBOOK = [
    ("0.7", "1.7", "fatebook.csv:2: 'Forecast (scale = 0-1)' is 1.7, outside [0, 1]"),
    ("0.7", "seventy", "fatebook.csv:2: 'Forecast (scale = 0-1)' is 'seventy', not a number"),
    (
        "2024-03-01 09:05:7",
        "2024-03-01T09:05:07Z",
        "fatebook.csv:2: '2024-03-01T09:05:07Z' is not a date and time as Fatebook writes them",
    ),
    (
        "YES,2024-03-06 10:00:3",
        "MAYBE,2024-03-06 10:00:3",
        "fatebook.csv:2: 'Resolution' is 'MAYBE'; Fatebook writes YES, NO or AMBIGUOUS",
    ),
    (
        "YES,2024-03-06 10:00:3",
        "YES,2024-02-06 10:00:3",
        "fatebook.csv:2: the forecast (2024-03-01 09:05:7) was made after the question was resolved (2024-02-06 10:00:3)",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_FATEBOOK)
def test_a_bad_row_is_refused_with_file_row_and_reason(
    tmp_path: Path, capsys, old, new, message
) -> None:
    root = make_import_ledger(tmp_path)
    path = root / "exports" / "fatebook.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
    before = snapshot(root)
    status, out, err = import_file(capsys, root, "fatebook", "fatebook.csv")
    assert (status, out) == (1, "")
    assert err == f"{message}\npredictledger: 1 problem (nothing was written)\n"
    assert snapshot(root) == before


def test_bad_rows_of_json_platforms(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    path = root / "exports" / "predictionbook.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["predictions"][1]["responses"][0]["confidence"] = 0.2  # a fraction, not a percentage
    path.write_text(json.dumps(document), encoding="utf-8")
    before = snapshot(root)
    status, _, err = import_file(capsys, root, "predictionbook", "predictionbook.json")
    assert status == 1
    assert err.splitlines()[0] == (
        "predictionbook.json:2: predictions[1]: responses[0]: confidence 0.2 is not a whole "
        "percentage from 0 to 100"
    )
    bets = root / "exports" / "manifold-bets.json"
    rows = json.loads(bets.read_text(encoding="utf-8"))
    rows[0]["createdTime"] = "2024-02-03"
    bets.write_text(json.dumps(rows), encoding="utf-8")
    before = snapshot(root)
    status, _, err = import_file(
        capsys, root, "manifold", "manifold-bets.json", *_options(root, MANIFOLD)
    )
    assert status == 1
    assert err.splitlines()[0] == (
        "manifold-bets.json:1: bet 1: '2024-02-03' is not a time in milliseconds since the epoch"
    )
    assert snapshot(root) == before


def test_the_author_and_sector_must_exist_and_the_user_be_known(tmp_path: Path, capsys) -> None:
    root = make_import_ledger(tmp_path)
    path = str(root / "exports" / "fatebook.csv")
    status, _, err = run(
        capsys,
        "import",
        "fatebook",
        path,
        "--path",
        str(root),
        "--author",
        "nobody",
        "--sector",
        "forecasting",
    )
    assert (status, err) == (
        2,
        "predictledger: error: unknown author 'nobody'; add it to the author registry first (nothing was written)\n",
    )
    status, _, err = run(
        capsys,
        "import",
        "fatebook",
        path,
        "--path",
        str(root),
        "--author",
        "zixi-eth",
        "--sector",
        "forecasting",
    )
    assert status == 2
    assert (
        "the file holds the forecasts of 'Ana López', 'Bob Stone'; say whose with --user NAME"
        in err
    )
    status, _, err = run(
        capsys,
        "import",
        "fatebook",
        path,
        "--path",
        str(root),
        "--author",
        "zixi-eth",
        "--sector",
        "forecasting",
        "--user",
        "Bob Stone",
    )
    assert status == 0, err
    assert len(pl.load(root).by_source("fatebook-zixi-eth")) == 1


def test_a_refused_append_puts_the_source_text_back(tmp_path: Path, capsys, monkeypatch) -> None:
    from predictledger._interop import common

    root = make_import_ledger(tmp_path)
    before = snapshot(root)

    def refuse(*_: object, **__: object) -> None:
        raise pl.LedgerError([pl.Problem(path="x.toml", line=0, message="refused")])

    monkeypatch.setattr(common, "append_to_file", refuse)
    status, _, _ = import_file(capsys, root, "fatebook", "fatebook.csv")
    assert status == 1
    assert snapshot(root) == before


def test_ids_are_stable_slugs_distinct_by_case() -> None:
    from predictledger._interop.common import stable_id
    from predictledger._text import is_slug

    first, second = stable_id("manifold", "AbC/x1"), stable_id("manifold", "abc/x1")
    assert first != second
    assert is_slug(first)
    assert is_slug(second)
    assert stable_id("manifold", "AbC/x1") == first
    assert is_slug(stable_id("fatebook", "é" * 300, readable="Ça va? " * 40))
