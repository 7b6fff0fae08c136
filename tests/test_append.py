"""append_records: new tables after the old bytes, checked by the ledger's own reader first."""

from __future__ import annotations

import datetime as dt
import os
import threading
import tomllib
import unicodedata
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from predictledger._convert import structure
from predictledger._loader import read_ledger
from predictledger._records import (
    Author,
    Basis,
    Horizon,
    Outcome,
    PartialDate,
    Participant,
    Prediction,
    Probability,
    Role,
    Source,
    Verdict,
)
from predictledger._write import append as append_module
from predictledger._write.append import (
    Append,
    Record,
    append_records,
    commit,
    prepare_append,
    render_records,
)
from predictledger.errors import LedgerError, LedgerWriteError
from tests.helpers_writer import (
    OUTCOMES,
    FaultyOps,
    ledger_problems,
    make_ledger,
    outcome_for,
    outcome_ids,
    stray_files,
)

HAND_WRITTEN = (
    "# Outcomes, kept by hand.   Odd spacing and comments must survive.\n"
    "\n"
    "[[outcome]]\n"
    "id     = 'p-0-r1'          # a literal string\n"
    'prediction = "p-0"\n'
    'verdict = "true"\n'
    "resolved_on = 2025-01-15\n"
    'evidence = [ "seen" ]\n'
)


Fixture = tuple[Path, list[Prediction]]


@pytest.fixture
def ledger(tmp_path: Path) -> tuple[Path, list[Prediction]]:
    return tmp_path, make_ledger(tmp_path, sources=2, per_source=3)


def refused(
    root: Path, target: str, records: list[Record], *, source: Source | None = None
) -> list[str]:
    """The problems an append is refused with, after checking that nothing changed."""
    path = root / target
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(LedgerError) as raised:
        append_records(root, target, records, source=source)
    assert (path.read_bytes() if path.is_file() else None) == before
    assert stray_files(root) == []
    messages = [str(problem) for problem in raised.value.problems]
    assert all(message.endswith("(nothing was written)") for message in messages)
    # Checked against a reading the caller already holds, the append is refused alike.
    with pytest.raises(LedgerError) as again:
        prepare_append(read_ledger(root), target, records, source=source)
    assert [str(problem) for problem in again.value.problems] == messages
    return messages


def test_appends_an_outcome_to_a_new_file_in_a_new_folder(ledger: Fixture) -> None:
    root, predictions = ledger
    outcome = outcome_for(predictions[0])
    result = append_records(root, OUTCOMES, [outcome])
    assert result.path == OUTCOMES
    assert result.line == 1
    assert (root / OUTCOMES).read_text("utf-8") == result.text == render_records([outcome])
    assert read_ledger(root).ledger.outcomes == (outcome,)
    assert ledger_problems(root) == []


def test_every_existing_byte_is_kept(ledger: Fixture) -> None:
    root, predictions = ledger
    path = root / OUTCOMES
    path.parent.mkdir()
    old = HAND_WRITTEN.replace(
        "evidence", f'digest = "{outcome_for(predictions[0]).digest}"\nevidence'
    ).encode()
    path.write_bytes(old)
    result = append_records(root, OUTCOMES, [outcome_for(predictions[1])])
    new = path.read_bytes()
    assert new.startswith(old + b"\n[[outcome]]\n")
    assert result.line == old.count(b"\n") + 2
    assert new.splitlines()[result.line - 1] == b"[[outcome]]"
    assert [o.id for o in read_ledger(root).ledger.outcomes] == ["p-0-r1", "p-1-r1"]


@pytest.mark.parametrize(
    ("ending", "separator"),
    [("", "\n\n"), ("\n", "\n"), ("\n\n", ""), ("\n\n\n", "")],
)
def test_the_separator_is_one_blank_line(ledger: Fixture, ending: str, separator: str) -> None:
    root, _ = ledger
    path = root / "predictions" / "authors.toml"
    old = path.read_text("utf-8").rstrip("\n") + ending
    path.write_text(old, "utf-8")
    author = Author(id="cyd", name="Cyd")
    append_records(root, "predictions/authors.toml", [author])
    assert path.read_text("utf-8") == old + separator + render_records([author])
    assert read_ledger(root).ledger.authors[-1] == author


def test_a_file_with_crlf_line_ends_keeps_them(ledger: Fixture) -> None:
    root, _ = ledger
    path = root / "predictions" / "authors.toml"
    old = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(old)
    append_records(root, "predictions/authors.toml", [Author(id="cyd", name="Cyd")])
    new = path.read_bytes()
    assert new.startswith(old)
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert ledger_problems(root) == []


