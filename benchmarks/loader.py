"""Loader throughput: briefing text → triples, per core, on a synthetic corpus (issue 3's target is
>= 0.25 MB of text per second per core). Prints figures; asserts nothing.

Usage: python benchmarks/loader.py [N=300]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from corpus import generate

from dzkg import lexicon as lexicon_module
from dzkg.extract import extract
from dzkg.read import read_briefing
from dzkg.triples import quads


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as folder:
        paths = generate(Path(folder), count)
        size = sum(len(p.read_text(encoding="utf-8").encode("utf-8")) for p in paths)
        lexicon = lexicon_module.load()
        extract(read_briefing(paths[0]), lexicon)  # warm caches (OpenCC, regexes)
        timings = {"read": 0.0, "extract": 0.0, "triples": 0.0}
        triples = 0
        for path in paths:
            t0 = time.perf_counter()
            document = read_briefing(path)
            t1 = time.perf_counter()
            extraction = extract(document, lexicon)
            t2 = time.perf_counter()
            triples += len(quads(extraction, lexicon))
            t3 = time.perf_counter()
            timings["read"] += t1 - t0
            timings["extract"] += t2 - t1
            timings["triples"] += t3 - t2
    total = sum(timings.values())
    print(f"briefings        {count}")
    print(f"text             {size / 1e6:.3f} MB")
    print(f"triples          {triples}")
    for stage, seconds in timings.items():
        print(f"{stage:<16} {seconds:.2f} s")
    print(f"one core         {size / 1e6 / total:.3f} MB/s, {triples / total:,.0f} triples/s (target >= 0.25 MB/s)")


if __name__ == "__main__":
    main()
