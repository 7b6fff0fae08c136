"""Check an annotated set: `python benchmarks/draft_eval/check.py [FOLDER]`.

FOLDER defaults to this one (the development set); `benchmarks/draft_heldout` is checked the
same way.

Every TOML parses; every key_span, alt_key_spans entry and quote occurs verbatim in its .txt;
each key_span lies inside its quote; hedge, horizon and condition (when given) occur in the
quote. Prints the counts per article; exit status 1 on any mismatch.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
KINDS = {"forecast", "commitment", "abstention", ""}
GROUPS = ("claim", "third_party", "not_a_claim")


def mismatches(name: str, text: str, data: dict[str, Any]) -> list[str]:
    """Every way this annotation disagrees with its text, one line each."""
    found: list[str] = []
    for group in GROUPS:
        for item in data.get(group, []):
            quote = item.get("quote", "")
            for field in ("key_span", "quote"):
                if field in item and item[field] not in text:
                    found.append(f"{group} {field} not in text: {item[field]!r}")
            found += [
                f"{group} alt_key_span not in text: {alt!r}"
                for alt in item.get("alt_key_spans", [])
                if alt not in text
            ]
            if "key_span" in item and item["key_span"] not in quote:
                found.append(f"{group} key_span not inside quote: {item['key_span']!r}")
            for field in ("hedge", "horizon", "condition"):
                if item.get(field) and item[field] not in quote:
                    found.append(f"{group} {field} not inside quote: {item[field]!r}")
            if item.get("kind", "") not in KINDS:
                found.append(f"{group} unknown kind {item['kind']!r}")
    for item in data.get("claim", []):
        for field in ("id", "key_span", "quote", "kind", "gloss"):
            if not item.get(field):
                found.append(f"claim without {field}: {item.get('id')}")
    return [f"{name}: {line}" for line in found]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]).resolve() if args else HERE
    problems: list[str] = []
    print(f"{'article':45} lang intv excerpt claims fc cm ab third not")
    totals = [0] * 6
    for path in sorted(folder.glob("[0-9][0-9]-*.toml")):
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        problems += mismatches(path.name, text, data)
        claims = data.get("claim", [])
        counts = [
            len(claims),
            *(
                sum(c["kind"] == kind for c in claims)
                for kind in ("forecast", "commitment", "abstention")
            ),
            len(data.get("third_party", [])),
            len(data.get("not_a_claim", [])),
        ]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        flags = f"{data.get('language')!s:4} {str(data.get('interview'))[0]:4} "
        flags += f"{str(data.get('excerpt'))[0]:7}"
        print(f"{path.stem:45} {flags} " + " ".join(f"{n:>2}" for n in counts))
    print(f"{'total':45} {'':17} " + " ".join(f"{n:>2}" for n in totals))
    print("\n".join(problems) if problems else "OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
