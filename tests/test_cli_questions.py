"""`question add`, `reference add`, `resolve QUESTION` and `add --question`: appended through
the checked append, every refusal one line (status 2) with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from predictledger import Verdict, check, load, question_digest
from predictledger._cli import main
from tests.ledger_factory import ANA_SOURCE, make_ledger, snapshot

ANA = "ana-2024-two-cuts"  # made on 2024-03-05
BTC = "zixi-2025-btc-100k"  # made on 2023-12-31
QUESTION = "btc-100k-2025"


def run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    status = main([*argv, "--ledger", str(root)])
    out, err = capsys.readouterr()
    return status, out, err


def add_question(
    capsys: pytest.CaptureFixture[str], root: Path, *more: str
) -> tuple[int, str, str]:
    return run(
        capsys,
        root,
        "question",
        "add",
        QUESTION,
        "--claim",
        "Bitcoin trades above 100,000 US dollars before 2026.",
        "--resolution",
        "True if BTC/USD trades above 100,000 on any day before 2026.",
        "--start",
        "2024-01-01",
        "--end",
        "2025-12-31",
        *more,
    )


def test_question_add_appends_a_question(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, err = add_question(capsys, root, "--sector", "layer-2", "--note", "shared")
    assert (status, err) == (0, f"added question '{QUESTION}' at predictions/questions.toml:1\n")
    assert (root / "predictions" / "questions.toml").read_text(encoding="utf-8") == out
    assert out.startswith(f'[[question]]\nid = "{QUESTION}"\n')
    ledger = load(root)
    assert ledger.question(QUESTION).sector == "layer-2"
    assert check(ledger) == []


@pytest.mark.parametrize(
    ("more", "message"),
    [
        (("--sector", "layer2"), "unknown sector 'layer2' (did you mean 'layer-2'?)"),
        (("--end", "2023-01-01"), "--end 2023-01-01 is before --start 2024-01-01"),
    ],
)
def test_question_add_refuses_bad_input(
    tmp_path: Path, capsys, more: tuple[str, ...], message: str
) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, out, err = add_question(capsys, root, *more)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert "(nothing was written)" in err
    assert snapshot(root) == before


def test_a_question_id_is_new_and_a_slug(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    for bad, message in ((ANA, "already the id of a prediction"), ("Bad Id", "question id")):
        status, _, err = run(
            capsys, root, "question", "add", bad, "--claim", "c", "--resolution", "r",
            "--start", "2024-01-01",
        )  # fmt: skip
        assert status == 2
        assert message in err
    assert snapshot(root) == before
    add_question(capsys, root)
    status, _, err = add_question(capsys, root)
    assert status == 2
    assert "already the id of a question" in err


def test_add_question_negates_and_resolve_the_question(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    add_question(capsys, root)
    status, out, err = run(
        capsys, root, "add", "--source", ANA_SOURCE, "--id", "ana-btc-no", "--author", "ana-lopez",
        "--claim", "Bitcoin will not trade above 100,000 US dollars before 2026.",
        "--quote", "I expect the Fed to cut rates at least twice by the end of 2024.",
        "--resolution", "As the question says.", "--horizon", "by the end of 2024",
        "--sector", "macro", "--question", QUESTION, "--negates",
    )  # fmt: skip
    assert status == 0, err
    assert f'question = "{QUESTION}"\nnegates = true\n' in out
    # A claim on the question is resolved through it.
    status, _, err = run(
        capsys, root, "resolve", "ana-btc-no", "--verdict", "true", "--evidence", "x",
        "--on", "2025-01-02",
    )  # fmt: skip
    assert status == 2
    assert f"resolve the question (resolve {QUESTION})" in err
    status, out, err = run(
        capsys, root, "resolve", QUESTION, "--verdict", "true", "--on", "2024-12-06",
        "--evidence", "Coinbase BTC-USD above 100,000 on 2024-12-05.",
    )  # fmt: skip
    assert (status, err) == (
        0,
        f"recorded outcome '{QUESTION}-r1' at predictions/outcomes/questions.toml:1\n",
    )
    ledger = load(root)
    assert f'question = "{QUESTION}"' in out
    assert f'digest = "{question_digest(ledger.question(QUESTION))}"' in out
    seen = ledger.outcome("ana-btc-no")
    assert seen is not None
    assert seen.verdict is Verdict.FALSE
    assert check(ledger) == []
    # Resolved once: a second verdict is a correction.
    status, _, err = run(
        capsys, root, "resolve", QUESTION, "--verdict", "false", "--evidence", "x",
        "--on", "2024-12-07",
    )  # fmt: skip
    assert status == 2
    assert f"question '{QUESTION}' is already resolved by outcome '{QUESTION}-r1'" in err


def test_a_claim_taking_its_questions_id_is_told_the_clash_alone(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    add_question(capsys, root)
    status, _, err = run(
        capsys, root, "resolve", QUESTION, "--verdict", "true", "--on", "2024-12-06",
        "--evidence", "Coinbase BTC-USD above 100,000 on 2024-12-05.",
    )  # fmt: skip
    assert status == 0, err
    before = snapshot(root)
    status, out, err = run(
        capsys, root, "add", "--source", ANA_SOURCE, "--id", QUESTION, "--author", "ana-lopez",
        "--claim", "Bitcoin will trade above 100,000 US dollars before 2026.",
        "--quote", "I expect the Fed to cut rates at least twice by the end of 2024.",
        "--resolution", "As the question says.", "--horizon", "by the end of 2024",
        "--sector", "macro", "--question", QUESTION,
    )  # fmt: skip
    assert (status, out) == (1, "")
    # The question's outcome is not the claim's own outcome: only the clash is reported.
    problem, summary = err.splitlines()
    assert f"'{QUESTION}' is also the id of a prediction" in problem
    assert summary == "predictledger: 1 problem (nothing was written)"
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("target", "message"),
    [
        # A mistyped question's id is told as such, with the question suggested.
        ("btc-100k-2205", "unknown prediction or question 'btc-100k-2205' (did you mean "
         f"'{QUESTION}'?)"),
        # A mistyped prediction's id still gets the prediction suggested.
        ("ana-2024-two-cutz", f"unknown prediction or question 'ana-2024-two-cutz' (did you "
         f"mean '{ANA}'?)"),
    ],
)  # fmt: skip
def test_resolve_an_unknown_id_names_predictions_and_questions(
    tmp_path: Path, capsys, target: str, message: str
) -> None:
    root = make_ledger(tmp_path)
    add_question(capsys, root)
    before = snapshot(root)
    status, out, err = run(
        capsys, root, "resolve", target, "--verdict", "true", "--evidence", "x",
        "--on", "2024-12-06",
    )  # fmt: skip
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert message in err
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("more", "message"),
    [
        (("--question", "btc-100k-2205"), "unknown question 'btc-100k-2205' (did you mean"),
        (("--negates",), "--negates needs --question ID"),
    ],
)
def test_add_refuses_a_bad_question(
    tmp_path: Path, capsys, more: tuple[str, ...], message: str
) -> None:
    root = make_ledger(tmp_path)
    add_question(capsys, root)
    before = snapshot(root)
    status, _out, err = run(
        capsys, root, "add", "--source", ANA_SOURCE, "--author", "ana-lopez", "--claim", "c",
        "--quote", "I expect the Fed to cut rates at least twice by the end of 2024.",
        "--resolution", "r", "--horizon", "by the end of 2024", "--sector", "macro", *more,
    )  # fmt: skip
    assert status == 2
    assert message in err
    assert err.count("\n") == 1
    assert snapshot(root) == before


def reference(capsys, root: Path, target: str, *more: str) -> tuple[int, str, str]:
    return run(
        capsys, root, "reference", "add", target, "--kind", "market", "--priced-at",
        "2024-03-04", "--match", "exact", "--evidence", "An archived market page.", *more,
    )  # fmt: skip


def test_reference_add_on_a_prediction(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, err = reference(
        capsys, root, ANA, "--probability", "0.23", "--platform", "kalshi", "--market", "FED-24"
    )
    where = f"predictions/references/{ANA_SOURCE}.toml"
    assert (status, err) == (0, f"added reference '{ANA}-ref1' at {where}:1\n")
    assert (root / where).read_text(encoding="utf-8") == out
    ledger = load(root)
    assert ledger.reference_probability(ledger.prediction(ANA)) == pytest.approx(0.23)
    assert check(ledger) == []


def test_reference_add_reads_bookmaker_odds_and_says_so(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, err = run(
        capsys, root, "reference", "add", ANA, "--kind", "bookmaker", "--odds", "1.8,2.1",
        "--priced-at", "2024-03-01T18:00:00Z", "--match", "proxy", "--evidence", "A page.",
    )  # fmt: skip
    fair = (1 / 1.8) / (1 / 1.8 + 1 / 2.1)
    assert status == 0, err
    assert (
        f"probability {fair!r} computed from the odds 1.8,2.1, normalised for the overround" in err
    )
    assert "odds = [1.8, 2.1]" in out
    assert "priced_at = 2024-03-01T18:00:00+00:00" in out
    ledger = load(root)
    assert ledger.references[0].probability == fair
    assert check(ledger) == []


def test_reference_add_on_a_question_serves_a_negating_claim(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    add_question(capsys, root)
    source = root / "predictions" / "sources" / "techflow-zixi-2024-outlook.toml"
    text = source.read_text(encoding="utf-8")
    marker = 'sector = "layer-2"\n\n[[prediction]]\nid = "zixi-rollups'
    source.write_text(
        text.replace(
            marker, marker.replace("\n\n", f'\nquestion = "{QUESTION}"\nnegates = true\n\n', 1)
        ),
        encoding="utf-8",
    )
    status, _, err = run(
        capsys, root, "reference", "add", QUESTION, "--kind", "consensus", "--probability",
        "0.3", "--priced-at", "2023-12-30", "--match", "exact", "--evidence", "A survey.",
    )  # fmt: skip
    assert status == 0, err
    assert f"at predictions/references/{QUESTION}.toml:1" in err
    ledger = load(root)
    assert ledger.reference_probability(ledger.prediction(BTC)) == pytest.approx(0.7)
    # `check` counts the question and the reference beside the other records.
    status, out, _ = run(capsys, root, "check")
    assert status == 0
    assert out.splitlines()[-1].startswith("2 sources, ")
    assert out.splitlines()[-1].endswith(" outcomes, 1 questions, 1 references: ok")
    status, out, _ = run(capsys, root, "check", "--format", "json")
    report = json.loads(out)
    assert (report["questions"], report["references"]) == (1, 1)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            (ANA, "--probability", "0.23", "--priced-at", "2024-03-05"),
            f"--priced-at 2024-03-05 is not before prediction '{ANA}' was made (2024-03-05)",
        ),
        (
            (ANA, "--probability", "0.23", "--priced-at", "2024-03-05T08:00:00Z"),
            "never the close",
        ),
        ((ANA, "--probability", "1"), "1 is not strictly between 0 and 1"),
        ((ANA, "--probability", "0"), "0 is not strictly between 0 and 1"),
        ((ANA, "--probability", "nan"), "nan is not strictly between 0 and 1"),
        ((ANA,), "give --probability"),
        (("nope", "--probability", "0.2"), "unknown prediction or question 'nope'"),
        ((ANA, "--probability", "0.2", "--evidence", " "), "empty evidence is not evidence"),
        (
            (ANA, "--probability", "0.2", "--priced-at", "2024-13-01"),
            "is not a date or a date-time",
        ),
        ((ANA, "--probability", "0.2", "--priced-at", "2999-01-01"), "is in the future"),
        (
            (ANA, "--kind", "bookmaker", "--probability", "0.5"),
            "a bookmaker's reference needs --odds",
        ),
        (
            (ANA, "--kind", "bookmaker", "--probability", "0.5", "--odds", "1.8,2.1"),
            "odds not normalised for the overround: (1/o1)/sum(1/oi) = 0.53846",
        ),
        ((ANA, "--kind", "bookmaker", "--odds", "0.8,2.1"), "--odds 0.8 is not decimal odds"),
        ((ANA, "--kind", "bookmaker", "--odds", "1.8"), "--odds needs the decimal odds of every"),
        ((ANA, "--kind", "bookmaker", "--odds", "a,b"), "is not decimal odds separated by commas"),
        ((ANA, "--odds", "1.8,2.1"), "only a bookmaker's reference reads it from --odds"),
        ((ANA, "--probability", "0.2", "--id", "Bad"), "reference id 'Bad'"),
    ],
)
def test_reference_add_refuses_bad_input_in_one_line(
    tmp_path: Path, capsys, argv: tuple[str, ...], message: str
) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, out, err = reference(capsys, root, *argv)
    assert status == 2, err
    assert out == ""
    assert err.count("\n") == 1, err
    assert message in err
    assert snapshot(root) == before


def test_dry_runs_write_nothing(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, out, err = add_question(capsys, root, "--dry-run")
    assert status == 0
    assert out.startswith("[[question]]")
    assert "dry run: question" in err
    status, out, err = reference(capsys, root, ANA, "--probability", "0.2", "--dry-run")
    assert status == 0
    assert out.startswith("[[reference]]")
    assert "nothing was written" in err
    assert snapshot(root) == before


def test_query_has_questions_and_references_tables(tmp_path: Path, capsys) -> None:
    import datetime as dt

    from predictledger._interop.query import build_database, run_query

    root = make_ledger(tmp_path)
    add_question(capsys, root)
    assert reference(capsys, root, ANA, "--probability", "0.2")[0] == 0
    assert reference(capsys, root, QUESTION, "--probability", "0.4", "--id", "q-ref")[0] == 0
    db = build_database(load(root), dt.date(2026, 1, 1))
    questions = run_query(db, "select id, horizon_end, file from questions")
    assert questions.rows == [(QUESTION, "2025-12-31", "predictions/questions.toml")]
    refs = run_query(
        db, 'select id, prediction, question, probability, priced_on from "references" order by id'
    )
    assert refs.rows == [
        (f"{ANA}-ref1", ANA, None, 0.2, "2024-03-04"),
        ("q-ref", None, QUESTION, 0.4, "2024-03-04"),
    ]
    claims = run_query(
        db, "select count(*) from predictions where question is null and negates = 0"
    )
    assert claims.rows == [(5,)]
    assert run_query(db, "select question from outcomes").rows == []


def test_with_location_finds_questions_and_references(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    add_question(capsys, root)
    assert reference(capsys, root, QUESTION, "--probability", "0.4", "--id", "q-ref")[0] == 0
    status = main(
        ["query", 'select id from "references" union all select id from questions', str(root),
         "--with-location", "--format", "csv"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0
    assert f"q-ref,predictions/references/{QUESTION}.toml:1" in out
    assert f"{QUESTION},predictions/questions.toml:1" in out
