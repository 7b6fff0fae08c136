"""Deterministic synthetic ledgers for the benchmarks: `python benchmarks/generate.py 10000 OUT`.

A generated ledger is in the real format and passes `predictledger check`: every quote stands
verbatim in its source's seed text, every outcome carries the digest of its prediction, every
reference resolves. Half of the predictions are resolved. Texts mix French and English, with
accents, typographic apostrophes and hedge words, so the parser and the quote check do the work
they do on a real ledger. The same seed and size always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from predictledger import Prediction, prediction_digest
from predictledger._convert import structure

__all__ = ["GENERATOR_VERSION", "generate"]

GENERATOR_VERSION = 2
RESOLVED_BY = dt.date(2026, 1, 1)
"""The last day a generated outcome may be recorded on."""
"""Bump when the output changes, so the runner regenerates ledgers it had kept."""

PER_SOURCE = 50
"""Predictions per source file, as a keeper who files one article per source would have."""

_FIRST = [
    "Zixi",
    "Camille",
    "Arthur",
    "Léa",
    "Hugo",
    "Chloé",
    "Mathis",
    "Inès",
    "Noah",
    "Zoé",
    "Olivia",
    "James",
    "Amelia",
    "Oliver",
    "Sophia",
    "Lucas",
    "Ava",
    "Ethan",
    "Mia",
    "Raphaël",
    "Élodie",
    "François",
    "Hélène",
    "Benoît",
    "Cécile",
    "Jérôme",
    "Maëlle",
]
_LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Lefèvre",
    "Girard",
    "Bonnet",
    "Müller",
    "Nakamoto",
    "Okafor",
    "Chen",
]
_ORGS = [
    "Alliance DAO",
    "TechFlow",
    "Banque de France",
    "Goldman Sachs",
    "a16z crypto",
    "Le Monde",
    "The Economist",
    "Messari",
    "Kaiko",
    "BNP Paribas",
    "Les Échos",
]
_SECTORS = [
    ("layer-2", "Layer 2"),
    ("defi", "Decentralised finance"),
    ("stablecoins", "Stablecoins"),
    ("equities", "Equities"),
    ("rates", "Interest rates"),
    ("energy", "Energy"),
    ("ai", "Artificial intelligence"),
    ("housing", "Housing"),
    ("elections", "Elections"),
    ("semiconductors", "Semiconductors"),
    ("regulation", "Regulation"),
    ("gaming", "Gaming"),
    ("payments", "Payments"),
    ("climate", "Climate"),
    ("labour", "Labour markets"),
]
_SUBJECTS_FR = [
    "la concurrence entre les réseaux de couche 2",
    "le marché américain",
    "l\u2019inflation en zone euro",
    "le prix du bitcoin",
    "la BCE",
    "les stablecoins réglementés",
    "l\u2019adoption de l\u2019IA générative",
    "le marché immobilier parisien",
    "les taux à dix ans",
    "la finance décentralisée",
    "les semi-conducteurs européens",
    "le jeu vidéo sur blockchain",
]
_VERBS_FR = [
    "sera féroce",
    "corrigera nettement",
    "reculera sous les 2 %",
    "dépassera son record",
    "baissera ses taux",
    "gagneront des parts de marché",
    "doublera",
    "se stabilisera",
    "remontera",
    "s\u2019effondrera",
    "consolidera ses acquis",
]
_SUBJECTS_EN = [
    "competition between layer-2 networks",
    "the US stock market",
    "euro-area inflation",
    "the price of bitcoin",
    "the Federal Reserve",
    "regulated stablecoins",
    "generative AI adoption",
    "London house prices",
    "ten-year yields",
    "decentralised finance",
    "European chipmakers",
    "on-chain gaming",
]
_VERBS_EN = [
    "will be fierce",
    "will correct sharply",
    "will fall below 2%",
    "will beat its record",
    "will cut rates",
    "will gain market share",
    "will double",
    "will level off",
    "will rebound",
    "will collapse",
    "will consolidate its gains",
]
_HEDGES_FR = [
    ("probablement", "probably", 0.7),
    ("sans doute", "probably", 0.7),
    ("il est peu probable que", "unlikely", 0.2),
    ("certainement", "almost certain", 0.9),
]
_HEDGES_EN = [
    ("probably", "probably", 0.7),
    ("likely", "likely", 0.7),
    ("unlikely", "unlikely", 0.2),
    ("almost certainly", "almost certain", 0.9),
]
_PHRASES_FR = [
    ("en {y}", 0, 1),
    ("d\u2019ici fin {y}", 0, 1),
    ("{y}-{y2}", 0, 2),
    ("dans les 3 à 6 mois", 3, 0),
    ("à long terme", None, None),
]
_PHRASES_EN = [
    ("in {y}", 0, 1),
    ("by the end of {y}", 0, 1),
    ("{y}-{y2}", 0, 2),
    ("within 3 to 6 months", 3, 0),
    ("in the long run", None, None),
]
_FILLER_FR = [
    "Selon plusieurs analystes, le contexte reste incertain.",
    "Les volumes d\u2019échange ont nettement reculé cet été.",
    "Interrogé sur ce point, il a préféré ne pas s\u2019avancer davantage.",
    "« Il faut rester prudent », ajoute-t-elle en souriant.",
]
_FILLER_EN = [
    "Several analysts describe the outlook as uncertain.",
    "Trading volumes fell sharply over the summer.",
    "Asked about it, he declined to go further.",
    "\u201cWe have to stay careful,\u201d she added with a smile.",
]
_VERDICTS = ["true", "true", "false", "false", "partial", "void", "ambiguous"]


def _q(text: str) -> str:
    # A JSON string without ASCII escaping is a valid TOML basic string.
    return json.dumps(text, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, str):
        return _q(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


def _table(header: str, table: dict[str, Any], multiline: frozenset[str] = frozenset()) -> str:
    lines = [header]
    for key, value in table.items():
        if key in multiline:
            lines.append(f'{key} = """\n{value}"""')
        else:
            lines.append(f"{key} = {_value(value)}")
    return "\n".join(lines) + "\n"


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    cleaned = "".join(
        c if c.isascii() and c.isalnum() else " " for c in folded if not unicodedata.combining(c)
    )
    return "-".join(cleaned.split()[:4])


def _authors(rng: random.Random, count: int) -> list[dict[str, Any]]:
    authors = []
    for index in range(count):
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        author: dict[str, Any] = {"id": f"{_slug(name)}-{index:04d}", "name": name}
        if rng.random() < 0.6:
            role = rng.choice(["partner", "analyst", "chief economist", "journaliste"])
            author["affiliation"] = f"{rng.choice(_ORGS)} ({role})"
        if rng.random() < 0.3:
            author["aliases"] = [name.split()[0], f"@{_slug(name).replace('-', '')}"]
        authors.append(author)
    return authors


def _horizon(rng: random.Random, made_on: dt.date, french: bool) -> dict[str, Any]:
    template, start_months, years = rng.choice(_PHRASES_FR if french else _PHRASES_EN)
    year = made_on.year + rng.choice([0, 1, 1, 2])
    if start_months is None or years is None:
        return {"phrase": template, "start": made_on}
    if years == 0:
        start = made_on + dt.timedelta(days=90)
        return {"phrase": template, "start": start, "end": start + dt.timedelta(days=90)}
    start = max(dt.date(year, 1, 1), made_on)
    end = dt.date(year + years - 1, 12, 31)
    phrase = template.format(y=year, y2=year + years - 1)
    return {"phrase": phrase, "start": start, "end": end}


def _prediction(
    rng: random.Random,
    source: dict[str, Any],
    number: int,
    authors: list[str],
    made_on: dt.date,
    french: bool,
) -> tuple[dict[str, Any], str]:
    """A prediction table (without `source`) and the quote to plant in the seed text."""
    index = rng.randrange(len(_SUBJECTS_FR))
    subject = (_SUBJECTS_FR if french else _SUBJECTS_EN)[index]
    verb = rng.choice(_VERBS_FR if french else _VERBS_EN)
    horizon = _horizon(rng, made_on, french)
    kind = rng.choices(["forecast", "commitment", "abstention"], [90, 7, 3])[0]
    hedge = rng.choice(_HEDGES_FR if french else _HEDGES_EN) if rng.random() < 0.5 else None
    lead = f"{hedge[0]} " if hedge else ""
    quote = (
        f"Je pense que {lead}{subject} {verb} {horizon['phrase']}, et c\u2019est l\u2019essentiel."
        if french
        else f"I think {lead}{subject} {verb} {horizon['phrase']}, and that\u2019s the point."
    )
    quote = quote[0].upper() + quote[1:]
    claim = f"{_SUBJECTS_EN[index].capitalize()} {rng.choice(_VERBS_EN)} ({horizon['phrase']})."
    table: dict[str, Any] = {
        "id": f"{source['id'][:40]}-p{number:02d}-{_slug(_SUBJECTS_EN[index])}",
        "author": rng.choice(authors),
    }
    if rng.random() < 0.3:
        table["made_on"] = made_on
    if kind != "forecast":
        table["kind"] = kind
    table["claim"] = claim
    table["quote"] = quote
    if kind != "abstention":
        table["resolution"] = (
            f"True if public data published by {horizon.get('end', 'the horizon')} show that "
            f"{_SUBJECTS_EN[index]} {rng.choice(_VERBS_EN)}; false otherwise."
        )
    table["horizon"] = horizon
    table["sector"] = rng.choice(_SECTORS)[0]
    if rng.random() < 0.7:
        table["tags"] = rng.sample(
            ["macro", "crypto", "ethereum", "europe", "usa", "bitcoin", "central-banks", "tech"],
            rng.randint(1, 3),
        )
    if kind != "abstention":
        if hedge:
            table["probability"] = {
                "value": hedge[2],
                "basis": "hedge",
                "hedge": hedge[0],
                "scale": "mauboussin-2018",
                "term": hedge[1],
            }
        elif rng.random() < 0.5:
            table["probability"] = {"value": round(rng.uniform(0.05, 0.95), 2), "basis": "stated"}
        elif rng.random() < 0.5:
            table["probability"] = {
                "value": round(rng.uniform(0.1, 0.9), 1),
                "basis": "judgement",
                "note": "Read from the tone of the whole interview.",
            }
    if rng.random() < 0.1:
        table["condition"] = "The euro area avoids a recession."
    return table, quote


def _digest(table: dict[str, Any], source: dict[str, Any], published: Any) -> str:
    full = dict(table)
    full["source"] = source["id"]
    if "made_on" not in full:
        full["made_on"] = published
    return prediction_digest(structure(full, Prediction))


def _outcome(
    rng: random.Random,
    prediction: dict[str, Any],
    digest: str,
    made_on: dt.date,
    suffix: int = 1,
) -> dict[str, Any]:
    verdict = rng.choice(_VERDICTS)
    outcome: dict[str, Any] = {
        "id": f"{prediction['id']}-r{suffix}",
        "prediction": prediction["id"],
        "verdict": verdict,
    }
    if verdict == "partial":
        outcome["credit"] = rng.choice([0.25, 0.5, 0.75])
    # Never later than a fixed day in the past: a verdict recorded in the future is a problem.
    later = made_on + dt.timedelta(days=rng.randint(30, 900))
    outcome["resolved_on"] = max(made_on, min(later, RESOLVED_BY))
    outcome["evidence"] = [
        f"Official statistics release of {outcome['resolved_on']:%B %Y}, table 3.",
        "Reuters, “Markets wrap”, archived copy in the ledger's evidence folder.",
    ][: rng.randint(1, 2)]
    if rng.random() < 0.3:
        outcome["note"] = "The figure was revised twice; the verdict uses the final revision."
    outcome["digest"] = digest
    return outcome


def generate(root: Path, predictions: int, seed: int = 20240101) -> None:
    """Write a ledger of `predictions` predictions (half resolved) under `root`, replacing it."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    sources_dir = root / "predictions" / "sources"
    outcomes_dir = root / "predictions" / "outcomes"
    seeds_dir = root / "seeds"
    for folder in (sources_dir, outcomes_dir, seeds_dir):
        folder.mkdir(parents=True)
    authors = _authors(rng, max(10, predictions // 300))
    author_ids = [a["id"] for a in authors]
    names = {a["id"]: a["name"] for a in authors}
    (root / "predictions" / "authors.toml").write_text(
        "\n".join(_table("[[author]]", a) for a in authors), encoding="utf-8"
    )
    (root / "predictions" / "sectors.toml").write_text(
        "\n".join(
            _table("[[sector]]", {"id": i, "name": n, "description": f"Claims about {n.lower()}."})
            for i, n in _SECTORS
        ),
        encoding="utf-8",
    )
    for number, count in enumerate(_chunks(predictions, PER_SOURCE)):
        _write_source(rng, root, number, count, author_ids, names)


def _chunks(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def _write_source(
    rng: random.Random,
    root: Path,
    number: int,
    count: int,
    author_ids: list[str],
    names: dict[str, str],
) -> None:
    french = rng.random() < 0.5
    year = rng.randint(2015, 2025)
    precision = rng.choices(["day", "month", "year"], [70, 25, 5])[0]
    day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    published: Any = (
        day
        if precision == "day"
        else (f"{year}-{day.month:02d}" if precision == "month" else str(year))
    )
    # A claim's default made_on is the last day its source's date can stand for.
    made_on = {"day": day, "month": _last_day(year, day.month), "year": dt.date(year, 12, 31)}[
        precision
    ]
    topic = rng.randrange(len(_SUBJECTS_EN))
    subject = (_SUBJECTS_FR if french else _SUBJECTS_EN)[topic]
    source_id = f"s{number:05d}-{_slug(_SUBJECTS_EN[topic])}"
    seed_name = f"seeds/{source_id}.txt"
    host = rng.choice(author_ids)
    source: dict[str, Any] = {
        "id": source_id,
        "title": (
            f"Perspectives {year} : que faut-il attendre de {subject} ?"
            if french
            else f"Outlook {year}: what to expect from {subject}?"
        ),
        "publisher": rng.choice(_ORGS),
        "published": published,
        "language": "fr" if french else "en",
        "text": seed_name,
        "url": f"https://example.org/{year}/{source_id}",
        "people": [{"role": "author", "name": names[host], "author": host}],
    }
    tables = [_table("[source]", source)]
    paragraphs = [source["title"], ""]
    outcomes = []
    filler = _FILLER_FR if french else _FILLER_EN
    for index in range(count):
        table, quote = _prediction(rng, source, index, author_ids, made_on, french)
        # One file in ten carries a multi-line note, as hand-kept ledgers do.
        multiline = frozenset({"note"}) if number % 10 == 3 and index % 7 == 0 else frozenset()
        if multiline:
            table["note"] = "Kept for the record.\nThe author repeated it on the radio."
        tables.append(_table("[[prediction]]", table, multiline))
        paragraphs.append(f"{rng.choice(filler)} {quote} {rng.choice(filler)}")
        if index % 2 == 0 and table.get("kind") != "abstention":
            digest = _digest(table, source, table.get("made_on", made_on))
            outcome = _outcome(rng, table, digest, table.get("made_on", made_on))
            outcomes.append(outcome)
            if rng.random() < 0.02:
                correction = _outcome(rng, table, digest, table.get("made_on", made_on), 2)
                correction["supersedes"] = outcome["id"]
                correction["resolved_on"] = max(correction["resolved_on"], outcome["resolved_on"])
                outcomes.append(correction)
    (root / "predictions" / "sources" / f"{source_id}.toml").write_text(
        "\n".join(tables), encoding="utf-8"
    )
    (root / seed_name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    if outcomes:
        (root / "predictions" / "outcomes" / f"{source_id}.toml").write_text(
            "\n".join(_table("[[outcome]]", o) for o in outcomes), encoding="utf-8"
        )


def _last_day(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=int, help="how many predictions (half resolved)")
    parser.add_argument("out", type=Path, help="the ledger root to write (replaced)")
    parser.add_argument("--seed", type=int, default=20240101)
    args = parser.parse_args(argv)
    generate(args.out, args.predictions, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
