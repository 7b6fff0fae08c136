"""`predictledger compare A B`: two authors head to head on the questions they share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from predictledger import load, question_digest
from predictledger._cli import COMMANDS, main

from .ledger_factory import ANA_SOURCE, ZIXI_SOURCE, make_ledger

QUESTION = """\
[[question]]
id = "l2-2024"
claim = "At least five Ethereum layer-2 networks each hold over 1 billion dollars in 2024."
resolution = "True if at least five L2 networks each hold over 1 billion dollars in 2024."
horizon = { start = 2024-01-01, end = 2024-12-31 }
sector = "layer-2"
"""

ANA_CLAIM = """
[[prediction]]
id = "ana-2024-l2-few"
author = "ana-lopez"
claim = "Fewer than five layer-2 networks will each hold over 1 billion dollars in 2024."
quote = "I expect the Fed to cut rates at least twice by the end of 2024."
resolution = "The question's resolution, negated."
horizon = { phrase = "by the end of 2024", start = 2024-03-05, end = 2024-12-31 }
sector = "layer-2"
question = "l2-2024"
negates = true
probability = { value = 0.6, basis = "stated" }
"""


def shared(tmp_path: Path, *, resolved: bool = True) -> Path:
    """The factory ledger with zixi (70%) and ana (60% against) on one question."""
    root = make_ledger(tmp_path)
    predictions = root / "predictions"
    (predictions / "questions.toml").write_text(QUESTION, encoding="utf-8")
    zixi = predictions / "sources" / f"{ZIXI_SOURCE}.toml"
    text = zixi.read_text(encoding="utf-8")
    zixi.write_text(
        text.replace('tags = ["ethereum"]\n', 'tags = ["ethereum"]\nquestion = "l2-2024"\n', 1),
        encoding="utf-8",
    )
    ana = predictions / "sources" / f"{ANA_SOURCE}.toml"
    ana.write_text(ana.read_text(encoding="utf-8") + ANA_CLAIM, encoding="utf-8")
    if resolved:
        digest = question_digest(load(root).question("l2-2024"))
        (predictions / "outcomes").mkdir(exist_ok=True)
        (predictions / "outcomes" / "questions.toml").write_text(
            "[[outcome]]\n"
            'id = "l2-2024-r1"\n'
            'question = "l2-2024"\n'
            'verdict = "true"\n'
            "resolved_on = 2025-01-15\n"
            'evidence = ["A public record."]\n'
            f'digest = "{digest}"\n',
            encoding="utf-8",
        )
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_shared_ledger_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", str(shared(tmp_path)))
    assert status == 0, err


def test_compare_is_a_registered_command() -> None:
    assert "compare" in [c.name for c in COMMANDS]


def test_compare_as_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = shared(tmp_path)
    status, out, err = run(
        capsys, "compare", "zixi-eth", "ana-lopez", str(root), "--as-of", "2025-06-30"
    )
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["question", "Zixi.eth", "Ana", "López", "difference"]
    # zixi gave the event 70%, ana 40% (60% against it): 100 ln(0.7 / 0.4) = +56.0.
    assert lines[1].split() == ["l2-2024", "-35.7", "-91.6", "+56.0"]
    assert "1 shared question: Zixi.eth 1 win, 0 losses, 0 ties" in out
    assert "mean difference +56.0 points" in out
    assert "interval" not in out  # one question has no interval


def test_compare_as_json_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = shared(tmp_path)
    status, out, _ = run(
        capsys,
        "compare",
        "ana-lopez",
        "zixi-eth",
        str(root),
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    )
    assert status == 0
    data = json.loads(out)
    assert data["schema"] == "predictledger.compare/1"
    assert (data["shared"], data["wins"], data["losses"], data["ties"]) == (1, 0, 1, 0)
    assert data["mean_difference"] == pytest.approx(-56.0, abs=0.05)
    assert data["mean_difference_low"] is None
    assert data["questions"][0]["question"] == "l2-2024"
    status, out, _ = run(
        capsys,
        "compare",
        "ana-lopez",
        "zixi-eth",
        str(root),
        "--as-of",
        "2025-06-30",
        "--format",
        "markdown",
    )
    assert status == 0
    assert "| l2-2024 | -91.6 | -35.7 | -56.0 |" in out


def test_before_the_outcome_nothing_is_shared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = shared(tmp_path)
    status, out, _ = run(
        capsys, "compare", "zixi-eth", "ana-lopez", str(root), "--as-of", "2025-01-14"
    )
    assert status == 0
    assert "share no resolved question" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["zixi", "ana-lopez"], "unknown author 'zixi' (did you mean 'zixi-eth'?)"),
        (["zixi-eth", "ana-lopes"], "unknown author 'ana-lopes' (did you mean 'ana-lopez'?)"),
        (["zixi-eth", "zixi-eth"], "not with themself"),
    ],
)
def test_an_unknown_author_is_one_line_and_status_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    root = shared(tmp_path)
    status, out, err = run(capsys, "compare", *args, str(root))
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("predictledger: error: ")
    assert message in err


def test_compare_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = shared(tmp_path / "ledger")
    target = tmp_path / "h2h.json"
    status, out, err = run(
        capsys,
        "compare",
        "zixi-eth",
        "ana-lopez",
        str(root),
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        "-o",
        str(target),
    )
    assert status == 0
    assert out == ""
    assert "wrote the comparison" in err
    assert json.loads(target.read_text(encoding="utf-8"))["shared"] == 1
