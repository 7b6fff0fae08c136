"""The renderers: terminal table, Markdown, JSON schema and the self-contained HTML page."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

from predictledger._ledger import Ledger
from predictledger._records import Author, Outcome, Source
from predictledger._records import PartialDate as PD
from predictledger._report import FORMATS, render
from predictledger._report.json_report import SCHEMA, to_data
from predictledger._report.markdown import escape
from predictledger._score.scorecard import Scorecard, scorecard
from tests.test_scorecard import AS_OF, worked_example
from tests.test_scoring import ledger, outcome, prediction

SCRIPT = "<script>alert('x')</script>"


def card() -> Scorecard:
    return scorecard(worked_example(), as_of=AS_OF)


def hostile() -> Ledger:
    """Ledger text full of markup, quotes and control characters, in every field shown."""
    p = attrs.evolve(
        prediction("evil", 0.7),
        claim=f"Claim {SCRIPT}",
        quote=f"Quote {SCRIPT} \"q\" & 's'",
        condition="If <b>bold</b>",
        source="src",
    )
    o = attrs.evolve(
        outcome("evil", "true"),
        evidence=(f"Evidence {SCRIPT}", "<img src=x onerror=alert(1)>"),
        note="Note </td></tr></table><script>",
    )
    return Ledger(
        root=Path("."),
        predictions=(p,),
        outcomes=(o,),
        authors=(Author(id="ada", name=f'Ada "\x1b[31m" {SCRIPT} | *x*'),),
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


# -- dispatch -------------------------------------------------------------------------------------


def test_every_format_renders() -> None:
    assert FORMATS == ("table", "markdown", "json", "html")
    for name in FORMATS:
        assert render(card(), name).endswith("\n")
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(card(), "pdf")


# -- table -------------------------------------------------------------------------------------------


def test_the_table_is_plain_unless_asked() -> None:
    text = render(card(), "table")
    assert "\x1b" not in text
    lines = text.splitlines()
    assert lines[0].split() == [
        "#",
        "group",
        "made",
        "abst",
        "pend",
        "due",
        "hit/miss/part",
        "void+amb",
        "hit",
        "rate",
        "95%",
        "CI",
        "Brier",
        "skill",
        "log",
    ]
    assert lines[1].split() == [
        "1",
        "ada",
        "15",
        "1",
        "1",
        "2",
        "5/3/1",
        "2",
        "(18%)",
        "61%",
        "31-85%",
        "0.194",
        "+0.11",
        "-0.665",
    ]
    assert "as of 2025-06-30" in text


def test_the_table_columns_line_up() -> None:
    lines = render(card(), "table").splitlines()
    # Right-aligned numbers end in the same column in the header and the rows.
    assert lines[0].index("made") + 4 == lines[1].index("15") + 2


def test_the_table_in_colour() -> None:
    text = render(card(), "table", color=True)
    assert "\x1b[1m" in text  # bold header
    assert "\x1b[0m" in text


def test_the_table_strips_control_characters_from_ledger_text() -> None:
    text = render(scorecard(hostile(), as_of=AS_OF), "table")
    assert "\x1b" not in text
    assert "Ada" in text


def test_the_table_counts_wide_characters_as_two_cells() -> None:
    book = attrs.evolve(worked_example(), authors=(Author(id="ada", name="微博用户"),))
    lines = render(scorecard(book, as_of=AS_OF), "table").splitlines()
    assert lines[1].index("15") - lines[0].index("made") == 2 - 4  # 4 wide chars = 8 cells


# -- markdown ------------------------------------------------------------------------------------------


def test_markdown_table() -> None:
    text = render(card(), "markdown")
    summary, _, _ = text.partition("**Fair comparisons**")
    rows = [line for line in summary.splitlines() if line.startswith("|")]
    assert len(rows) == 4  # header, alignment, ada, total
    widths = {row.count(" | ") for row in rows}
    assert len(widths) == 1
    assert "| 1 | ada | 15 |" in rows[2]
    assert rows[3].startswith("| **-** | **all** |")


def test_markdown_escapes_ledger_text() -> None:
    assert escape("a|b *c* <i>") == r"a\|b \*c\* &lt;i&gt;"
    assert escape("two\nlines") == "two lines"
    text = render(scorecard(hostile(), as_of=AS_OF), "markdown")
    assert "<script>" not in text
    assert "\x1b" not in text
    row = next(line for line in text.splitlines() if "Ada" in line)
    assert row.count(" | ") == text.splitlines()[2].count(" | ")


# -- json ------------------------------------------------------------------------------------------------

COUNTS = (
    "made",
    "abstentions",
    "pending",
    "due",
    "resolved",
    "hits",
    "misses",
    "partial",
    "void",
    "ambiguous",
)


def test_json_schema() -> None:
    data = json.loads(render(card(), "json"))
    assert data == to_data(card())
    assert list(data) == ["schema", "as_of", "by", "min_graded", "groups", "total"]
    assert data["schema"] == SCHEMA
    assert data["as_of"] == "2025-06-30"
    assert data["by"] == ["author"]
    (group,) = data["groups"]
    for name in (
        "key",
        *COUNTS,
        "hit_rate",
        "hit_rate_low",
        "hit_rate_high",
        "brier",
        "log_score",
        "brier_skill",
        "brier_skill_base_rate",
        "calibration",
        "void_ambiguous_share",
        "graded",
        "rank",
        "murphy",
        "predictions",
    ):
        assert name in group
    assert group["key"] == ["ada"]
    assert [group[name] for name in COUNTS] == [15, 1, 1, 2, 11, 5, 3, 1, 1, 1]
    assert group["hit_rate"] == 11 / 18
    assert group["brier"] == 31 / 160
    assert group["murphy"]["within_bin"] == 0
    assert len(group["calibration"]) == 10
    assert set(group["calibration"][0]) == {
        "lower",
        "upper",
        "count",
        "mean_forecast",
        "observed",
        "low",
        "high",
    }
    assert group["calibration"][0]["count"] == 0
    assert group["calibration"][0]["observed"] is None
    assert group["calibration"][9]["observed"] == 2 / 3
    a5 = next(p for p in group["predictions"] if p["id"] == "a5")
    assert a5["verdict"] == "partial"
    assert a5["credit"] == 0.5
    assert a5["status"] == "resolved"
    assert data["total"]["key"] == []
    assert data["total"]["predictions"] == []


def test_json_nulls_where_there_is_no_value() -> None:
    data = to_data(scorecard(ledger([prediction("p", 0.5)]), as_of=AS_OF))
    (group,) = data["groups"]
    for name in (
        "hit_rate",
        "hit_rate_low",
        "hit_rate_high",
        "brier",
        "log_score",
        "brier_skill",
        "brier_skill_base_rate",
        "murphy",
        "void_ambiguous_share",
        "rank",
    ):
        assert group[name] is None, name
    assert group["due"] == 1
    assert group["graded"] is False


# -- html ---------------------------------------------------------------------------------------------


def test_html_is_one_self_contained_page() -> None:
    page = render(card(), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert " src=" not in page
    assert "@import" not in page
    assert "url(" not in page
    # The only URL is the SVG namespace, which is a name, not a request.
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}


def test_html_shows_each_prediction_with_its_quote_verdict_and_evidence() -> None:
    page = render(card(), "html")
    assert "Claim a1." in page
    assert "Citation." in page
    assert "partial (50%)" in page
    assert "Evidence." in page
    assert 'id="group-1"' in page
    assert 'href="#group-1"' in page


def test_html_escapes_every_piece_of_ledger_text() -> None:
    page = render(scorecard(hostile(), as_of=AS_OF), "html")
    assert "<script>" not in page
    assert "<img" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Claim &lt;script&gt;" in page
    assert "Quote &lt;script&gt;" in page
    assert "Evidence &lt;script&gt;" in page
    assert "Note &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;" in page
    assert "Title &lt;script&gt;" in page
    assert 'lang="fr&quot; onmouseover=&quot;alert(1)"' in page
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in page
    assert "If &lt;b&gt;bold&lt;/b&gt;" in page


def test_the_reliability_diagrams_are_well_formed_svg() -> None:
    page = render(card(), "html")
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 2  # all groups, then ada
    root = ET.fromstring(svgs[1])
    ns = "{http://www.w3.org/2000/svg}"
    circles = root.findall(f"{ns}circle")
    assert len(circles) == 4  # one point per filled bin
    radii = sorted(float(c.get("r", "0")) for c in circles)
    assert radii[0] < radii[-1]  # sized by count
    lines = root.findall(f"{ns}line")
    assert any(line.get("stroke-dasharray") for line in lines)  # the diagonal
    titles = [c.find(f"{ns}title") for c in circles]
    assert all(t is not None and "forecast" in (t.text or "") for t in titles)


def test_html_without_forecasts_draws_no_diagram() -> None:
    outcomes: tuple[Outcome, ...] = (outcome("p", "true"),)
    page = render(scorecard(ledger([prediction("p")], outcomes), as_of=AS_OF), "html")
    assert "<svg" not in page
    assert "No scored claim with a probability yet." in page


def test_html_has_no_control_characters_and_keeps_line_breaks_in_quotes() -> None:
    book = attrs.evolve(
        worked_example(),
        predictions=(attrs.evolve(prediction("a1", 0.9), quote="Line one\nline two\x07"),),
    )
    page = render(scorecard(book, as_of=AS_OF), "html")
    assert "Line one\nline two\\x07" in page
    assert not any(ch in page for ch in "\x1b\x07\u202e")
