"""`predictledger source add`, `author add`, `sector add`: appended through the checked write
path, the user's files never re-serialised, and every refusal one line with nothing written."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from predictledger import load
from predictledger._cli import main
from tests.ledger_factory import tree

HAS_TRAFILATURA = importlib.util.find_spec("trafilatura") is not None
needs_trafilatura = pytest.mark.skipif(
    not HAS_TRAFILATURA, reason="trafilatura (the intake extra) is not installed"
)

ARTICLE = (
    "Rates outlook\n\n"
    "The central bank will probably cut rates twice in 2026, Jane Doe said this week.\n"
    "Inflation is likely to fall below two percent by the end of next year, she expects, and "
    "the housing market will recover in the spring.\n"
)
PAGE = """<!doctype html>
<html><head><title>Rates outlook | Example News</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-03-04">
<link rel="canonical" href="https://example.org/rates"></head>
<body><nav><a href="/">Home</a> <a href="/economy">Economy</a></nav>
<article><h1>Rates outlook</h1>
<p>The central bank will probably cut rates twice in 2026, Jane Doe said this week in an
interview with our newspaper about the economy and the outlook.</p>
<p>Inflation is likely to fall below two percent by the end of next year, according to her
forecasts, and the housing market will recover in the spring.</p></article>
<footer>Copyright Example News. Subscribe to our newsletter.</footer></body></html>
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def ledger(tmp_path: Path, capsys) -> Path:
    root = tmp_path / "ledger"
    assert run(capsys, "init", str(root))[0] == 0
    return root


def checks(capsys, root: Path) -> bool:
    return run(capsys, "check", str(root))[0] == 0


def test_author_and_sector_add_append_and_keep_the_header(ledger: Path, capsys) -> None:
    before = (ledger / "predictions/authors.toml").read_bytes()
    status, out, err = run(
        capsys, "author", "add", "jane-doe", "--name", "Jane Doe", "--alias", "J. Doe",
        "--affiliation", "Example Bank (economist)", "-f", str(ledger),
    )  # fmt: skip
    assert status == 0, err
    assert err == "added author 'jane-doe' at predictions/authors.toml:7\n"
    data = (ledger / "predictions/authors.toml").read_bytes()
    assert data.startswith(before)
    assert data.endswith(out.encode())
    status, _, err = run(
        capsys, "sector", "add", "central-banks", "--name", "Central banks", "-f", str(ledger)
    )
    assert status == 0, err
    loaded = load(ledger)
    assert loaded.author("jane-doe").aliases == ("J. Doe",)
    assert loaded.sector("central-banks").name == "Central banks"
    assert checks(capsys, ledger)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["author", "add", "jane-doe", "--name", "Other"], "author 'jane-doe' is already in"),
        (["sector", "add", "rates", "--name", "Rates"], "sector 'rates' is already in"),
        (["author", "add", "Jane Doe", "--name", "X"], "author id 'Jane Doe' is not a slug"),
        (["author", "add", "x-y", "--name", "  "], "give the author's name with --name"),
    ],
)
def test_registry_refusals(ledger: Path, capsys, argv, message) -> None:
    run(capsys, "author", "add", "jane-doe", "--name", "Jane Doe", "-f", str(ledger))
    run(capsys, "sector", "add", "rates", "--name", "Rates", "-f", str(ledger))
    before = tree(ledger)
    status, out, err = run(capsys, *argv, "-f", str(ledger))
    assert status == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert tree(ledger) == before


