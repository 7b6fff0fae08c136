"""A claim's page shows the shared question it points at and the reference it is compared with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from predictledger import Verdict
from predictledger._site import links
from predictledger._site.build import Options, build_site

from .test_questions import DAY, ledger, question_outcome, reference

pytest.importorskip("jinja2", reason="the site needs Jinja2 (the `site` extra)")


def page(folder: Path, prediction_id: str) -> str:
    return (folder / links.claim(prediction_id)).read_text(encoding="utf-8")


def test_each_claim_on_a_question_shows_it_the_others_and_the_reference(tmp_path: Path) -> None:
    priced = attrs.evolve(
        reference("r1", DAY - dt.timedelta(days=1), probability=0.7),
        evidence=("Market page <script>alert(1)</script> archived on 2024-03-04.",),
    )
    held = ledger(question_outcome(Verdict.TRUE), references=(priced,))
    out = tmp_path / "site"
    build_site(held, out, Options(as_of=dt.date(2025, 6, 1)))

    yes, no, alone = page(out, "yes"), page(out, "no"), page(out, "alone")
    assert "<code>btc-100k-2024</code>: Bitcoin trades above 100,000 US dollars in 2024." in yes
    assert "This claim says it will happen." in yes
    assert "says it will <strong>not</strong> happen" in no
    # each page lists the other claim on the question, with its side
    assert f'{links.claim("no").rsplit("/", 1)[-1]}">a</a> says it will not happen' in yes
    assert f'{links.claim("yes").rsplit("/", 1)[-1]}">a</a> says it will happen' in no
    # the reference, for the claim as phrased: 70% for "yes", exactly 30% for the negation
    assert "70% for the claim as phrased: a market" in yes
    assert "30% for the claim as phrased (one minus the question's)" in no
    assert "priced at 2024-03-04, before the claim was made" in yes
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in yes
    assert "<script>alert" not in yes
    # the question's outcome resolves both, the negating claim reversed
    assert '<span class="fate true">true</span> recorded on 2024-12-06' in yes
    assert '<span class="fate false">false</span> recorded on 2024-12-06' in no
    assert "Shared question" not in alone
    assert "Reference" not in alone
