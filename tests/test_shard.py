"""Checking and tallying shard by shard gives the one-process answer, problem for problem and
tally for tally, including the checks that span files; and every check says how it shards."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest

from predictledger._checks import CHECKS
from predictledger._score.scorecard import Scorecard
from predictledger._shard import (
    HOW_CHECKS_SHARD,
    INDEX_CHECKS,
    SHARD_CHECKS,
    LedgerIndex,
    ShardResult,
    finish_shard,
    pick,
    plan_shards,
    read_shard,
    run_sharded,
    shard_files,
)
from predictledger.errors import ScoringError
from tests.shard_ledgers import (
    CROSS_FILE,
    TODAY,
    WITH_PROBLEMS,
    cross_file_ledger,
    one_process,
)
from tests.test_broken_ledgers import BASE, CASES, OUTCOMES


def test_every_check_says_how_it_shards() -> None:
    # A check added to CHECKS without a line in HOW_CHECKS_SHARD would be run by no shard and
    # by no reduce: its problems would vanish from `check --dask` in silence.
    missing = [check.__name__ for check in CHECKS if check not in HOW_CHECKS_SHARD]
    assert not missing, (
        f"say how {', '.join(missing)} shards: add each to HOW_CHECKS_SHARD in "
        "predictledger/_shard.py (file, halo or index), and for a halo check add the records "
        "it reads to LedgerIndex.halos"
    )
    assert set(HOW_CHECKS_SHARD) == set(CHECKS)
    assert set(HOW_CHECKS_SHARD.values()) <= {"file", "halo", "index"}
    assert set(INDEX_CHECKS) | set(SHARD_CHECKS) == set(CHECKS)
    assert not set(INDEX_CHECKS) & set(SHARD_CHECKS)


@pytest.mark.parametrize("variant", [None, *CROSS_FILE, "all"])
def test_shards_give_the_one_process_problems_and_tallies(
    variant: str | None, tmp_path: Path
) -> None:
    root = cross_file_ledger(tmp_path / "ledger", variant)
    problems, tallies = one_process(root)
    # An outcome or a correction filed with another source is sound; the others are not.
    assert bool(problems) == (variant in WITH_PROBLEMS)
    for shards in (1, 3, 10):
        result = run_sharded(root, shards, today=TODAY, as_of=TODAY)
        assert result.problems() == problems
        assert result.tallies == tallies


def test_a_foreign_outcome_is_counted_where_its_prediction_is(tmp_path: Path) -> None:
    # Without the halo the moved outcome would be lost to its prediction's shard.
    sound = cross_file_ledger(tmp_path / "sound")
    moved = cross_file_ledger(tmp_path / "moved", "foreign-outcome")
    assert run_sharded(moved, 10, as_of=TODAY).tallies == one_process(sound)[1]
    corrected = cross_file_ledger(tmp_path / "corrected", "foreign-correction")
    assert one_process(corrected)[1] != one_process(sound)[1]
    assert run_sharded(corrected, 10, today=TODAY, as_of=TODAY).tallies == one_process(corrected)[1]


def test_shards_keep_a_source_with_its_outcomes(tmp_path: Path) -> None:
    root = cross_file_ledger(tmp_path / "ledger")
    plan = plan_shards(root, 10)
    assert len(plan.shards) == 10
    assert sorted(rank for shard in plan.shards for rank in shard) == list(range(len(plan.files)))
    for shard in plan.shards:
        stems = {Path(plan.files[rank]).stem for rank in shard}
        for rank in range(len(plan.files)):
            if Path(plan.files[rank]).stem in stems:
                assert rank in shard
    assert len(plan_shards(root, 1000).shards) == len({Path(f).stem for f in plan.files})
    with pytest.raises(ValueError, match="1 shard or more"):
        plan_shards(root, 0)


def test_results_merge_in_any_order_and_grouping(tmp_path: Path) -> None:
    root = cross_file_ledger(tmp_path / "ledger", "all")
    plan = plan_shards(root, 10)
    readings = [read_shard(plan.root, *shard_files(plan, n)) for n in range(len(plan.shards))]
    index = LedgerIndex(plan, [reading.index() for reading in reversed(readings)])
    parts = []
    for reading, halo in zip(readings, index.halos(), strict=True):
        fetched = [pick(readings[owner], wanted) for owner, wanted in halo.wanted.items()]
        parts.append(
            finish_shard(
                reading,
                *fetched,
                unreadable=index.unreadable,
                read_problems=bool(index.read_problems),
                today=TODAY,
                by=("author",),
                as_of=TODAY,
            )
        )
    in_order = ShardResult()
    for part in parts:
        in_order = in_order.merge(part)
    rng = random.Random(3)
    for _ in range(5):
        shuffled = parts[:]
        rng.shuffle(shuffled)
        half = len(shuffled) // 2
        left, right = ShardResult(), ShardResult()
        for part in shuffled[:half]:
            left = part.merge(left)
        for part in shuffled[half:]:
            right = right.merge(part)
        assert right.merge(left) == in_order
        assert ShardResult.merge_all(shuffled) == in_order
        assert ShardResult.merge_all([left, ShardResult(), right]) == in_order
    with pytest.raises(ValueError, match="each file"):
        LedgerIndex(plan, [reading.index() for reading in readings[1:]])


def _moved_outcomes(root: Path) -> None:
    """The base ledger's outcome file renamed, so that it lands in a shard of its own."""
    path = root / OUTCOMES
    if path.exists():
        path.rename(path.with_name("zz-outcomes-filed-apart.toml"))