def test_source_add_text_kept_byte_for_byte(ledger: Path, tmp_path: Path, capsys) -> None:
    run(
        capsys,
        "author",
        "add",
        "jane-doe",
        "--name",
        "Jane Doe",
        "--alias",
        "J. Doe",
        "-f",
        str(ledger),
    )
    article = tmp_path / "rates.txt"
    data = ARTICLE.replace("\n", "\r\n").encode()  # CRLF, kept as it is
    article.write_bytes(data)
    status, out, err = run(
        capsys, "source", "add", str(article), "--title", "Rates outlook",
        "--publisher", "Example News", "--published", "2025-03", "--person", "author:J. Doe",
        "--person", "interviewer:Sam Roe", "-f", str(ledger),
    )  # fmt: skip
    assert status == 0, err
    assert "added source 'rates-outlook-2025'" in err
    assert (ledger / "seeds/rates-outlook-2025.txt").read_bytes() == data
    source = load(ledger).source("rates-outlook-2025")
    assert source.language == "en"  # detected
    assert str(source.published) == "2025-03"
    assert [(p.role.value, p.name, p.author) for p in source.people] == [
        ("author", "Jane Doe", "jane-doe"),
        ("interviewer", "Sam Roe", None),
    ]
    assert 'published = "2025-03"' in out
    assert checks(capsys, ledger)


def test_source_add_a_range_and_a_given_id_and_language(ledger, tmp_path, capsys) -> None:
    article = tmp_path / "notes.md"
    article.write_text("# Notes on rates\n\n" + ARTICLE, encoding="utf-8")
    status, _, err = run(
        capsys, "source", "add", str(article), "--id", "rate-notes", "--publisher", "Blog",
        "--published-earliest", "2025-03-01", "--published-latest", "2025-03-20",
        "--published-reason", "posted between two dated comments", "--language", "en-GB",
        "-f", str(ledger),
    )  # fmt: skip
    assert status == 0, err
    source = load(ledger).source("rate-notes")
    assert source.title == "Notes on rates"  # read from the Markdown heading
    assert source.text == "seeds/rate-notes.md"
    assert source.language == "en-GB"
    assert source.published.reason == "posted between two dated comments"
    assert checks(capsys, ledger)


def test_the_same_article_twice_gets_its_own_id(ledger, tmp_path, capsys) -> None:
    article = tmp_path / "rates.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    argv = ["source", "add", str(article), "--title", "Rates outlook", "--publisher", "P",
            "--published", "2025", "-f", str(ledger)]  # fmt: skip
    assert run(capsys, *argv)[0] == 0
    assert run(capsys, *argv)[0] == 0
    assert {s.id for s in load(ledger).sources} == {"rates-outlook-2025", "rates-outlook-2025-2"}


NOT_UTF8 = "Le marché baissera l'été prochain, selon la banque.\n".encode("latin-1") * 3


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        ("empty.txt", b"", [], "is empty"),
        ("blank.txt", b"  \n\n", [], "is empty"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, [], "is a binary file"),
        ("latin.txt", NOT_UTF8, [], "is not UTF-8 text"),
        ("utf16.txt", ARTICLE.encode("utf-16"), [], "is not UTF-8 text"),
        ("article.pdf", b"%PDF-1.4", [], "give the article as a .txt, .md or .html file"),
        ("missing.txt", None, [], "no such file"),
        ("rates.txt", ARTICLE.encode(), ["--id", "taken"], "source 'taken' is already in"),
        ("rates.txt", ARTICLE.encode(), ["--id", "Bad Id"], "is not a slug"),
        ("rates.txt", ARTICLE.encode(), ["--published", "March"], "is not a date"),
        ("rates.txt", ARTICLE.encode(), ["--published-earliest", "2025-03-01"], "needs"),
        ("rates.txt", ARTICLE.encode(), ["--person", "editor:Jo"], "unknown role 'editor'"),
        (
            "rates.txt",
            "Das Wetter wird morgen sicher schön sein und es ist nicht kalt, sagt der Bericht, und die Sonne scheint.\n".encode(),
            [],
            "cannot tell its language",
        ),
    ],
)
def test_source_add_refusals(ledger, tmp_path, capsys, name, content, extra, message) -> None:
    taken = tmp_path / "taken.txt"
    taken.write_text(ARTICLE, encoding="utf-8")
    base = ["--publisher", "P", "--title", "T", "-f", str(ledger)]
    assert (
        run(capsys, "source", "add", str(taken), "--id", "taken", "--published", "2025", *base)[0]
        == 0
    )
    article = tmp_path / name
    if content is not None:
        article.write_bytes(content)
    if not any(flag.startswith("--published") for flag in extra):
        extra = [*extra, "--published", "2025"]
    before = tree(ledger)
    status, out, err = run(capsys, "source", "add", str(article), *extra, *base)
    assert status == 2, err
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert err.endswith("(nothing was written)\n")
    assert tree(ledger) == before


