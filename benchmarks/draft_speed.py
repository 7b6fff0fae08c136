"""How long `predictledger draft` takes on a 5,000-word French article, model loading included.

    python benchmarks/draft_speed.py            # 3 runs, the median printed
    python benchmarks/draft_speed.py --runs 5 --words 5000

The article is the two bundled seed articles, repeated until it holds `--words` words and cut
at the end of the line that reaches that count. Each run is a fresh process, as a user runs it:
`python -m predictledger draft ARTICLE --format json --published 2023-12-31`, once with
`--language fr` and once with the language told from the text. The target is 5 s of wall time;
the CPU time of the process and the load average are printed too, since on a shared machine
the wall time also measures the other work.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TARGET_SECONDS = 5.0


def article(words: int) -> str:
    lines: list[str] = []
    count = 0
    sources = [path.read_text(encoding="utf-8").splitlines() for path in SEEDS]
    while count < words:
        for source in sources:
            for line in source:
                lines.append(line)
                count += len(line.split())
                if count >= words:
                    return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n"


def timed(argv: Sequence[str]) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system, of the child) and the number of candidates."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, done.stdout.count('"quote"')


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--words", type=int, default=5000)
    args = parser.parse_args(argv)
    text = article(args.words)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_text(text, encoding="utf-8")
        base = [sys.executable, "-m", "predictledger", "draft", str(path), "--format", "json"]
        base += ["--published", "2023-12-31"]
        print(f"article: {len(text.split())} words, {len(text)} characters")
        worst = 0.0
        for label, extra in (("--language fr", ["--language", "fr"]), ("detected", [])):
            runs = [timed(base + extra) for _ in range(args.runs)]
            times = [seconds for seconds, _, _ in runs]
            median = statistics.median(times)
            worst = max(worst, median)
            print(
                f"draft, {label:13}: median {median:.2f} s over {args.runs} runs "
                f"(min {min(times):.2f}, max {max(times):.2f}), CPU median "
                f"{statistics.median(cpu for _, cpu, _ in runs):.2f} s, {runs[0][2]} candidates"
            )
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    verdict = "within" if worst <= TARGET_SECONDS else "OVER"
    print(f"target {TARGET_SECONDS:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