def test_a_new_sources_file_gets_its_source_first(ledger: Fixture) -> None:
    root, _ = ledger
    (root / "seeds" / "new.txt").write_text("Nous verrons bien.", "utf-8")
    source = Source(
        id="new",
        title="Nouveau",
        publisher="X",
        published=PartialDate(year=2024),
        language="fr",
        text="seeds/new.txt",
        people=(Participant(role=Role.AUTHOR, name="Ada", author="ada"),),
    )
    prediction = Prediction(
        id="new-1",
        source="new",
        author="ada",
        made_on=dt.date(2024, 12, 31),
        claim="We shall see.",
        quote="Nous verrons bien.",
        resolution="True if we see.",
        horizon=Horizon(phrase="2025", start=dt.date(2025, 1, 1)),
        sector="weather",
        probability=Probability(value=0.5, basis=Basis.JUDGEMENT, note="a coin"),
    )
    target = "predictions/sources/new.toml"
    result = append_records(root, target, [prediction], source=source)
    text = (root / target).read_text("utf-8")
    assert text.startswith('[source]\nid = "new"\n')
    assert "source = " not in text.split("[[prediction]]")[1]  # inherited from [source]
    assert "made_on = 2024-12-31" in text
    assert 'people = [{ role = "author", name = "Ada", author = "ada" }]' in text
    assert result.text == text
    loaded = read_ledger(root).ledger
    assert loaded.source("new") == source
    assert loaded.prediction("new-1") == prediction
    assert ledger_problems(root) == []


def test_prepare_append_checks_but_writes_nothing(ledger: Fixture) -> None:
    root, predictions = ledger
    plan = prepare_append(read_ledger(root), OUTCOMES, [outcome_for(predictions[0])])
    assert not (root / OUTCOMES).exists()
    assert plan.content.decode() == plan.text
    with pytest.raises(LedgerError, match="unknown prediction 'nope'"):
        prepare_append(
            read_ledger(root), OUTCOMES, [outcome_for(predictions[0], prediction="nope")]
        )


def test_a_second_outcome_for_a_prediction_is_refused(ledger: Fixture) -> None:
    root, predictions = ledger
    append_records(root, OUTCOMES, [outcome_for(predictions[0])])
    (message,) = refused(root, OUTCOMES, [outcome_for(predictions[0], id="p-0-r2")])
    assert message.startswith(f"{OUTCOMES}:9: outcome 'p-0-r2': field 'supersedes': ")
    assert 'a correction says supersedes = "p-0-r1"' in message
    # ... but a correction that supersedes it is accepted.
    append_records(root, OUTCOMES, [outcome_for(predictions[0], id="p-0-r2", supersedes="p-0-r1")])
    assert ledger_problems(root) == []


def test_every_problem_of_a_bad_record_is_listed(ledger: Fixture) -> None:
    root, predictions = ledger
    bad = outcome_for(predictions[0], id="Bad Id", prediction="nope", evidence=(" ",))
    messages = refused(root, OUTCOMES, [bad])
    assert len(messages) == 3
    assert any("'Bad Id' is not a slug" in m for m in messages)
    assert any("unknown prediction 'nope'" in m for m in messages)
    assert any("cite at least one piece of evidence" in m for m in messages)
    assert all(m.startswith(f"{OUTCOMES}:1: ") for m in messages)


def test_a_moved_goalpost_is_refused(ledger: Fixture) -> None:
    root, predictions = ledger
    stale = outcome_for(predictions[0], digest="sha256:" + "0" * 64)
    (message,) = refused(root, OUTCOMES, [stale])
    assert "goalposts moved: prediction" in message


def test_duplicate_ids_within_one_append_are_refused(ledger: Fixture) -> None:
    root, predictions = ledger
    first = outcome_for(predictions[0])
    twin = outcome_for(predictions[1], id=first.id)
    messages = refused(root, OUTCOMES, [first, twin])
    assert any("the id is already used" in m for m in messages)


def test_problems_the_ledger_already_had_do_not_block(ledger: Fixture) -> None:
    root, predictions = ledger
    (root / "seeds" / "src-1.txt").unlink()
    before = ledger_problems(root)
    assert before  # src-1's text and its quotes are now missing
    prepare_append(read_ledger(root), OUTCOMES, [outcome_for(predictions[0])])
    append_records(root, OUTCOMES, [outcome_for(predictions[0])])
    assert ledger_problems(root) == before


