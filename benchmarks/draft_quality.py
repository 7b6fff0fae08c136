"""How well `draft` finds claims: on the bundled ledger, the development set and the held-out
set, each reported on its own.

    python benchmarks/draft_quality.py                    # the three sets
    python benchmarks/draft_quality.py --set bundled      # only the two bundled articles
    python benchmarks/draft_quality.py --set development  # only benchmarks/draft_eval/
    python benchmarks/draft_quality.py --set held-out     # only benchmarks/draft_heldout/
    python benchmarks/draft_quality.py --misses           # also list what went wrong

A candidate finds a claim when its quote contains the claim's key span (white space folded,
since the ledger's quotes join the lines of a list with a space). For each set and language it
prints: recall of the forecasts and commitments (abstentions are never scored), candidates per
real claim (every candidate counts, a third party's included), interviewer lines proposed, and,
where the annotation has them, third-party lines proposed as the speaker's own claim, third-party
lines proposed and marked as such, and known non-claims proposed. `--misses` lists the claims
not found, the interviewer lines proposed and the third-party lines proposed as the speaker's
own.

Each article is drafted as a user would run `predictledger draft ARTICLE --language L
--published D`: its language and publication date are given, its speakers are not.

**Key spans of the bundled ledger.** The ledger's `quote` is the key span, except for a quote
of more than one sentence (four records): a candidate is one sentence or clause, so the key is
the sentence of the quote that holds the record's hedge word, or the first sentence when the
record has no hedge. The interviewer of the bundled interview is the label "BlockBeats" (the
source's note: "Interview by Jack of BlockBeats").

**The development set** (`benchmarks/draft_eval/`, see its README) was annotated before the
drafter existed and was first measured as a held-out set; its misses were then read and the
drafter's rules improved with it, so it is a development set now. **The held-out set**
(`benchmarks/draft_heldout/`, see its README) was annotated before the drafter was run on it and
must not be used to tune it: its figures are reported as measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import predictledger as pl

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT = ROOT / "benchmarks" / "draft_eval"
HELD_OUT = ROOT / "benchmarks" / "draft_heldout"
BUNDLED_INTERVIEWERS = {"blockbeats-qiao-wang-alliance-dao-2025": ("BlockBeats",)}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«])")


def fold(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Tally:
    articles: int = 0
    claims: int = 0
    found: int = 0
    candidates: int = 0
    interviewer_lines: int = 0
    interviewer_proposed: int = 0
    third_party: int = 0
    third_party_as_own: int = 0
    third_party_marked: int = 0
    not_claims: int = 0
    not_claims_proposed: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in vars(self):
            if name == "misses":
                self.misses += other.misses
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


def contains(candidates: Sequence[pl.Candidate], spans: Iterable[str]) -> list[pl.Candidate]:
    keys = [fold(s) for s in spans if s]
    return [c for c in candidates if any(k in fold(c.quote) for k in keys)]


def end_of(published: object) -> dt.date | None:
    """A publication date as the ledger dates claims: the last day of a month or a year."""
    if isinstance(published, dt.date):
        return published
    latest = getattr(published, "latest", None)  # a source's dating
    if isinstance(latest, dt.date):
        return latest
    if isinstance(published, pl.PartialDate):
        published = str(published)
    if not isinstance(published, str):
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", published.strip()):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", published.strip()):
        first = dt.date(int(m[1]), int(m[2]), 1)
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
    if m := re.fullmatch(r"(\d{4})", published.strip()):
        return dt.date(int(m[1]), 12, 31)
    return None


def bundled_key(prediction: pl.Prediction) -> str:
    parts = _SENTENCE_END.split(prediction.quote)
    if len(parts) == 1:
        return prediction.quote
    hedge = prediction.probability.hedge if prediction.probability else None
    return next((p for p in parts if hedge and hedge in p), parts[0])


def interviewer_lines(text: str, labels: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        if any(re.match(rf"\s*{re.escape(label)}\s?:", line) for label in labels):
            spans.append((position, position + len(line)))
        position += len(line)
    return spans


def bundled() -> dict[str, Tally]:
    ledger = pl.load(ROOT)
    tallies: dict[str, Tally] = defaultdict(Tally)
    for source in ledger.sources:
        text = (ROOT / source.text).read_text(encoding="utf-8")
        predictions = [p for p in ledger.predictions if p.source == source.id]
        published = predictions[0].made_on.latest if predictions else end_of(source.published)
        candidates = pl.draft(text, language=source.language, published=published)
        tally = tallies[source.language]
        tally.articles += 1
        tally.candidates += len(candidates)
        for prediction in predictions:
            if prediction.kind is pl.Kind.ABSTENTION:
                continue
            tally.claims += 1
            if contains(candidates, [bundled_key(prediction)]):
                tally.found += 1
            else:
                tally.misses.append(f"missed: {source.id}: {prediction.quote[:100]}")
        questions = interviewer_lines(text, BUNDLED_INTERVIEWERS.get(source.id, ()))
        tally.interviewer_lines += len(questions)
        tally.interviewer_proposed += sum(
            any(a <= c.start < b for a, b in questions) for c in candidates
        )
    return tallies


def annotated(folder: Path) -> dict[str, Tally]:
    """The tallies of an annotated set (the development or the held-out set)."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for path in sorted(folder.glob("[0-9][0-9]-*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        language = data["language"]
        candidates = pl.draft(text, language=language, published=end_of(data.get("published")))
        tally = tallies[language]
        tally.articles += 1
        tally.candidates += len(candidates)
        for claim in data.get("claim", []):
            if claim["kind"] == "abstention":
                continue
            tally.claims += 1
            if contains(candidates, [claim["key_span"], *claim.get("alt_key_spans", [])]):
                tally.found += 1
            else:
                tally.misses.append(f"missed: {path.stem}: {claim['key_span'][:100]}")
        for item in data.get("third_party", []):
            spans = [item.get("key_span") or item.get("quote", ""), *item.get("alt_key_spans", [])]
            matched = contains(candidates, spans)
            if item.get("role") == "interviewer":
                tally.interviewer_lines += 1
                tally.interviewer_proposed += bool(matched)
                if matched:
                    tally.misses.append(f"{path.stem}: interviewer line proposed: {spans[0][:80]}")
            tally.third_party += 1
            as_own = any(c.attribution != "third party" for c in matched)
            tally.third_party_as_own += as_own
            if as_own:
                tally.misses.append(f"{path.stem}: {item.get('role')} line as own: {spans[0][:80]}")
            tally.third_party_marked += bool(matched) and all(
                c.attribution == "third party" for c in matched
            )
        for item in data.get("not_a_claim", []):
            spans = [item.get("key_span") or item.get("quote") or item.get("text", "")]
            tally.not_claims += 1
            tally.not_claims_proposed += bool(contains(candidates, spans))
    return tallies


