"""`predictledger draft --source` into drafts/, `predictledger accept`, and the placeholder
check: drafts stay out of the ledger until accepted, a draft that still fails is refused with
nothing written, and drafting again does not propose what the ledger holds."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from predictledger import load
from predictledger._cli import main
from predictledger._text import PLACEHOLDER
from tests.ledger_factory import tree

SOURCE = "rates-outlook-2025"
DRAFTS = f"drafts/{SOURCE}.toml"
ARTICLE = (
    "Rates outlook for 2026\n\n"
    "The central bank will probably cut rates twice in 2026, Jane Doe said this week.\n"
    "Prices rose three percent last year.\n"
    "Inflation is likely to fall below two percent by the end of next year.\n"
    "If oil prices stay low, the housing market will recover in the spring.\n"
)
INFLATION = "Inflation is likely to fall below two percent by the end of next year."


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def ledger(tmp_path: Path, capsys) -> Path:
    root = tmp_path / "ledger"
    article = tmp_path / "rates.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    for argv in (
        ["init", str(root)],
        ["author", "add", "jane-doe", "--name", "Jane Doe", "-f", str(root)],
        ["sector", "add", "rates", "--name", "Rates", "-f", str(root)],
        ["source", "add", str(article), "--title", "Rates outlook", "--publisher", "News",
         "--published", "2025-03-04", "--person", "author:jane-doe", "-f", str(root)],
    ):  # fmt: skip
        status, _, err = run(capsys, *argv)
        assert status == 0, err
    return root


def drafted(root: Path) -> list[dict[str, Any]]:
    tables: list[dict[str, Any]] = tomllib.loads((root / DRAFTS).read_text(encoding="utf-8"))[
        "prediction"
    ]
    return tables


def review(root: Path, draft_id: str, claim: str, resolution: str) -> None:
    """Write a draft's claim and resolution, as a keeper does in an editor."""
    text = (root / DRAFTS).read_text(encoding="utf-8")
    start = text.index(f'id = "{draft_id}"')
    end = text.find("\n[[prediction]]", start)
    end = len(text) if end < 0 else end
    table = text[start:end]
    table = table.replace(
        f'claim = "{PLACEHOLDER}: the claim as one English sentence"', f'claim = "{claim}"'
    ).replace(
        f'resolution = "{PLACEHOLDER}: what would make the claim true or false"',
        f'resolution = "{resolution}"',
    )
    (root / DRAFTS).write_text(text[:start] + table + text[end:], encoding="utf-8")


def inflation_id(root: Path) -> str:
    return str(next(d["id"] for d in drafted(root) if d["quote"] == INFLATION))


def test_draft_into_the_ledger_writes_reviewable_tables(ledger: Path, capsys) -> None:
    status, out, err = run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    assert status == 0, err
    assert out == ""
    assert f"into {DRAFTS}" in err
    tables = drafted(ledger)
    quotes = [t["quote"] for t in tables]
    assert INFLATION in quotes
    assert "Prices rose three percent last year." not in quotes
    text = (ledger / f"seeds/{SOURCE}.txt").read_text(encoding="utf-8")
    for table in tables:
        assert table["source"] == SOURCE
        assert table["claim"].startswith(PLACEHOLDER)
        assert table["resolution"].startswith(PLACEHOLDER)
        seen = table["draft"]
        assert text[seen["start"] : seen["end"]] == table["quote"]
        assert seen["cues"]
        assert 0 < seen["confidence"] <= 1
    inflation = next(t for t in tables if t["quote"] == INFLATION)
    assert inflation["author"] == "jane-doe"
    assert inflation["sector"] == "rates"  # the ledger's only sector
    assert inflation["horizon"]["phrase"] == "by the end of next year"
    conditional = next(t for t in tables if t["quote"].startswith("If oil"))
    assert conditional["condition"].startswith(PLACEHOLDER)
    assert conditional["draft"]["condition"] == "If oil prices stay low"
    # Drafts are not part of the ledger: check and the ledger do not see them.
    assert run(capsys, "check", str(ledger))[0] == 0
    assert load(ledger).predictions == ()


