"""Dates known to a range: for a source and for a claim; windows, as-of scoring, `resolve --on`,
the checks, and what an outcome's digest seals.

Most cases copy the sound ledger of `tests/broken/base/` and change one thing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from predictledger._checks import check
from predictledger._convert import field_errors, structure
from predictledger._digest import SEALED, changed_fields, legacy_digest, prediction_digest, seals
from predictledger._keep.resolve import plan_outcome
from predictledger._loader import load, read_ledger
from predictledger._phrases.horizons import parse_horizon
from predictledger._records import Dating, Horizon, PartialDate, Prediction, Verdict, claim_dating
from predictledger._score.status import made_by
from predictledger.errors import HorizonError, RequestError

BASE = Path(__file__).parent / "broken" / "base"
SOURCE = "predictions/sources/techflow-2024-outlook.toml"
OUTCOMES = "predictions/outcomes/techflow-2024-outlook.toml"
SEED_FILE = "seeds/techflow-2024-outlook.txt"
D = dt.date
RANGE = 'made_on = { earliest = 2023-12-10, latest = 2023-12-20, reason = "between two posts" }'
TODAY = D(2026, 12, 4)


def ledger_copy(tmp_path: Path, *changes: tuple[str, str, str]) -> Path:
    root = tmp_path / "ledger"
    shutil.copytree(BASE, root)
    for name, old, new in changes:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return root


def messages(root: Path, today: dt.date = TODAY) -> list[str]:
    return [str(problem) for problem in check(read_ledger(root), today=today)]


# -- reading ---------------------------------------------------------------------------------


def test_a_source_published_within_a_range_gives_its_claims_that_range(tmp_path: Path) -> None:
    root = ledger_copy(
        tmp_path,
        (
            SOURCE,
            'published = "2023-12"',
            'published = { earliest = 2023-12-22, latest = 2023-12-31, reason = "after the '
            'draft of 22 December" }',
        ),
    )
    ledger = load(root)
    source = ledger.source("techflow-2024-outlook")
    assert (source.published.earliest, source.published.latest) == (
        D(2023, 12, 22),
        D(2023, 12, 31),
    )
    assert source.published.reason == "after the draft of 22 December"
    # A claim without made_on takes the range; one with its own keeps it.
    assert ledger.prediction("zixi-2024-l2-competition").made_on == source.published
    assert ledger.prediction("zixi-us-market-correction").made_on.day == D(2023, 12, 15)
    # The outcome recorded when the claim counted as made on 2023-12-31 still seals it.
    assert messages(root) == []


def test_a_partial_date_means_what_it_always_meant(tmp_path: Path) -> None:
    ledger = load(ledger_copy(tmp_path))
    made = ledger.prediction("zixi-2024-l2-competition").made_on
    assert (made.day, made.reason, str(made)) == (D(2023, 12, 31), None, "2023-12-31")
    assert str(ledger.source("techflow-2024-outlook").published) == "2023-12"
    # A claim's own month or year stands for its last day, as its source's does.
    assert claim_dating(PartialDate(year=2025, month=4)).day == D(2025, 4, 30)
    assert claim_dating(PartialDate(year=2025)).day == D(2025, 12, 31)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            {"earliest": D(2025, 2, 4), "latest": D(2025, 4, 30)},
            "a range needs reason: earliest, latest and reason",
        ),
        (
            {"earliest": D(2025, 4, 30), "latest": D(2025, 2, 4), "reason": "r"},
            "the range is not valid: its latest day 2025-02-04 is before its earliest 2025-04-30",
        ),
        (
            {"earliest": D(2025, 2, 4), "latest": D(2025, 4, 30), "reason": " "},
            "a range needs its reason: say what bounds it",
        ),
        (
            {"earliest": D(2025, 2, 4), "latest": D(2025, 4, 30), "reson": "r"},
            "a range has no field 'reson' (did you mean 'reason'?); write earliest, latest and "
            "reason",
        ),
        (
            {"earliest": "2025-02-04", "latest": D(2025, 4, 30), "reason": "r"},
            'expected a date, got the string "2025-02-04"; write it without quotes: 2025-02-04',
        ),
    ],
)
def test_a_wrong_range_is_one_clear_error(value: dict[str, object], message: str) -> None:
    table = {
        "id": "p",
        "source": "s",
        "author": "a",
        "made_on": value,
        "claim": "c",
        "quote": "q",
        "horizon": {"start": D(2025, 2, 4)},
        "sector": "x",
    }
    with pytest.raises(Exception) as raised:  # noqa: PT011 - cattrs' validation group
        structure(table, Prediction)
    assert [(e.dotted, e.message) for e in field_errors(raised.value)] == [("made_on", message)]


def test_a_range_reads_from_a_file_and_a_wrong_one_names_file_and_line(tmp_path: Path) -> None:
    root = ledger_copy(tmp_path, (SOURCE, "made_on = 2023-12-15", RANGE))
    made = load(root).prediction("zixi-us-market-correction").made_on
    assert (made.earliest, made.latest, made.reason) == (
        D(2023, 12, 10),
        D(2023, 12, 20),
        "between two posts",
    )
    assert str(made) == "2023-12-10..2023-12-20"
    broken = ledger_copy(
        tmp_path / "b", (SOURCE, "made_on = 2023-12-15", "made_on = { earliest = 2023-12-10 }")
    )
    (problem,) = read_ledger(broken).problems
    assert str(problem) == (
        f"{SOURCE}:27: prediction 'zixi-us-market-correction': field 'made_on': a range needs "
        "latest and reason: earliest, latest and reason"
    )


# -- windows -------------------------------------------------------------------------------

RELATIVE_PHRASES = [
    "à court terme (3-6 mois)",
    "à court terme",
    "à moyen terme",
    "3-6 mois",
    "dans 6 mois",
    "dans les 12 prochains mois",
    "d'ici fin 2027",
    "en 2026",
    "à long terme",
]
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2025, 12, 31))


@given(days, st.integers(min_value=0, max_value=400), st.sampled_from(RELATIVE_PHRASES), st.data())
def test_a_window_from_a_range_is_right_for_every_day_of_it(
    earliest: dt.date, span: int, phrase: str, data: st.DataObject
) -> None:
    latest = earliest + dt.timedelta(days=span)
    made = Dating(earliest=earliest, latest=latest, reason="r")
    try:
        window = parse_horizon(phrase, made)
    except HorizonError:
        # Only when some day of the range has no window (a period over before it).
        with pytest.raises(HorizonError):
            parse_horizon(phrase, latest)
        return
    assert window.start >= earliest  # never before the claim could have been made
    day = earliest + dt.timedelta(days=data.draw(st.integers(min_value=0, max_value=span)))
    one = parse_horizon(phrase, day)
    assert one.start >= day
    assert window.start <= one.start
    assert window.end is None or (one.end is not None and one.end <= window.end)
    # And it is no wider than it must be: the windows of the range's two ends.
    assert window.start == parse_horizon(phrase, earliest).start
    assert window.end == parse_horizon(phrase, latest).end


def test_the_short_term_runs_from_the_day_of_the_claim() -> None:
    made = Dating(earliest=D(2025, 2, 4), latest=D(2025, 4, 30), reason="r")
    assert parse_horizon("à court terme (3-6 mois)", D(2025, 4, 30)) == Horizon(
        phrase="à court terme (3-6 mois)", start=D(2025, 4, 30), end=D(2025, 10, 30)
    )
    window = parse_horizon("à court terme (3-6 mois)", made)
    assert (window.start, window.end) == (D(2025, 2, 4), D(2025, 10, 30))
    with pytest.raises(HorizonError, match="before the claim was made on 2025-04-30"):
        parse_horizon("en mars 2025", made)  # over before some days of the range


# -- as of a date and resolve --on -------------------------------------------------------------


def _claim(made: Dating) -> Prediction:
    return Prediction(
        id="p",
        source="s",
        author="a",
        made_on=made,
        claim="c",
        quote="q",
        resolution="r",
        horizon=Horizon(start=made.earliest),
        sector="x",
    )


@given(days, st.integers(min_value=0, max_value=400), days)
def test_as_of_a_day_a_claim_counts_once_it_certainly_was_made(
    earliest: dt.date, span: int, as_of: dt.date
) -> None:
    made = Dating(earliest=earliest, latest=earliest + dt.timedelta(days=span), reason="r")
    counted = made_by(_claim(made), as_of)
    if as_of < made.earliest:
        assert not counted  # never before it could have been made
    if as_of >= made.latest:
        assert counted  # never hidden after it certainly was
    assert counted == (as_of >= made.latest)


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=-30, max_value=500))
def test_resolve_on_accepts_every_day_from_the_earliest(span: int, offset: int) -> None:
    root = _resolvable_ledger()
    ledger = load(root)
    earliest = D(2023, 12, 10)
    on = earliest + dt.timedelta(days=offset)
    made = Dating(earliest=earliest, latest=earliest + dt.timedelta(days=span), reason="r")
    prediction = attrs.evolve(ledger.prediction("zixi-defi-comeback"), made_on=made)
    ledger = attrs.evolve(
        ledger,
        predictions=tuple(prediction if p.id == prediction.id else p for p in ledger.predictions),
    )
    evidence = ["The DeFi total value locked, as reported by a tracker that day."]
    if offset < 0:
        with pytest.raises(RequestError, match="could have been made"):
            plan_outcome(ledger, prediction.id, Verdict.FALSE, evidence, on=on, today=TODAY)
    else:
        outcome = plan_outcome(ledger, prediction.id, Verdict.FALSE, evidence, on=on, today=TODAY)
        assert outcome.resolved_on == on


_ROOTS: dict[str, Path] = {}


def _resolvable_ledger() -> Path:
    if "root" not in _ROOTS:
        import tempfile

        _ROOTS["root"] = ledger_copy(Path(tempfile.mkdtemp()))
    return _ROOTS["root"]


# -- the checks ----------------------------------------------------------------------------


def test_an_outcome_resolved_in_the_future_is_a_problem(tmp_path: Path) -> None:
    root = ledger_copy(tmp_path)
    assert messages(root, today=D(2025, 1, 15)) == []
    assert messages(root, today=D(2025, 1, 14)) == [
        f"{OUTCOMES}:1: outcome 'zixi-2024-l2-competition-r1': field 'resolved_on': 2025-01-15 "
        "is in the future (today is 2025-01-14); a verdict is recorded on the day it is known"
    ]


def test_an_outcome_before_the_earliest_day_is_a_problem(tmp_path: Path) -> None:
    root = ledger_copy(
        tmp_path,
        (SOURCE, "made_on = 2023-12-15", RANGE),
        (OUTCOMES, "resolved_on = 2024-07-01", "resolved_on = 2023-12-09"),
    )
    assert messages(root) == [
        f"{OUTCOMES}:9: outcome 'zixi-us-market-correction-r1': field 'resolved_on': "
        "2023-12-09 is before prediction 'zixi-us-market-correction' could have been made "
        "(2023-12-10..2023-12-20)"
    ]
    # On the earliest day it could have been made, it is not.
    fine = ledger_copy(
        tmp_path / "fine",
        (SOURCE, "made_on = 2023-12-15", RANGE),
        (OUTCOMES, "resolved_on = 2024-07-01", "resolved_on = 2023-12-10"),
    )
    assert messages(fine) == []


def test_a_source_date_made_more_precise_moves_no_goalposts(tmp_path: Path) -> None:
    # The outcomes' digests were written under the former rule, which sealed made_on.
    root = ledger_copy(tmp_path, (SOURCE, 'published = "2023-12"', "published = 2023-12-20"))
    assert load(root).prediction("zixi-2024-l2-competition").made_on.day == D(2023, 12, 20)
    assert messages(root) == []


def test_the_cause_is_listed_before_the_goalposts_it_moved(tmp_path: Path) -> None:
    root = ledger_copy(
        tmp_path,
        (SOURCE, 'published = "2023-12"', "published = 2023-12-20"),
        (
            SOURCE,
            'id = "zixi-2024-l2-competition"\nauthor = "zixi-eth"',
            'id = "zixi-2024-l2-competition"\nauthor = "zixi-eht"',
        ),
    )
    found = messages(root)
    assert found[0].startswith(
        f"{SOURCE}:13: prediction 'zixi-2024-l2-competition': field 'author'"
    )
    assert found[1:] == [
        f"{OUTCOMES}:1: outcome 'zixi-2024-l2-competition-r1': field 'digest': goalposts moved: "
        "prediction 'zixi-2024-l2-competition' changed since this verdict; restore it or "
        "supersede this outcome"
    ]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("will be back in favour", "will be popular", "claim"),
        ("exceeds its 2021 peak", "exceeds half its 2021 peak", "resolution"),
        ("start = 2024-01-01, end = 2026-12-31", "start = 2024-01-01, end = 2027-12-31", "window"),
        ('{ value = 0.9, basis = "stated" }', '{ value = 0.8, basis = "stated" }', "probability"),
        ('phrase = "d\'ici 2026", start', 'phrase = "d\'ici fin 2026", start', None),
        (
            'sector = "markets"\nprobability = { value = 0.9',
            'sector = "markets"\ntags = ["defi"]\nprobability = { value = 0.9',
            None,
        ),
    ],
)
def test_goalposts_name_the_field_that_moved_in_one_short_line(
    tmp_path: Path, old: str, new: str, field: str | None
) -> None:
    root = ledger_copy(tmp_path)
    ledger = load(root)
    outcome = plan_outcome(
        ledger,
        "zixi-defi-comeback",
        Verdict.FALSE,
        ["DeFi's total value locked stayed below its 2021 peak through 2026 (DefiLlama)."],
        on=D(2026, 1, 2),
        today=TODAY,
    )
    with (root / OUTCOMES).open("a", encoding="utf-8") as file:
        file.write(
            f'\n[[outcome]]\nid = "{outcome.id}"\nprediction = "{outcome.prediction}"\n'
            f'verdict = "false"\nresolved_on = 2026-01-02\nevidence = ["{outcome.evidence[0]}"]\n'
            f'digest = "{outcome.digest}"\n'
        )
    assert messages(root) == []
    text = (root / SOURCE).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (root / SOURCE).write_text(text.replace(old, new), encoding="utf-8")
    found = messages(root)
    if field is None:  # the author's words and the filing are not what the verdict judged
        assert found == []
        return
    words = {"window": "window (horizon.start/end)"}.get(field, field)
    assert found == [
        f"{OUTCOMES}:18: outcome 'zixi-defi-comeback-r1': field 'digest': goalposts moved: "
        f"prediction 'zixi-defi-comeback' changed its {words} since this verdict; restore it or "
        "supersede this outcome"
    ]
    # One short line: what precedes `path:line: ` is where, the rest under 200 characters
    # (the former message ran to about 330, with a 71-character digest in it).
    assert len(found[0].split(": ", 1)[1]) < 200


# -- the digest ------------------------------------------------------------------------------

made_ons = st.one_of(
    days.map(Dating.of),
    st.tuples(days, st.integers(min_value=1, max_value=400)).map(
        lambda pair: Dating(
            earliest=pair[0], latest=pair[0] + dt.timedelta(days=pair[1]), reason="r"
        )
    ),
)


@given(made_ons, made_ons)
def test_when_a_claim_was_made_is_not_sealed(one: Dating, other: Dating) -> None:
    claim = _claim(Dating.of(D(2024, 1, 1)))
    assert prediction_digest(attrs.evolve(claim, made_on=one)) == prediction_digest(
        attrs.evolve(claim, made_on=other)
    )


@given(days, st.integers(min_value=-400, max_value=400))
def test_a_former_digest_survives_a_moved_date(made: dt.date, days_moved: int) -> None:
    claim = _claim(Dating.of(made))
    former = legacy_digest(claim)
    moved = attrs.evolve(claim, made_on=made + dt.timedelta(days=days_moved))
    assert seals(former, moved)
    assert not seals(former, attrs.evolve(moved, claim="another claim"))


def test_each_sealed_field_has_its_own_fingerprint() -> None:
    claim = _claim(Dating.of(D(2024, 1, 1)))
    digest = prediction_digest(claim)
    assert len(digest) == len("sha256:") + 8 * len(SEALED)
    assert changed_fields(digest, claim) == []
    edits: dict[str, dict[str, Any]] = {
        "author": {"author": "b"},
        "kind": {"kind": claim.kind.__class__("commitment")},
        "claim": {"claim": "d"},
        "quote": {"quote": "r"},
        "resolution": {"resolution": "s"},
        "condition": {"condition": "if"},
        "window": {"horizon": Horizon(start=D(2024, 1, 1), end=D(2024, 12, 31))},
    }
    for field, change in edits.items():
        assert changed_fields(digest, attrs.evolve(claim, **change)) == [field]
    assert changed_fields(legacy_digest(claim), claim) is None  # the former rule cannot tell


def test_the_bundled_interview_is_dated_to_a_range() -> None:
    root = Path(__file__).parent.parent
    ledger = load(root)
    source = ledger.source("blockbeats-qiao-wang-alliance-dao-2025")
    assert (source.published.earliest, source.published.latest) == (D(2025, 4, 3), D(2025, 4, 30))
    claim = ledger.prediction("qiao-2025-us-stocks-probably-correct")
    assert (claim.made_on.earliest, claim.made_on.latest) == (D(2025, 2, 4), D(2025, 4, 30))
    # Counted from the range's latest day, so a mid-2025 scorecard shows it.
    assert made_by(claim, D(2025, 6, 30))
    assert not made_by(claim, D(2025, 4, 29))
    assert claim.horizon.end == D(2025, 4, 30) + relativedelta(months=6)


def test_add_takes_the_sources_range_and_a_window_right_for_all_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from predictledger._cli import main

    root = ledger_copy(
        tmp_path,
        (
            SOURCE,
            'published = "2023-12"',
            'published = { earliest = 2023-12-10, latest = 2023-12-20, reason = "between two '
            'posts" }',
        ),
    )
    seed = root / SEED_FILE
    seed.write_text(
        seed.read_text(encoding="utf-8")
        + "\nLe marché pourrait baisser à court terme (3-6 mois).\n",
        encoding="utf-8",
    )
    status = main(
        [
            "add",
            "--source", "techflow-2024-outlook",
            "--author", "zixi-eth",
            "--claim", "The market will fall within three to six months.",
            "--quote", "Le marché pourrait baisser à court terme (3-6 mois).",
            "--resolution", "True if the S&P 500 closes 10 % lower within the window.",
            "--horizon", "à court terme (3-6 mois)",
            "--sector", "markets",
            "--path", str(root),
        ]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    assert (
        'made_on = { earliest = 2023-12-10, latest = 2023-12-20, reason = "between two posts" }'
        in out
    )
    added = next(p for p in load(root).predictions if p.claim.startswith("The market will fall"))
    assert (added.made_on.earliest, added.made_on.latest) == (D(2023, 12, 10), D(2023, 12, 20))
    assert (added.horizon.start, added.horizon.end) == (D(2023, 12, 10), D(2024, 6, 20))
    assert messages(root) == []


def test_a_stance_is_kept_never_scored_and_only_a_void_outcome_stands_for_it(
    tmp_path: Path,
) -> None:
    stance = (
        SOURCE,
        'id = "zixi-2024-l2-competition"\nauthor = "zixi-eth"\n',
        'id = "zixi-2024-l2-competition"\nauthor = "zixi-eth"\nkind = "stance"\n',
    )
    root = ledger_copy(tmp_path, stance)
    # Its probability and the verdict recorded while it was a forecast are both problems.
    assert messages(root) == [
        f"{OUTCOMES}:1: outcome 'zixi-2024-l2-competition-r1': field 'verdict': prediction "
        "'zixi-2024-l2-competition' is a stance, never scored; only a void outcome (the verdict "
        "withdrawn) may stand for it",
        f"{SOURCE}:13: prediction 'zixi-2024-l2-competition': field 'probability': a stance is "
        "never scored; remove its probability",
        # Its kind is sealed: the verdict judged a forecast.
        f"{OUTCOMES}:1: outcome 'zixi-2024-l2-competition-r1': field 'digest': goalposts moved: "
        "prediction 'zixi-2024-l2-competition' changed since this verdict; restore it or "
        "supersede this outcome",
    ]
    ledger = load(root)
    with pytest.raises(RequestError, match="is a stance: it is kept for the record"):
        plan_outcome(
            ledger,
            "zixi-2024-l2-competition",
            Verdict.TRUE,
            ["Evidence that would settle a forecast, not a stance."],
            on=D(2025, 2, 1),
            today=TODAY,
        )