def report(name: str, tallies: dict[str, Tally], misses: bool) -> None:
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    print(f"\n{name}")
    header = (
        f"  {'lang':5} {'arts':>4} {'claims':>6} {'found':>5} {'recall':>7} {'cands':>5} "
        f"{'per claim':>9} {'intvw prop/lines':>16} {'3rd as own':>10} {'3rd marked':>10} "
        f"{'not-claim prop':>14}"
    )
    print(header)
    for language, tally in [*sorted(tallies.items()), ("all", total)]:
        recall = f"{100 * tally.found / tally.claims:.1f} %" if tally.claims else "n/a"
        per = f"{tally.candidates / tally.claims:.2f}" if tally.claims else "n/a"
        third = f"{tally.third_party_as_own}/{tally.third_party}" if tally.third_party else "n/a"
        marked = f"{tally.third_party_marked}/{tally.third_party}" if tally.third_party else "n/a"
        nots = f"{tally.not_claims_proposed}/{tally.not_claims}" if tally.not_claims else "n/a"
        print(
            f"  {language:5} {tally.articles:>4} {tally.claims:>6} {tally.found:>5} {recall:>7} "
            f"{tally.candidates:>5} {per:>9} "
            f"{f'{tally.interviewer_proposed}/{tally.interviewer_lines}':>16} {third:>10} "
            f"{marked:>10} {nots:>14}"
        )
    if misses:
        for miss in total.misses:
            print(f"  {miss}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set", choices=("bundled", "development", "held-out", "all"), default="all"
    )
    parser.add_argument("--misses", action="store_true", help="list what went wrong")
    args = parser.parse_args(argv)
    print("claims: forecasts and commitments; found: a candidate's quote holds the key span")
    if args.set in ("bundled", "all"):
        report("bundled ledger (tuned on: seeds/ + predictions/)", bundled(), args.misses)
    if args.set in ("development", "all"):
        report(
            "development set (benchmarks/draft_eval/, measured, read and tuned on)",
            annotated(DEVELOPMENT),
            args.misses,
        )
    if args.set in ("held-out", "all"):
        report(
            "held-out set (benchmarks/draft_heldout/, never tuned on)",
            annotated(HELD_OUT),
            args.misses,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
