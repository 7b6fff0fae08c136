"""`predictledger add`: derived fields, the whole ledger checked first, nothing written on error."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from predictledger import Basis, load
from predictledger._cli import main
from predictledger._keep.add import derive_id
from predictledger._phrases.hedges import find_hedge
from tests.ledger_factory import ZIXI_SOURCE, make_ledger, snapshot

SOURCE_FILE = f"predictions/sources/{ZIXI_SOURCE}.toml"
FEES_QUOTE = "Il est possible que les frais baissent de moitié l'an prochain."
FEES = [
    "--source", ZIXI_SOURCE,
    "--author", "zixi-eth",
    "--claim", "Ethereum transaction fees will halve in 2024.",
    "--quote", FEES_QUOTE,
    "--resolution", "True if the median fee of December 2024 is half that of December 2023.",
    "--horizon", "l'an prochain",
    "--sector", "layer-2",
]  # fmt: skip


def add(
    capsys: pytest.CaptureFixture[str],
    root: Path,
    *argv: str,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(["add", *argv, "--path", str(root)])
    out, err = capsys.readouterr()
    return status, out, err


def clean(capsys: pytest.CaptureFixture[str], root: Path) -> bool:
    status = main(["check", str(root)])
    capsys.readouterr()
    return status == 0


def test_flags_give_a_prediction_with_derived_fields(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    old = (root / SOURCE_FILE).read_bytes()
    status, out, err = add(capsys, root, *FEES, "--tag", "fees", "--tag", "ethereum")
    new_id = "techflow-zixi-2024-outlook-ethereum-transaction-fees-halve"
    assert status == 0
    assert err.startswith(f"added prediction '{new_id}' at {SOURCE_FILE}:")
    data = (root / SOURCE_FILE).read_bytes()
    assert data.startswith(old)
    assert data.endswith(out.encode("utf-8"))
    prediction = load(root).prediction(new_id)
    assert prediction.made_on.day == dt.date(2023, 12, 31)  # the source was published "2023-12"
    assert (prediction.horizon.start, prediction.horizon.end) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
    )
    assert prediction.tags == ("fees", "ethereum")
    probability = prediction.probability
    assert probability is not None
    assert probability.basis is Basis.HEDGE
    assert probability.hedge == "Il est possible que"
    reading = find_hedge(FEES_QUOTE, language="fr")
    assert reading is not None
    assert probability == reading.as_probability()
    assert clean(capsys, root)


def test_the_output_is_the_rendered_toml(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    _, out, _ = add(capsys, root, *FEES, "--id", "zixi-2024-fees-halve", "--no-hedge")
    assert out.splitlines()[:2] == ["[[prediction]]", 'id = "zixi-2024-fees-halve"']
    assert "probability" not in out
    assert 'horizon = { phrase = "l\'an prochain", start = 2024-01-01, end = 2024-12-31 }' in out


def test_a_stated_probability(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, _, _ = add(capsys, root, *FEES, "--id", "fees", "--probability", "0.25")
    probability = load(root).prediction("fees").probability
    assert status == 0
    assert probability is not None
    assert (probability.value, probability.basis) == (0.25, Basis.STATED)


def test_a_named_hedge_is_read_as_it_stands_in_the_quote(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, _, _ = add(capsys, root, *FEES, "--id", "fees", "--hedge", "il est POSSIBLE que")
    probability = load(root).prediction("fees").probability
    assert status == 0
    assert probability is not None
    assert probability.hedge == "Il est possible que"


def test_dates_override_the_phrase(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, _, _ = add(
        capsys, root, *FEES, "--id", "fees", "--end", "2024-06-30", "--made-on", "2023-12-20"
    )
    prediction = load(root).prediction("fees")
    assert status == 0
    assert prediction.made_on.day == dt.date(2023, 12, 20)
    assert (prediction.horizon.start, prediction.horizon.end) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 6, 30),
    )


def test_the_same_claim_twice_gets_a_new_id(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    add(capsys, root, *FEES)
    status, _, err = add(capsys, root, *FEES)
    assert status == 0
    assert "'techflow-zixi-2024-outlook-ethereum-transaction-fees-halve-2'" in err


SNIPPET = f"""\
[[prediction]]
source = "{ZIXI_SOURCE}"
author = "zixi-eth"
claim = "Ethereum transaction fees will halve in 2024."
quote = "{FEES_QUOTE}"
resolution = "True if fees halve."
horizon = {{ phrase = "l'an prochain" }}
sector = "layer-2"
"""


def test_a_snippet_on_standard_input(tmp_path: Path, capsys, monkeypatch) -> None:
    root = make_ledger(tmp_path)
    status, out, _ = add(capsys, root, "--stdin", stdin=SNIPPET, monkeypatch=monkeypatch)
    assert status == 0
    assert 'hedge = "Il est possible que"' in out
    assert clean(capsys, root)


def test_a_snippet_without_header_and_the_source_as_a_flag(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    root = make_ledger(tmp_path)
    bare = SNIPPET.replace("[[prediction]]\n", "").replace(f'source = "{ZIXI_SOURCE}"\n', "")
    bare += 'probability = { value = 0.3, basis = "judgement", note = "Her tone." }\n'
    status, out, _ = add(
        capsys, root, "--stdin", "--source", ZIXI_SOURCE, stdin=bare, monkeypatch=monkeypatch
    )
    assert status == 0
    assert 'probability = { value = 0.3, basis = "judgement", note = "Her tone." }' in out


def test_snippet_problems_name_the_line_of_standard_input(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    broken = SNIPPET.replace("claim =", "clam =").replace('sector = "layer-2"', "sector = 2")
    status, out, err = add(capsys, root, "--stdin", stdin=broken, monkeypatch=monkeypatch)
    assert (status, out) == (1, "")
    lines = err.splitlines()
    assert "<stdin>:4: prediction: field 'clam': unknown field 'clam' (did you mean 'claim'?)" in (
        lines
    )
    assert any(line.startswith("<stdin>:8: prediction: field 'sector'") for line in lines)
    assert snapshot(root) == before


def test_a_snippet_that_is_not_toml(tmp_path: Path, capsys, monkeypatch) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, _, err = add(capsys, root, "--stdin", stdin='claim = "open\n', monkeypatch=monkeypatch)
    assert status == 1
    assert err.startswith("<stdin>:1: TOML syntax error")
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "<stdin>: is empty; give one [[prediction]] table"),
        ('source = "x"\n[[prediction]]\nid = "a"\n',
         "<stdin>:1: 'source' stands outside the [[prediction]] table; move it inside"),
        ('[source]\nid = "x"\n[[prediction]]\nid = "a"\n',
         "<stdin>:1: [source] has no place in a snippet; give one [[prediction]] table only"),
        ('[[prediction]]\nid = "a"\n[[prediction]]\nid = "b"\n',
         "<stdin>:1: give exactly one [[prediction]] table; add predictions one at a time"),
    ],
)  # fmt: skip
def test_a_snippet_holds_one_prediction(
    tmp_path: Path, capsys, monkeypatch, text: str, problem: str
) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, _, err = add(capsys, root, "--stdin", stdin=text, monkeypatch=monkeypatch)
    assert status == 1
    assert err.splitlines()[0] == problem
    assert snapshot(root) == before


def test_a_quote_not_in_the_source_text_is_refused(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    argv = [*FEES]
    argv[argv.index(FEES_QUOTE)] = "Les frais vont s'effondrer."
    status, out, err = add(capsys, root, *argv)
    assert (status, out) == (1, "")
    assert f"{SOURCE_FILE}:" in err
    assert "field 'quote': does not occur in the text of source" in err
    assert snapshot(root) == before


def test_an_unknown_author_is_refused_with_a_suggestion(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    argv = [*FEES]
    argv[argv.index("zixi-eth")] = "zixi"
    status, _, err = add(capsys, root, *argv)
    assert status == 1
    assert "unknown author 'zixi' (did you mean 'zixi-eth'?)" in err
    assert snapshot(root) == before


def test_a_taken_id_is_refused(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, _, err = add(capsys, root, *FEES, "--id", "zixi-2025-btc-100k")
    assert status == 1
    assert "the id is already used" in err
    assert snapshot(root) == before


def test_dry_run_writes_nothing(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, out, err = add(capsys, root, *FEES, "--dry-run")
    assert status == 0
    assert out.startswith("[[prediction]]\n")
    assert "nothing was written" in err
    assert snapshot(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["predictions", "seeds"]


USAGE = [
    (["--source", ZIXI_SOURCE], "missing --author, --claim, --quote, --horizon, --sector"),
    (["--stdin", "--claim", "x"], "not both: drop --claim"),
    ([*FEES, "--probability", "70"], "70 is not between 0 and 1"),
    ([*FEES, "--probability", "0.5", "--hedge", "possible"], "not allowed with argument"),
    ([*FEES, "--hedge", "peut-être bien"], "is not a known hedge"),
    ([*FEES, "--made-on", "yesterday"], "'yesterday' is not a date"),
    ([*FEES, "--kind", "guess"], "invalid choice: 'guess'"),
]


@pytest.mark.parametrize(("argv", "message"), USAGE)
def test_bad_requests_are_usage_errors(
    tmp_path: Path, capsys, monkeypatch, argv: list[str], message: str
) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    status, out, err = add(capsys, root, *argv, stdin="", monkeypatch=monkeypatch)
    assert (status, out) == (2, "")
    assert message in err
    assert len(err.splitlines()) == 1
    assert snapshot(root) == before


def test_an_unknown_source_suggests_the_closest(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    argv = [*FEES]
    argv[argv.index(ZIXI_SOURCE)] = "techflow-zixi"
    status, _, err = add(capsys, root, *argv)
    assert status == 2
    assert "unknown source 'techflow-zixi' (did you mean 'techflow-zixi-2024-outlook'?)" in err


def test_a_horizon_not_understood_asks_for_dates(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    argv = [*FEES]
    argv[argv.index("l'an prochain")] = "quand les poules auront des dents"
    status, _, err = add(capsys, root, *argv)
    assert status == 2
    assert err.rstrip().endswith("or give --start and --end (nothing was written)")
    status, _, _ = add(capsys, root, *argv, "--start", "2024-01-01", "--end", "2030-12-31")
    assert status == 0


def test_derived_ids_are_slugs_of_the_source_and_claim_words() -> None:
    assert derive_id("src", "Les rollups l'emporteront à 90 % !", ()) == (
        "src-les-rollups-l-emporteront"
    )
    assert derive_id("src", "The...", ()) == "src-claim"
    assert derive_id("src", "Fees halve.", ["src-fees-halve", "src-fees-halve-2"]) == (
        "src-fees-halve-3"
    )
    long = derive_id("s" * 80, "Fees halve.", ["s" * 76])
    assert len(long) <= 80
    assert long == "s" * 76 + "-2"