def test_source_add_asks_for_what_the_text_does_not_say(ledger, tmp_path, capsys) -> None:
    article = tmp_path / "rates.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = tree(ledger)
    status, _, err = run(capsys, "source", "add", str(article), "-f", str(ledger))
    assert status == 2
    assert "give --title, --publisher, --published (the article does not say)" in err
    assert tree(ledger) == before


def test_a_source_the_checks_refuse_leaves_no_text_behind(
    ledger, tmp_path, capsys, monkeypatch
) -> None:
    from predictledger._keep import source as keeper
    from predictledger._problems import Problem
    from predictledger.errors import LedgerError

    def refuse(*_args, **_kwargs):
        raise LedgerError([Problem(path="predictions/sources/t-2025.toml", line=1, message="no")])

    monkeypatch.setattr(keeper, "prepare_append", refuse)
    article = tmp_path / "rates.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = tree(ledger)
    status, _, err = run(
        capsys, "source", "add", str(article), "--title", "T", "--publisher", "P",
        "--published", "2025", "-f", str(ledger),
    )  # fmt: skip
    assert status == 1
    assert "predictions/sources/t-2025.toml:1: no" in err
    assert "nothing was written" in err
    assert tree(ledger) == before


@needs_trafilatura
def test_source_add_a_web_page(ledger, tmp_path, capsys) -> None:
    run(capsys, "author", "add", "jane-doe", "--name", "Jane Doe", "-f", str(ledger))
    page = tmp_path / "rates.html"
    page.write_text(PAGE, encoding="utf-8")
    status, _, err = run(capsys, "source", "add", str(page), "-f", str(ledger))
    assert status == 0, err
    source = load(ledger).source("rates-outlook-2025")
    assert (source.title, source.publisher, source.url) == (
        "Rates outlook",
        "Example News",
        "https://example.org/rates",
    )
    assert str(source.published) == "2025-03-04"
    assert source.people[0].author == "jane-doe"
    text = (ledger / source.text).read_text(encoding="utf-8")
    assert "will probably cut rates twice in 2026" in text
    assert "Subscribe" not in text
    assert "Home" not in text
    # Options override what the page says.
    status, _, err = run(
        capsys, "source", "add", str(page), "--id", "rates-2", "--title", "Other title",
        "--published", "2025-03", "-f", str(ledger),
    )  # fmt: skip
    assert status == 0, err
    other = load(ledger).source("rates-2")
    assert (other.title, str(other.published)) == ("Other title", "2025-03")
    assert checks(capsys, ledger)


@needs_trafilatura
def test_a_web_page_without_an_article_is_refused(ledger, tmp_path, capsys) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav><p>Hi.</p></body></html>")
    before = tree(ledger)
    status, _, err = run(capsys, "source", "add", str(page), "-f", str(ledger))
    assert status == 2
    assert "is a web page with no article text in it" in err
    assert tree(ledger) == before


def test_a_web_page_without_trafilatura_names_the_install(
    ledger, tmp_path, capsys, monkeypatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if not installed
    page = tmp_path / "rates.html"
    page.write_text(PAGE, encoding="utf-8")
    before = tree(ledger)
    status, _, err = run(capsys, "source", "add", str(page), "-f", str(ledger))
    assert status == 2
    assert "needs trafilatura: pip install 'predictledger[intake]'" in err
    assert tree(ledger) == before