def test_drafting_again_keeps_the_review_in_progress(ledger: Path, capsys) -> None:
    run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    before = tree(ledger)
    status, out, err = run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    assert status == 2
    assert out == ""
    assert "already holds drafts" in err
    assert "--replace" in err
    assert err.count("\n") == 1
    assert tree(ledger) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--source", "nope"], "unknown source 'nope'"),
        (["some.txt", "--source", SOURCE], "leave out ARTICLE"),
        (["--source", SOURCE, "--format", "toml"], "leave out --published and --format"),
        (["--source", SOURCE, "--language", "de"], "unknown language 'de'"),
        (["--replace"], "--replace and --ledger go with --source ID"),
    ],
)
def test_draft_into_the_ledger_refusals(ledger: Path, capsys, argv, message) -> None:
    before = tree(ledger)
    status, out, err = run(capsys, "draft", *argv, "-f", str(ledger))
    assert status == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert tree(ledger) == before


def test_accept_refuses_a_draft_that_still_holds_placeholders(ledger: Path, capsys) -> None:
    run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    before = tree(ledger)
    status, out, err = run(capsys, "accept", inflation_id(ledger), "-f", str(ledger))
    assert status == 1
    assert out == ""
    assert f"{DRAFTS}:" in err
    assert "field 'claim' still holds the drafter's placeholder; write the claim yourself" in err
    assert "field 'resolution' still holds the drafter's placeholder" in err
    assert err.endswith("(nothing was written)\n")
    assert tree(ledger) == before


def test_accept_moves_a_reviewed_draft_into_the_ledger(ledger: Path, capsys) -> None:
    run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    draft_id = inflation_id(ledger)
    review(ledger, draft_id, "Inflation will fall below 2% by the end of 2026.",
           "True if annual CPI inflation is below 2% in December 2026.")  # fmt: skip
    others = [d for d in drafted(ledger) if d["id"] != draft_id]
    status, out, err = run(capsys, "accept", draft_id, "-f", str(ledger))
    assert status == 0, err
    assert f"accepted 1 prediction into predictions/sources/{SOURCE}.toml:" in err
    assert "draft =" not in out  # what the drafter saw is left out
    prediction = load(ledger).prediction(draft_id)
    assert prediction.quote == INFLATION
    assert prediction.claim == "Inflation will fall below 2% by the end of 2026."
    assert prediction.probability is not None
    assert prediction.probability.hedge == "likely"
    assert run(capsys, "check", str(ledger))[0] == 0
    # Taken out of the drafts file; the other drafts stay as they were.
    assert drafted(ledger) == others
    # Drafting again does not propose what the ledger now holds.
    status, _, err = run(capsys, "draft", "--source", SOURCE, "--replace", "-f", str(ledger))
    assert status == 0
    assert "1 left out that the ledger already holds" in err
    assert INFLATION not in [d["quote"] for d in drafted(ledger)]


def test_a_candidate_containing_a_quote_the_ledger_holds_is_not_proposed(ledger, capsys) -> None:
    status, _, err = run(
        capsys, "add", "--source", SOURCE, "--author", "jane-doe", "--sector", "rates",
        "--claim", "The housing market will recover in spring 2025.",
        "--quote", "the housing market will recover in the spring",
        "--resolution", "True if house prices rise in spring 2025.",
        "--horizon", "in the spring", "--start", "2025-03-20", "--end", "2025-06-20",
        "-f", str(ledger),
    )  # fmt: skip
    assert status == 0, err
    status, _, err = run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    assert status == 0
    assert "1 left out" in err
    assert not any("housing" in d["quote"] for d in drafted(ledger))


