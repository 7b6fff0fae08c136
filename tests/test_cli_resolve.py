"""`predictledger resolve`: one outcome appended, history kept, every refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from predictledger import Verdict, load, prediction_digest
from predictledger._cli import main
from tests.ledger_factory import ZIXI_SOURCE, make_ledger, snapshot

L2 = "zixi-2024-l2-competition"
OUTCOMES = f"predictions/outcomes/{ZIXI_SOURCE}.toml"


def resolve(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    status = main(["resolve", *argv, "--path", str(root)])
    out, err = capsys.readouterr()
    return status, out, err


def checks_clean(capsys: pytest.CaptureFixture[str], root: Path) -> bool:
    status = main(["check", str(root)])
    capsys.readouterr()
    return status == 0


def test_first_outcome_creates_the_outcomes_file(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, err = resolve(
        capsys,
        root,
        L2,
        "--verdict",
        "true",
        "--on",
        "2025-01-10",
        "--evidence",
        "L2Beat, 2024-12-31: six rollups above 1 billion dollars.",
        "--evidence",
        "The Block, 2025-01-02.",
        "--note",
        "Six is more than five.",
    )
    assert (status, err) == (0, f"recorded outcome '{L2}-r1' at {OUTCOMES}:1\n")
    assert (root / OUTCOMES).read_text(encoding="utf-8") == out
    ledger = load(root)
    outcome = ledger.outcome(L2)
    assert outcome is not None
    assert (outcome.id, outcome.verdict, outcome.resolved_on) == (
        f"{L2}-r1",
        Verdict.TRUE,
        dt.date(2025, 1, 10),
    )
    assert outcome.evidence == (
        "L2Beat, 2024-12-31: six rollups above 1 billion dollars.",
        "The Block, 2025-01-02.",
    )
    assert outcome.note == "Six is more than five."
    assert outcome.digest == prediction_digest(ledger.prediction(L2))
    assert outcome.supersedes is None
    assert checks_clean(capsys, root)


def test_the_date_defaults_to_today(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, _, _ = resolve(
        capsys,
        root,
        "ana-2024-two-cuts",
        "--verdict",
        "false",
        "--evidence",
        "FOMC statements of 2024.",
    )
    outcome = load(root).outcome("ana-2024-two-cuts")
    assert status == 0
    assert outcome is not None
    assert outcome.resolved_on == dt.date.today()


def test_existing_bytes_are_kept_and_the_outcome_appended(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    path = root / OUTCOMES
    path.parent.mkdir(parents=True)
    # A hand-kept file, with a comment and no final newline: not one byte of it may change.
    path.write_bytes(b"# Outcomes kept by hand.\n")
    status, out, _ = resolve(
        capsys,
        root,
        "zixi-2025-btc-100k",
        "--verdict",
        "true",
        "--on",
        "2024-12-06",
        "--evidence",
        "BTC closed above 100k.",
    )
    data = path.read_bytes()
    assert status == 0
    assert data.startswith(b"# Outcomes kept by hand.\n")
    assert data.endswith(out.encode("utf-8"))
    assert checks_clean(capsys, root)


def test_resolving_twice_is_refused_without_supersede(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    before = snapshot(root)
    status, out, err = resolve(capsys, root, L2, "--verdict", "false", "--evidence", "x")
    assert (status, out) == (2, "")
    assert err == (
        f"predictledger: error: prediction '{L2}' is already resolved by outcome '{L2}-r1' "
        "(true, 2025-01-15); to correct it, add --supersede, which keeps the old outcome on "
        "file (nothing was written)\n"
    )
    assert snapshot(root) == before


def test_supersede_chains_keep_the_whole_history(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    old = (root / OUTCOMES).read_bytes()
    for verdict, on in (("false", "2025-02-01"), ("partial", "2025-03-01")):
        credit = ["--credit", "0.5"] if verdict == "partial" else []
        status, _, _ = resolve(
            capsys,
            root,
            L2,
            "--verdict",
            verdict,
            *credit,
            "--on",
            on,
            "--evidence",
            f"Correction of {on}.",
            "--supersede",
        )
        assert status == 0
    assert (root / OUTCOMES).read_bytes().startswith(old)
    ledger = load(root)
    chain = [(o.id, o.supersedes) for o in ledger.outcomes_of(L2)]
    assert chain == [
        (f"{L2}-r1", None),
        (f"{L2}-r2", f"{L2}-r1"),
        (f"{L2}-r3", f"{L2}-r2"),
    ]
    in_force = ledger.outcome(L2)
    assert in_force is not None
    assert (in_force.id, in_force.verdict, in_force.credit) == (f"{L2}-r3", Verdict.PARTIAL, 0.5)
    assert checks_clean(capsys, root)


def test_dry_run_shows_the_outcome_and_writes_nothing(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, out, err = resolve(
        capsys, root, L2, "--verdict", "true", "--on", "2025-01-10", "--evidence", "x", "--dry-run"
    )
    assert status == 0
    assert out.startswith(f'[[outcome]]\nid = "{L2}-r1"\n')
    assert "nothing was written" in err
    assert snapshot(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["predictions", "seeds"]


def test_an_unknown_id_suggests_the_closest(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, _, err = resolve(capsys, root, "zixi-l2-compet", "--verdict", "true", "--evidence", "x")
    assert status == 2
    assert err == (
        "predictledger: error: unknown prediction 'zixi-l2-compet' (did you mean "
        "'zixi-2024-l2-competition'?) (nothing was written)\n"
    )
    assert snapshot(root) == before


REFUSED = [
    (["--verdict", "partial", "--evidence", "x"], "a partial verdict needs --credit"),
    (["--verdict", "true", "--credit", "0.5", "--evidence", "x"], "only for a partial verdict"),
    (["--verdict", "partial", "--credit", "1.5", "--evidence", "x"], "not between 0 and 1"),
    (["--verdict", "partial", "--credit", "nan", "--evidence", "x"], "not between 0 and 1"),
    (["--verdict", "partial", "--credit", "half", "--evidence", "x"], "'half' is not a number"),
    (["--verdict", "maybe", "--evidence", "x"], "invalid choice: 'maybe'"),
    (["--verdict", "true"], "--evidence"),
    (["--verdict", "true", "--evidence", "  "], "empty evidence is not evidence"),
    (["--verdict", "true", "--evidence", "x", "--on", "2025-02-30"], "'2025-02-30' is not a date"),
    (["--verdict", "true", "--evidence", "x", "--on", "2023-06-01"], "before prediction"),
    (["--verdict", "true", "--evidence", "x", "--on", "2999-01-01"], "is in the future"),
    (["--verdict", "true", "--evidence", "x", "--supersede"], "no outcome to supersede"),
]


@pytest.mark.parametrize(("argv", "message"), REFUSED)
def test_bad_requests_are_usage_errors_and_write_nothing(
    tmp_path: Path, capsys, argv: list[str], message: str
) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, out, err = resolve(capsys, root, L2, *argv)
    assert (status, out) == (2, "")
    assert message in err
    assert len(err.splitlines()) == 1
    assert snapshot(root) == before


def test_an_abstention_is_never_resolved(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, _, err = resolve(
        capsys, root, "zixi-eth-price-abstention", "--verdict", "void", "--evidence", "x"
    )
    assert status == 2
    assert "is an abstention" in err


def test_a_correction_cannot_predate_what_it_corrects(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)  # r1 on 2025-01-15
    before = snapshot(root)
    status, _, err = resolve(
        capsys,
        root,
        L2,
        "--verdict",
        "false",
        "--evidence",
        "x",
        "--on",
        "2025-01-14",
        "--supersede",
    )
    assert status == 2
    assert "a correction comes after what it corrects" in err
    assert snapshot(root) == before


def test_an_unreadable_ledger_is_a_ledger_problem(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    (root / "predictions/authors.toml").write_bytes(b'[[author]]\nid = "x\n')
    before = snapshot(root)
    status, out, err = resolve(
        capsys, root, L2, "--verdict", "true", "--evidence", "x", "--on", "2025-01-10"
    )
    assert (status, out) == (1, "")
    assert err.startswith("predictions/authors.toml:2: TOML syntax error")
    assert err.endswith("predictledger: 1 problem (nothing was written)\n")
    assert snapshot(root) == before


def test_a_hand_written_next_id_is_not_reused(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    path = root / OUTCOMES
    # The only outcome was numbered r2 by hand: the next number, 2, is taken.
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"{L2}-r1", f"{L2}-r2"), encoding="utf-8"
    )
    assert checks_clean(capsys, root)
    status, _, _ = resolve(
        capsys,
        root,
        L2,
        "--verdict",
        "false",
        "--evidence",
        "x",
        "--on",
        "2025-02-01",
        "--supersede",
    )
    assert status == 0
    in_force = load(root).outcome(L2)
    assert in_force is not None
    assert (in_force.id, in_force.supersedes) == (f"{L2}-r3", f"{L2}-r2")


def test_a_correction_settles_a_claim_edited_after_its_verdict(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    source = root / f"predictions/sources/{ZIXI_SOURCE}.toml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("at least five L2", "at least six L2"),
        encoding="utf-8",
    )
    assert not checks_clean(capsys, root)  # the goalposts moved under outcome r1
    status, _, _ = resolve(
        capsys,
        root,
        L2,
        "--verdict",
        "true",
        "--on",
        "2025-02-01",
        "--evidence",
        "Six rollups held over 1 billion dollars.",
        "--supersede",
    )
    assert status == 0
    in_force = load(root).outcome(L2)
    assert in_force is not None
    assert in_force.digest == prediction_digest(load(root).prediction(L2))
    assert checks_clean(capsys, root)