@pytest.mark.parametrize("layout", ["as-is", "outcomes-apart"])
@pytest.mark.parametrize("case", [c for c in CASES if not c.args], ids=lambda c: c.id)
def test_each_broken_ledger_of_the_catalogue_shards_exactly(
    case: object, layout: str, tmp_path: Path
) -> None:
    root = tmp_path / "ledger"
    shutil.copytree(BASE, root)
    case.change(root)  # type: ignore[attr-defined]
    if layout == "outcomes-apart":
        _moved_outcomes(root)
    try:
        problems, tallies = one_process(root)
    except ScoringError:
        with pytest.raises(ScoringError):
            run_sharded(root, 4, today=TODAY, as_of=TODAY)
        return
    result = run_sharded(root, 4, today=TODAY, as_of=TODAY)
    assert result.problems() == problems
    assert result.tallies == tallies


def test_without_dask_the_commands_say_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from predictledger._cli import main

    root = cross_file_ledger(tmp_path / "ledger")
    # A module set to None in sys.modules cannot be imported: as if Dask were not installed.
    monkeypatch.setitem(sys.modules, "distributed", None)
    for command in ("check", "scorecard"):
        assert main([command, "--dask", "local", str(root)]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            "predictledger: error: scoring on Dask needs Dask and its distributed scheduler: "
            "pip install 'predictledger[dask]'\n"
        )


@pytest.mark.parametrize("variant", [None, "all"])
def test_the_sharded_scorecard_is_the_one_process_scorecard_but_its_rows(
    variant: str | None, tmp_path: Path
) -> None:
    """Every figure of every group, the fair comparisons, the peer scores on the shared
    question (its two claims, by two authors, lie in another shard than its outcome and
    references), the breakdowns by year of resolution and by horizon length."""
    from predictledger._loader import read_ledger
    from predictledger._score.scorecard import scorecard

    root = cross_file_ledger(tmp_path / "ledger", variant)
    reading = read_ledger(root, cache=False, jobs=1)
    ledger = reading.sound().ledger if reading.problems else reading.ledger
    whole = scorecard(ledger, ("author",), TODAY)
    assert any(group.peer_score is not None for group in whole.groups)

    def figures(card: Scorecard) -> list[object]:
        return [
            (
                group.key,
                group.label,
                group.rank,
                group.tally,
                group.fair,
                group.peer_score,
                group.peer_questions,
                group.by_resolution_year,
                group.by_horizon_length,
            )
            for group in (*card.groups, card.total)
        ]

    for shards in (1, 3, 10):
        sharded = run_sharded(root, shards, today=TODAY, as_of=TODAY)
        assert figures(sharded.scorecard(("author",), TODAY)) == figures(whole)