def test_accepting_the_last_draft_removes_the_drafts_file(ledger: Path, capsys) -> None:
    run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    keep = inflation_id(ledger)
    text = (ledger / DRAFTS).read_text(encoding="utf-8")
    # The keeper deletes the drafts that are not worth keeping.
    head, *tables = text.split("\n[[prediction]]\n")
    mine = next(t for t in tables if f'id = "{keep}"' in t)
    (ledger / DRAFTS).write_text(head + "\n[[prediction]]\n" + mine, encoding="utf-8")
    review(ledger, keep, "Inflation will fall below 2% by the end of 2026.", "True if CPI < 2%.")
    status, _, err = run(capsys, "accept", keep, "-f", str(ledger))
    assert status == 0, err
    assert not (ledger / DRAFTS).exists()


def test_accept_refuses_a_draft_a_check_fails(ledger: Path, capsys) -> None:
    run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    draft_id = inflation_id(ledger)
    review(ledger, draft_id, "Inflation will fall.", "True if it falls.")
    text = (ledger / DRAFTS).read_text(encoding="utf-8")
    (ledger / DRAFTS).write_text(
        text.replace(INFLATION, "Inflation will surely vanish."), encoding="utf-8"
    )
    before = tree(ledger)
    status, _, err = run(capsys, "accept", draft_id, "-f", str(ledger))
    assert status == 1
    assert "does not occur in the text of source" in err
    assert err.endswith("(nothing was written)\n")
    assert tree(ledger) == before


def test_accept_an_unknown_id(ledger: Path, capsys) -> None:
    run(capsys, "draft", "--source", SOURCE, "-f", str(ledger))
    before = tree(ledger)
    status, _, err = run(capsys, "accept", "rates-outlook-2025-nope", "-f", str(ledger))
    assert status == 2
    assert "no draft 'rates-outlook-2025-nope' in drafts/" in err
    assert tree(ledger) == before


def test_check_names_a_placeholder_left_in_the_ledger(ledger: Path, capsys) -> None:
    path = ledger / f"predictions/sources/{SOURCE}.toml"
    with path.open("a", encoding="utf-8") as file:
        file.write(
            "\n[[prediction]]\n"
            'id = "hand-copied"\n'
            'author = "jane-doe"\n'
            f'claim = "{PLACEHOLDER}: the claim as one English sentence"\n'
            f'quote = "{INFLATION}"\n'
            f'resolution = "{PLACEHOLDER}: what would make the claim true or false"\n'
            'horizon = { phrase = "by the end of next year", start = 2025-03-04, end = 2026-12-31 }\n'
            'sector = "rates"\n'
        )
    status, out, _ = run(capsys, "check", str(ledger))
    assert status == 1
    assert (
        f"predictions/sources/{SOURCE}.toml:10: prediction 'hand-copied': field 'claim': still "
        "holds the drafter's placeholder (TO BE WRITTEN BY THE KEEPER...); write the claim "
        "yourself"
    ) in out
    assert "field 'resolution': still holds the drafter's placeholder" in out


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("spacy") is not None,
    reason="spaCy is installed: French drafting runs",
)
def test_drafting_a_french_source_without_the_extra_names_the_install(
    ledger, tmp_path, capsys
) -> None:
    article = tmp_path / "meteo.txt"
    article.write_text(
        "Il pleuvra probablement plus que d'habitude à Paris en 2024, selon les prévisions.\n",
        encoding="utf-8",
    )
    status, _, err = run(
        capsys, "source", "add", str(article), "--id", "meteo", "--title", "Météo",
        "--publisher", "P", "--published", "2023-12", "--language", "fr", "-f", str(ledger),
    )  # fmt: skip
    assert status == 0, err
    before = tree(ledger)
    status, out, err = run(capsys, "draft", "--source", "meteo", "-f", str(ledger))
    assert status == 2
    assert out == ""
    assert "pip install 'predictledger[draft]'" in err
    assert err.count("\n") == 1
    assert tree(ledger) == before
