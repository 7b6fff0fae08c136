"""`predictledger site`: the pages, their links, their escaping, ClaimReview, determinism."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import operator
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest

from predictledger import Author, Horizon, Ledger, Outcome, Prediction, Source, Verdict, load
from predictledger import PartialDate as PD
from predictledger._cli import main
from predictledger._site import annotate, build, links
from predictledger._site.build import MANIFEST, PAGE_SIZE, Options, build_site
from predictledger._site.claimreview import RATINGS, claim_review
from predictledger._site.reading import read_sound
from predictledger._site.templating import environment
from predictledger.errors import RequestError
from tests.site_helpers import AS_OF, REPO, broken_links, build_bundled, copy_bundled, parse

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_bundled(out, title="Pundits on the record", base_url="https://example.org/record/")
    return out


# -- the bundled ledger's site -----------------------------------------------------------------


def test_a_page_per_author_claim_source_sector_and_horizon(bundled: Path) -> None:
    ledger = load(REPO)
    made = [p for p in ledger.predictions if p.made_on.latest <= AS_OF]
    for prediction in made:
        assert (bundled / links.claim(prediction.id)).is_file(), prediction.id
    for author in {p.author for p in made}:
        assert (bundled / links.author(author)).is_file()
    for source in ledger.sources:
        assert (bundled / links.source(source.id)).is_file()
    for sector in {p.sector for p in made}:
        assert (bundled / links.sector(sector)).is_file()
    for name in ("index.html", "about.html", "sectors.html", "horizons.html", "sources.html"):
        assert (bundled / name).is_file()
    assert (bundled / "style.css").is_file()


def test_every_link_leads_to_a_page(bundled: Path) -> None:
    assert broken_links(bundled) == []
    count = sum(len(parse(page).links) for page in bundled.rglob("*.html"))
    assert count > 500


def test_machine_readable_copies_beside_the_pages(bundled: Path) -> None:
    card = json.loads((bundled / "data" / "scorecard.json").read_text("utf-8"))
    assert card["schema"] == "predictledger.scorecard/1"
    assert card["as_of"] == AS_OF.isoformat()
    lines = (bundled / "data" / "predictions.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == card["total"]["made"]
    assert all(json.loads(line)["id"] for line in lines)


def test_the_title_and_the_base_url_are_used(bundled: Path) -> None:
    index = (bundled / "index.html").read_text("utf-8")
    assert "<title>Leaderboard · Pundits on the record</title>" in index
    assert '<link rel="canonical" href="https://example.org/record/index.html">' in index


def test_pages_are_self_contained(bundled: Path) -> None:
    for path in bundled.rglob("*.html"):
        page = parse(path)
        # Stylesheets and scripts come from the site itself, never from the web.
        assert all("://" not in source for source in page.sources), path
        assert all(kind in ("", "application/ld+json") for kind, _ in page.scripts)
    css = (bundled / "style.css").read_text("utf-8")
    assert "url(" not in css
    assert "@import" not in css
    assert "@font-face" not in css


def test_the_leaderboard_ranks_only_graded_authors_and_links_each(bundled: Path) -> None:
    index = (bundled / "index.html").read_text("utf-8")
    assert 'href="authors/zixi-eth/index.html"' in index
    assert 'href="authors/qiao-wang/index.html"' in index
    rows = re.findall(
        r'<tr(?: class="ungraded")?>\s*<td class="num" data-v="[^"]*">([^<]*)</td>', index
    )
    assert sorted(rows) == ["-", "1"]


def test_the_author_page_shows_counts_of_the_diagram_and_groups_its_claims(bundled: Path) -> None:
    page = (bundled / "authors" / "zixi-eth" / "index.html").read_text("utf-8")
    assert re.search(r">n=\d+</text>", page)  # bin counts visible, not only in a tooltip
    assert "By sector" in page
    assert "By horizon" in page
    for heading in (
        '<h3 id="claims-pending">Pending</h3>',
        '<h3 id="claims-resolved">Resolved</h3>',
    ):
        assert heading in page


def test_the_claim_page_tells_the_whole_story(bundled: Path) -> None:
    ledger = load(REPO)
    prediction = next(
        p
        for p in ledger.predictions
        if p.probability and p.probability.hedge and ledger.outcome(p.id)
    )
    page = (bundled / links.claim(prediction.id)).read_text("utf-8")
    source = ledger.source(prediction.source)
    assert f'<blockquote lang="{source.language}">' in page
    assert "Resolution criteria" in page
    assert "Implied by the hedge" in page
    assert "application/ld+json" in page
    assert f'href="../{links.source(source.id)}#q-{prediction.id}"' in page


def test_the_article_is_annotated_with_every_quote(bundled: Path) -> None:
    ledger = load(REPO)
    for source in ledger.sources:
        page = (bundled / links.source(source.id)).read_text("utf-8")
        highlights = re.findall(
            r'<a class="hl (?:hl-also )?(\w+)"(?: id="([^"]+)")? href="\.\./claims/([^"]+)\.html"',
            page,
        )
        linked = {claim for _, _, claim in highlights}
        quoted = {p.id for p in ledger.by_source(source.id) if p.made_on.latest <= AS_OF}
        assert quoted <= linked
        assert all(f"#q-{p}" in page and f'id="q-{p}"' in page for p in quoted)
        assert "How to read the highlights" in page


# -- escaping, determinism, pagination ---------------------------------------------------------


def _hostile(root: Path) -> Ledger:
    (root / "seeds").mkdir(parents=True)
    quote = f'Quote {SCRIPT} & "q"'
    (root / "seeds" / "x.txt").write_text(f"Before. {quote} After.\n", "utf-8")
    prediction = Prediction(
        id="evil",
        source="src",
        author="ada",
        made_on=dt.date(2024, 1, 1),
        claim=f"Claim {SCRIPT}",
        quote=quote,
        horizon=Horizon(phrase="en 2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
        sector="l2",
        resolution=f"Resolution {SCRIPT}",
        condition="<b>bold</b> holds",
        note="Note </dd></dl><script>",
    )
    outcome = Outcome(
        id="evil-r1",
        prediction="evil",
        verdict=Verdict.TRUE,
        resolved_on=dt.date(2025, 1, 2),
        evidence=(
            f"Evidence {SCRIPT} https://example.org/a?b=1&c=<2>",
            "<img src=x onerror=alert(1)>",
        ),
        digest="sha256:" + "0" * 64,
        note="</script><script>alert(1)</script>",
    )
    return Ledger(
        root=root,
        predictions=(prediction,),
        outcomes=(outcome,),
        authors=(Author(id="ada", name=f"Ada {SCRIPT}\x1b[31m"),),
        sources=(
            Source(
                id="src",
                title=f"Title {SCRIPT}",
                publisher="P",
                published=PD(year=2024),
                language='fr" onmouseover="alert(1)',
                text="seeds/x.txt",
                url='https://example.org/?a=1&b="2"',
            ),
        ),
    )


def test_every_text_is_escaped(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(_hostile(tmp_path / "ledger"), out, Options(as_of=AS_OF, title=f"T {SCRIPT}"))
    for path in out.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "<script>alert" not in text, path
        assert "<img" not in text
        assert "<b>bold" not in text
        assert "\x1b" not in text
        for kind, body in parse(path).scripts:
            if kind == "application/ld+json":
                assert "</" not in body
                json.loads(body)
    claim = (out / "claims" / "evil.html").read_text("utf-8")
    assert "Claim &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in claim
    assert 'lang="fr&#34; onmouseover=&#34;alert(1)"' in claim
    assert '<a href="https://example.org/a?b=1&amp;c=" rel="noreferrer">' in claim
    source = (out / "sources" / "src.html").read_text("utf-8")
    assert 'class="hl true" id="q-evil" href="../claims/evil.html"' in source
    assert (
        "Quote &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;</"
        not in source
    )
    assert "Quote &lt;script&gt;" in source


def test_building_twice_changes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_bundled(out)
    state = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    second = build_bundled(out)
    assert second.written == 0
    assert second.files == first.files
    assert {
        p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()
    } == state


def test_a_rebuild_removes_the_pages_of_records_gone_and_nothing_else(tmp_path: Path) -> None:
    ledger = _hostile(tmp_path / "ledger")
    out = tmp_path / "out"
    build_site(ledger, out, Options(as_of=AS_OF))
    (out / "notes.txt").write_text("mine")
    other = attrs.evolve(ledger.predictions[0], id="other")
    build_site(attrs.evolve(ledger, predictions=(other,), outcomes=()), out, Options(as_of=AS_OF))
    assert not (out / "claims" / "evil.html").exists()
    assert (out / "claims" / "other.html").is_file()
    assert (out / "notes.txt").read_text() == "mine"


def test_a_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("x")
    with pytest.raises(Exception, match="not empty and holds no site"):
        build_site(_hostile(tmp_path / "ledger"), tmp_path, Options(as_of=AS_OF))


def test_big_author_pages_are_paginated(tmp_path: Path) -> None:
    count = 2 * PAGE_SIZE + 7
    horizon = Horizon(phrase="in 2030", start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31))
    predictions = tuple(
        Prediction(
            id=f"p{i:04d}",
            source="s",
            author="ada",
            made_on=dt.date(2024, 1, 1),
            claim=f"Claim {i}.",
            quote="q",
            horizon=horizon,
            sector="l2",
        )
        for i in range(count)
    )
    out = tmp_path / "out"
    built = build_site(Ledger(root=tmp_path, predictions=predictions), out, Options(as_of=AS_OF))
    assert built.pages["author"] == 3
    pages = [out / links.author("ada", n) for n in (1, 2, 3)]
    listed = [
        re.findall(r'href="\.\./\.\./claims/(p\d+)\.html"', p.read_text("utf-8")) for p in pages
    ]
    assert [len(ids) for ids in listed] == [PAGE_SIZE, PAGE_SIZE, 7]
    assert sorted(functools.reduce(operator.iadd, listed, [])) == [p.id for p in predictions]
    assert 'href="../../authors/ada/page-2.html" rel="next"' in pages[0].read_text("utf-8")
    assert broken_links(out) == []


def test_addresses_are_stable_and_stay_in_their_folder() -> None:
    assert links.claim("zixi-2024-defi") == "claims/zixi-2024-defi.html"
    odd = links.claim("../../etc/passwd")
    assert odd.startswith("claims/x.")
    assert odd.count("/") == 1
    assert odd == links.claim("../../etc/passwd")
    assert links.relative("authors/a/index.html", "claims/b.html") == "../authors/a/index.html"


# -- the annotated article ---------------------------------------------------------------------


def test_a_quote_is_found_up_to_whitespace_and_apostrophes() -> None:
    text = "Il a dit : l\u2019avenir\n  sera   radieux. Fin."
    assert annotate.find_quote(text, "l'avenir sera radieux.") == (11, 37)
    assert annotate.find_quote(text, "absent") is None


def test_overlapping_quotes_each_keep_a_link() -> None:
    text = "one two three four five"
    spans = [(4, 18), (8, 13), None]  # "two three four" holds "three"
    pieces = annotate.pieces(text, spans)
    assert [(p.text, p.owner) for p in pieces] == [
        ("one ", None),
        ("two ", 0),
        ("three", 1),
        (" four", 0),
        (" five", None),
    ]
    assert [p.first for p in pieces if p.owner == 0] == [True, False]
    assert [p.last for p in pieces if p.owner == 0] == [False, True]


# -- ClaimReview -------------------------------------------------------------------------------

# The schema.org facts the ClaimReview relies on, from the type pages https://schema.org/ClaimReview,
# https://schema.org/Claim, https://schema.org/Rating, https://schema.org/CreativeWork,
# https://schema.org/Person and https://schema.org/Organization (properties include those
# inherited: ClaimReview < Review < CreativeWork < Thing; Claim < CreativeWork; Rating <
# Intangible < Thing). Each property maps to the types its value may have.
_THING = {"url": {"URL"}, "name": {"Text"}, "alternateName": {"Text"}}
_CREATIVE_WORK = {
    **_THING,
    "author": {"Person", "Organization"},
    "datePublished": {"Date", "DateTime"},
    "headline": {"Text"},
    "inLanguage": {"Text", "Language"},
    "publisher": {"Person", "Organization"},
}
SCHEMA: dict[str, dict[str, set[str]]] = {
    "ClaimReview": {
        **_CREATIVE_WORK,
        "claimReviewed": {"Text"},
        "itemReviewed": {"Thing"},
        "reviewRating": {"Rating"},
    },
    "Claim": {
        **_CREATIVE_WORK,
        "appearance": {"CreativeWork"},
        "firstAppearance": {"CreativeWork"},
    },
    "CreativeWork": _CREATIVE_WORK,
    "Rating": {
        **_THING,
        "author": {"Person", "Organization"},
        "ratingValue": {"Number", "Text"},
        "bestRating": {"Number", "Text"},
        "worstRating": {"Number", "Text"},
        "ratingExplanation": {"Text"},
    },
    "Person": _THING,
    "Organization": _THING,
}
SUBTYPES = {"Thing": set(SCHEMA), "CreativeWork": {"CreativeWork", "Claim", "ClaimReview"}}


def _conforms(value: Any, expected: set[str]) -> bool:
    if isinstance(value, dict):
        kind = value["@type"]
        return any(kind == e or kind in SUBTYPES.get(e, ()) for e in expected)
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return "Number" in expected
    if "Date" in expected and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return True
    return bool(expected & {"Text", "URL"})


def _check_node(node: dict[str, Any]) -> None:
    properties = SCHEMA[node["@type"]]
    for name, value in node.items():
        if name.startswith("@"):
            continue
        assert name in properties, f"{node['@type']} has no property {name}"
        assert _conforms(value, properties[name]), f"{node['@type']}.{name} = {value!r}"
        if isinstance(value, dict):
            _check_node(value)


@pytest.mark.parametrize("verdict", list(Verdict))
def test_claim_review_has_schema_orgs_shape(verdict: Verdict) -> None:
    prediction = Prediction(
        id="p",
        source="s",
        author="ada",
        made_on=dt.date(2024, 1, 2),
        claim="It rains.",
        quote="Il pleuvra.",
        horizon=Horizon(phrase="2024", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
        sector="x",
    )
    outcome = Outcome(
        id="o",
        prediction="p",
        verdict=verdict,
        resolved_on=dt.date(2025, 1, 3),
        evidence=("Seen.",),
        digest="sha256:" + "0" * 64,
        credit=0.5 if verdict is Verdict.PARTIAL else None,
        note="Why.",
    )
    source = Source(
        id="s",
        title="T",
        publisher="P",
        published=PD(year=2024, month=5),
        language="fr",
        text="seeds/s.txt",
        url="https://example.org/a",
    )
    review = claim_review(
        prediction=prediction,
        outcome=outcome,
        author=Author(id="ada", name="Ada"),
        source=source,
        url="https://example.org/record/claims/p.html",
        publisher="Record",
    )
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    _check_node(review)
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["appearance"]["url"] == "https://example.org/a"
    rating = review["reviewRating"]
    value, name = RATINGS[verdict]
    assert rating["alternateName"].startswith(name)
    assert rating.get("ratingValue") == value
    if value is not None:
        assert rating["worstRating"] <= value <= rating["bestRating"]


def test_the_ratings_are_the_documented_ones() -> None:
    doc = (REPO / "docs" / "publishing.md").read_text("utf-8")
    for verdict, (value, name) in RATINGS.items():
        shown = "(none)" if value is None else str(value)
        assert re.search(
            rf"\| `{verdict.value}` +\| {re.escape(shown)} +\| {re.escape(name)}", doc
        ), verdict


# -- the command -------------------------------------------------------------------------------


def test_the_command_builds_the_bundled_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    status = main(["site", str(out), str(REPO), "--as-of", "2026-11-30", "--title", "T"])
    assert status == 0, capsys.readouterr().err
    assert re.match(
        r"built \d+ pages \(\d+ files, \d+ written, 0 removed\) in ", capsys.readouterr().err
    )
    assert (out / MANIFEST).is_file()


def test_the_command_refuses_a_folder_inside_the_ledger_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bundled(tmp_path / "ledger")
    status = main(["site", str(root / "predictions" / "site"), str(root)])
    assert status == 2
    assert "inside the ledger's predictions/ folder" in capsys.readouterr().err
    assert not (root / "predictions" / "site").exists()


def test_the_command_builds_from_the_sound_records_and_says_which_are_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bundled(tmp_path / "ledger")
    ledger = load(root)
    victim = ledger.predictions[0]
    assert victim.origin is not None
    file = root / victim.origin.path
    file.write_text(
        file.read_text("utf-8").replace(victim.quote, "Words nobody wrote.", 1), "utf-8"
    )
    out = tmp_path / "site"
    status = main(["site", str(out), str(root), "--as-of", "2026-11-30"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"prediction '{victim.id}': field 'quote': does not occur" in err
    assert "the site was built from the sound records" in err
    assert not (out / links.claim(victim.id)).exists()
    assert (out / links.claim(ledger.predictions[1].id)).is_file()
    assert broken_links(out) == []


def test_without_jinja2_the_command_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.cache_clear()
    monkeypatch.setitem(sys.modules, "jinja2", None)
    try:
        status = main(["site", str(tmp_path / "out"), str(REPO)])
    finally:
        environment.cache_clear()
    assert status == 2
    assert "pip install 'predictledger[site]'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_core_needs_no_jinja2(tmp_path: Path) -> None:
    # Every command but `site` and the HTML scorecard runs where Jinja2 is not installed.
    script = (
        "import sys; sys.modules['jinja2'] = None\n"
        "from predictledger._cli import main\n"
        "assert main(['scorecard', sys.argv[1], '--as-of', '2026-11-30']) == 0\n"
        "assert main(['scorecard', sys.argv[1], '--format', 'json']) == 0\n"
        "assert main(['scorecard', sys.argv[1], '--format', 'html']) == 2\n"
        "assert main(['site', sys.argv[2], sys.argv[1]]) == 2\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(REPO), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PREDICTLEDGER_NO_CACHE": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("pip install 'predictledger[site]'") == 2
    assert not (tmp_path / "out").exists()


def test_two_processes_build_the_same_site_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREDICTLEDGER_JOBS", "1")
    one = build_bundled(tmp_path / "one")
    monkeypatch.setenv("PREDICTLEDGER_JOBS", "2")
    two = build_bundled(tmp_path / "two")
    assert one.pages == two.pages
    assert one.files == two.files

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert files(tmp_path / "one") == files(tmp_path / "two")
    # A second build by two processes writes nothing.
    assert build_bundled(tmp_path / "two").written == 0


def test_a_source_whose_text_cannot_be_read_still_has_its_page(tmp_path: Path) -> None:
    ledger = _hostile(tmp_path / "ledger")
    (tmp_path / "ledger" / "seeds" / "x.txt").unlink()
    out = tmp_path / "out"
    build_site(ledger, out, Options(as_of=AS_OF))
    page = (out / "sources" / "src.html").read_text("utf-8")
    assert "The full text of this source could not be read (no such file in the ledger)." in page
    assert "See the quote in the article" not in (out / "claims" / "evil.html").read_text("utf-8")
    assert broken_links(out) == []


# -- the output, pinned ------------------------------------------------------------------------

GOLDEN_SITE = REPO / "tests" / "golden" / "site.json"


def _digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root).as_posix()): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_golden_ledgers_site_is_byte_for_byte_the_pinned_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """Any change to what a page says or how it is laid out shows here, in one process or
    two: after an intended change, rebuild the pins with UPDATE_GOLDEN=1 and review the pages
    that changed."""
    monkeypatch.setenv("PREDICTLEDGER_JOBS", jobs)
    monkeypatch.setattr(build, "PARALLEL_CLAIMS", 0)  # two processes even for a small ledger
    reading = read_sound(REPO / "tests" / "golden" / "ledger")
    assert reading.problems == ()
    out = tmp_path / "out"
    options = Options(as_of=AS_OF, title="Golden <site> & co", base_url="https://example.org/r/")
    build_site(reading.ledger, out, options)
    actual = json.dumps(_digests(out), indent=2) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_SITE.write_text(actual, encoding="utf-8")
    assert json.loads(actual) == json.loads(GOLDEN_SITE.read_text(encoding="utf-8"))


def test_two_processes_share_the_sources_each_taken_once() -> None:
    shares = build._Shares(500)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child takes from the start and sends what it took
        taken = []
        while (index := shares.take(from_end=False)) is not None:
            taken.append(index)
        os.write(write_end, json.dumps(taken).encode())
        os._exit(0)
    os.close(write_end)
    mine = []
    while (index := shares.take(from_end=True)) is not None:
        mine.append(index)
    with os.fdopen(read_end, "rb") as pipe:
        theirs = json.loads(pipe.read())
    os.waitpid(pid, 0)
    shares.close()
    assert sorted(mine + theirs) == list(range(500))
    assert mine == sorted(mine, reverse=True)
    assert theirs == sorted(theirs)


def test_an_error_in_the_second_process_reaches_the_caller_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREDICTLEDGER_JOBS", "2")
    monkeypatch.setattr(build, "PARALLEL_CLAIMS", 0)
    parent = os.getpid()
    real = build._claims

    def failing(*args: Any) -> None:
        if os.getpid() != parent:
            raise RequestError("a claim page failed")
        real(*args)

    monkeypatch.setattr(build, "_claims", failing)
    # While the lists are built here, the child takes the sources.
    monkeypatch.setattr(build, "_lists", lambda *args: time.sleep(1))
    with pytest.raises(RequestError, match="a claim page failed"):
        build_bundled(tmp_path / "out")