def test_with_a_reading_no_other_file_is_read_again(
    ledger: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, predictions = ledger
    reading = read_ledger(root, cache=False)

    def no_second_reading(*args: object) -> None:
        raise AssertionError("a file was read again")

    monkeypatch.setattr(append_module, "read_ledger", no_second_reading)
    monkeypatch.setattr(append_module, "read_file", no_second_reading)
    outcome = outcome_for(predictions[0])
    commit(prepare_append(reading, OUTCOMES, [outcome]))
    with pytest.raises(LedgerError, match="unknown prediction 'nope'"):
        prepare_append(reading, OUTCOMES, [outcome_for(predictions[1], prediction="nope")])
    monkeypatch.undo()
    assert read_ledger(root).ledger.outcomes == (outcome,)
    assert ledger_problems(root) == []


def test_a_prediction_goes_to_its_own_sources_file(ledger: Fixture) -> None:
    root, predictions = ledger
    moved = evolve(predictions[0], id="p-99")
    (message,) = refused(root, "predictions/sources/src-1.toml", [moved])
    assert message == (
        "predictions/sources/src-1.toml: prediction 'p-99' belongs to source 'src-0', but this "
        "file holds source 'src-1'; append it to that source's file (nothing was written)"
    )
    (message,) = refused(root, OUTCOMES, [moved])
    assert "needs the [source] it comes from" in message


def test_a_second_source_in_one_file_is_refused(ledger: Fixture) -> None:
    root, _ = ledger
    source = read_ledger(root).ledger.source("src-1")
    (message,) = refused(root, "predictions/sources/src-1.toml", [], source=source)
    assert "already has a [source]" in message


@pytest.mark.parametrize(
    "target",
    [
        "../evil.toml",
        "/abs/x.toml",
        "seeds/x.toml",
        "predictions/x.txt",
        "predictions",
        "predictions/.hidden.toml",
        "predictions/../../x.toml",
    ],
)
def test_only_toml_files_under_predictions_are_written(ledger: Fixture, target: str) -> None:
    root, predictions = ledger
    (message,) = refused(root, target, [outcome_for(predictions[0])])
    assert message.startswith(f"{target}: cannot append here: give a .toml file under")


def test_a_symbolic_link_is_not_followed(ledger: Fixture) -> None:
    root, predictions = ledger
    outside = root.parent / (root.name + "-outside.toml")
    outside.write_text("", "utf-8")
    (root / "predictions" / "outcomes").mkdir()
    (root / OUTCOMES).symlink_to(outside)
    (message,) = refused(root, OUTCOMES, [outcome_for(predictions[0])])
    assert "is a symbolic link" in message
    assert outside.read_text("utf-8") == ""


def test_a_file_that_does_not_read_is_not_appended_to(ledger: Fixture) -> None:
    root, predictions = ledger
    path = root / OUTCOMES
    path.parent.mkdir()
    path.write_text('[[outcome]]\nid = "unclosed\n', "utf-8")
    (message,) = refused(root, OUTCOMES, [outcome_for(predictions[0])])
    assert message.startswith(f"{OUTCOMES}:2: TOML syntax error")
    assert message.endswith("fix it before appending (nothing was written)")
    # A file read in part (the broken record left out) is not appended to either.
    path.write_text(
        '[[outcome]]\nid = "unclosed\n\n[[outcome]]\nid = "x"\nprediction = "y"\n', "utf-8"
    )
    (message,) = refused(root, OUTCOMES, [outcome_for(predictions[0])])
    assert message.startswith(f"{OUTCOMES}:2: TOML syntax error")
    assert message.endswith("fix it before appending (nothing was written)")


def test_a_file_with_a_byte_order_mark_is_appended_to_after_it(ledger: Fixture) -> None:
    root, predictions = ledger
    path = root / OUTCOMES
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf# outcomes\n")
    append_records(root, OUTCOMES, [outcome_for(predictions[0])])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# outcomes\n")
    assert data.count(b"\xef\xbb\xbf") == 1
    assert b"[[outcome]]" in data


def test_nothing_to_append_is_refused(ledger: Fixture) -> None:
    root, _ = ledger
    assert refused(root, OUTCOMES, []) == [
        f"{OUTCOMES}: there is nothing to append (nothing was written)"
    ]


def test_a_failed_write_leaves_the_file_and_says_so(ledger: Fixture) -> None:
    root, predictions = ledger
    append_records(root, OUTCOMES, [outcome_for(predictions[0])])
    before = (root / OUTCOMES).read_bytes()
    faults = FaultyOps(1, error=28, only="write")
    with pytest.raises(LedgerWriteError) as raised:
        append_records(root, OUTCOMES, [outcome_for(predictions[1])], ops=faults.ops())
    assert str(raised.value) == (
        f"{OUTCOMES}: could not write: No space left on device (nothing was changed)"
    )
    assert (root / OUTCOMES).read_bytes() == before
    assert stray_files(root) == []


def test_records_of_other_kinds_cannot_be_appended(ledger: Fixture) -> None:
    root, _ = ledger
    with pytest.raises(TypeError, match="cannot append a Source"):
        render_records([read_ledger(root).ledger.source("src-0")])  # type: ignore[list-item]


def test_decomposed_text_is_stored_composed(ledger: Fixture) -> None:
    root, predictions = ledger
    outcome = outcome_for(predictions[0], note="Me\u0301te\u0301o")
    append_records(root, OUTCOMES, [outcome])
    assert "Météo" in (root / OUTCOMES).read_text("utf-8")
    assert read_ledger(root).ledger.outcomes[0].note == "Météo"


# Text that TOML must escape or quote carefully: quotes, backslashes, newlines, CR, tabs,
# control characters, triple quotes, non-Latin scripts. Surrogates cannot be UTF-8.
_text = st.lists(
    st.characters(codec="utf-8") | st.sampled_from(['"""', "\\", "\r\n", "'''"]),
    max_size=20,
).map("".join)


@given(
    evidence=st.lists(_text.filter(str.strip), min_size=1, max_size=3),
    note=st.none() | _text,
    verdict=st.sampled_from(list(Verdict)),
)
def test_any_outcome_text_reads_back_as_written(
    evidence: list[str], note: str | None, verdict: Verdict
) -> None:
    outcome = Outcome(
        id="o-1",
        prediction="p-1",
        verdict=verdict,
        resolved_on=dt.date(2025, 1, 1),
        evidence=tuple(evidence),
        digest="sha256:" + "a" * 64,
        note=note,
    )
    text = render_records([outcome])
    (table,) = tomllib.loads(text)["outcome"]
    back = structure(table, Outcome)
    assert back.evidence == tuple(unicodedata.normalize("NFC", e) for e in evidence)
    assert back.note == (None if note is None else unicodedata.normalize("NFC", note))
    assert back.verdict is verdict


def test_a_hand_edit_made_during_the_check_is_not_overwritten(
    ledger: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, predictions = ledger
    append_records(root, OUTCOMES, [outcome_for(predictions[0])])
    path = root / OUTCOMES
    edited = path.read_bytes() + b"# a note saved from an editor\n"

    def prepare_then_edit(*args: object, **kwargs: object) -> Append:
        append = prepare_append(*args, **kwargs)  # type: ignore[arg-type]
        path.write_bytes(edited)  # the editor saves while the append is being checked
        return append

    monkeypatch.setattr(append_module, "prepare_append", prepare_then_edit)
    with pytest.raises(LedgerError) as raised:
        append_records(root, OUTCOMES, [outcome_for(predictions[1])])
    assert str(raised.value) == (
        f"{OUTCOMES}: changed on disk while the append was being checked (edited by hand?); "
        "save your edits and try again (nothing was written)"
    )
    assert path.read_bytes() == edited


def test_a_file_changed_since_the_last_append_is_read_afresh(ledger: Fixture) -> None:
    root, predictions = ledger
    append_records(root, OUTCOMES, [outcome_for(predictions[0])])  # every file now cached
    added = evolve(predictions[1], id="p-new", quote=predictions[1].quote)
    source_file = root / "predictions" / "sources" / "src-0.toml"
    # Edited by hand, not through append_records: only its bytes tell that it changed.
    with source_file.open("a", encoding="utf-8") as file:
        file.write("\n" + render_records([added]))
    append_records(root, OUTCOMES, [outcome_for(added)])
    assert outcome_ids(root)[-1] == "p-new-r1"
    assert ledger_problems(root) == []


def test_a_named_pipe_in_the_ledger_does_not_block_an_append(ledger: Fixture) -> None:
    root, predictions = ledger
    os.mkfifo(root / "predictions" / "pipe.toml")
    done = threading.Event()

    def append() -> None:
        append_records(root, OUTCOMES, [outcome_for(predictions[0])])
        done.set()

    worker = threading.Thread(target=append, daemon=True)
    worker.start()
    worker.join(20)
    assert done.is_set(), "the append blocked on the pipe"
    assert outcome_ids(root) == ["p-0-r1"]


def test_a_reading_with_one_file_replaced_is_the_ledger_read_with_it(ledger: Fixture) -> None:
    root, predictions = ledger
    before = read_ledger(root, cache=False)
    append_records(root, OUTCOMES, [outcome_for(predictions[0])])
    after = read_ledger(root, cache=False)
    (changed,) = [reading for reading in after.files if reading.path == OUTCOMES]
    replaced = before.replacing(OUTCOMES, changed)
    assert replaced.ledger == after.ledger
    assert replaced.problems == after.problems
    assert [reading.path for reading in replaced.files] == [r.path for r in after.files]
